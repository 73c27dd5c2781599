"""Small statistics shared by the insights sections: k chosen by silhouette, and a bootstrap over
conversations (turns of one conversation are not independent, so conversations are resampled)."""

from __future__ import annotations

import numpy as np

SEED = 0  # fixed: the same input gives the same report


def kmeans_by_silhouette(points: np.ndarray, k_range: range):
    """(labels, centres, k, silhouette per k tried), k-means with k picked by the best silhouette;
    None when no k of the range fits (too few distinct points)."""
    import warnings

    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    scores: dict[int, float] = {}
    best = None
    sample = min(len(points), 3000)  # silhouette is quadratic; a fixed sample keeps it fast
    distinct = len(np.unique(np.round(points, 6), axis=0))
    for k in k_range:
        if not 2 <= k < distinct:  # repeated texts give repeated points: no more clusters than distinct ones
            continue
        # one BLAS/OpenMP thread: on a shared 2-core machine more threads only wait for each other
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = KMeans(n_clusters=k, n_init=4, random_state=SEED).fit(points)
        if len(set(model.labels_)) < 2:
            continue
        score = float(silhouette_score(points, model.labels_, sample_size=sample, random_state=SEED))
        scores[k] = round(score, 4)
        if best is None or score > best[0]:
            best = (score, model)
    if best is None:
        return None
    model = best[1]
    return model.labels_, model.cluster_centers_, model.n_clusters, scores


def bootstrap_mean(values_by_conversation: list[list[float]], resamples: int = 1000,
                   rng: np.random.Generator | None = None) -> tuple[float, float, float]:
    """(mean, low, high): the mean of all values and its 95% interval, resampling conversations."""
    sums = np.array([sum(v) for v in values_by_conversation], dtype=float)
    counts = np.array([len(v) for v in values_by_conversation], dtype=float)
    mean = float(sums.sum() / counts.sum())
    if len(sums) < 2:
        return mean, float("nan"), float("nan")
    rng = rng or np.random.default_rng(SEED)
    picks = rng.integers(0, len(sums), size=(resamples, len(sums)))
    means = sums[picks].sum(axis=1) / np.maximum(counts[picks].sum(axis=1), 1)
    low, high = np.percentile(means, [2.5, 97.5])
    return mean, float(low), float(high)
