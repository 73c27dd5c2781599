"""Emotional arcs: each conversation's user valence over its turns, described by five trajectory
features (start, end, slope, lowest point, volatility), clustered with k-means (k by silhouette) and
named in plain words from the cluster's centre."""

from __future__ import annotations

import numpy as np

from empathic.insights.stats import kmeans_by_silhouette

MIN_USER_TURNS = 3  # a shorter conversation has no arc to speak of
MIN_CONVERSATIONS = 10  # fewer usable conversations than this: no clustering, the report says so
CURVE_POINTS = 10  # arcs are resampled to this many points of relative time for the charts
FEATURES = ("start", "end", "slope", "lowest", "volatility")
CHANGE = 0.15  # an end this much above/below the start counts as improving/worsening
STRONG = 0.45  # ... this much as improving/worsening strongly
TRAIT = 0.6  # a feature this many standard deviations from the mean of all arcs is named


def trajectory(valences: list[float]) -> dict:
    """The five features of one arc. Start and end average the first and last third of the turns,
    so a single greeting or thank-you does not decide them."""
    v = np.asarray(valences, dtype=float)
    third = max(1, len(v) // 3)
    t = np.linspace(0.0, 1.0, len(v))
    return {"start": float(v[:third].mean()), "end": float(v[-third:].mean()),
            "slope": float(np.polyfit(t, v, 1)[0]), "lowest": float(v.min()),
            "volatility": float(np.diff(v).std())}


def curve(valences: list[float]) -> np.ndarray:
    v = np.asarray(valences, dtype=float)
    return np.interp(np.linspace(0, 1, CURVE_POINTS), np.linspace(0, 1, len(v)), v)


def cluster_arcs(conversations, readings, excerpt) -> dict:
    """The arcs section: clusters with names, counts, mean curves and example conversations."""
    usable = [(c, [r.valence for r in rs]) for c, rs in zip(conversations, readings) if len(rs) >= MIN_USER_TURNS]
    section: dict = {"usable": len(usable), "too_short": len(conversations) - len(usable),
                     "min_user_turns": MIN_USER_TURNS, "features": list(FEATURES), "clusters": []}
    if usable:
        feats = [trajectory(v) for _, v in usable]
        section["overall"] = {name: round(float(np.mean([f[name] for f in feats])), 3) for name in FEATURES}
        section["overall_curve"] = [round(float(x), 3) for x in np.mean([curve(v) for _, v in usable], axis=0)]
    if len(usable) < MIN_CONVERSATIONS:
        section["skipped"] = (f"Too few conversations to cluster arcs: {len(usable)} have at least "
                              f"{MIN_USER_TURNS} user turns; at least {MIN_CONVERSATIONS} are needed.")
        return section
    matrix = np.array([[f[name] for name in FEATURES] for f in feats])
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0
    z = (matrix - matrix.mean(axis=0)) / scale
    found = kmeans_by_silhouette(z, range(2, max(2, min(8, len(usable) // 5)) + 1))
    if found is None:
        section["skipped"] = "The arcs are too alike to cluster: fewer than 3 distinct arcs."
        return section
    labels, centres, k, silhouettes = found
    section["k"], section["silhouette_by_k"] = k, silhouettes
    clusters = []
    for cluster in range(k):
        members = np.flatnonzero(labels == cluster)
        centre = {name: float(matrix[members, i].mean()) for i, name in enumerate(FEATURES)}
        nearest = members[np.argsort(((z[members] - centres[cluster]) ** 2).sum(axis=1))[:3]]
        curves = np.array([curve(usable[i][1]) for i in members])
        clusters.append({
            "name": arc_name(centre, dict(zip(FEATURES, centres[cluster]))), "count": int(len(members)),
            "share": round(len(members) / len(usable), 4),
            "centre": {name: round(value, 3) for name, value in centre.items()},
            "mean_curve": [round(float(x), 3) for x in curves.mean(axis=0)],
            "curve_spread": [round(float(x), 3) for x in curves.std(axis=0)],
            "examples": [_example(usable[i][0], usable[i][1], excerpt) for i in nearest],
            **_reported_change([usable[i][0] for i in members]),
        })
    _make_unique(clusters)
    clusters.sort(key=lambda c: -c["count"])
    section["clusters"] = clusters
    return section


def arc_name(centre: dict, z: dict) -> str:
    """Plain words for a cluster: the direction from its centre (valence units, -1 .. 1), then its most
    distinctive trait against the other arcs (``z``: the centre in standard deviations of all arcs).
    Valence jumps from turn to turn, so every arc has a low point; only an unusually deep one is named."""
    change = centre["end"] - centre["start"]
    traits = {"deep dip": -z["lowest"], "big swings": z["volatility"], "calm": -z["volatility"],
              "low start": -z["start"], "high start": z["start"]}
    trait, strength = max(traits.items(), key=lambda item: item[1])
    trait = trait if strength >= TRAIT else None
    if change >= CHANGE:
        if trait == "deep dip":
            return "dips deeply, then recovers"
        base = "improves strongly" if change >= STRONG else "improves"
    elif change <= -CHANGE:
        base = "worsens strongly" if change <= -STRONG else "worsens"
    else:
        level = (centre["start"] + centre["end"]) / 2
        base = "stays negative" if level < -0.2 else "stays positive" if level > 0.2 else "stays level"
    steady = " and calm" if base.startswith("stays") else " and steadily"
    return base + {None: "", "deep dip": " after a deep dip", "big swings": " with big swings",
                   "calm": steady, "low start": " from a low start", "high start": " from a high start"}[trait]


def _make_unique(clusters: list[dict]) -> None:
    """Two clusters with one name are told apart by number."""
    seen: dict[str, int] = {}
    for cluster in clusters:
        seen[cluster["name"]] = seen.get(cluster["name"], 0) + 1
        if seen[cluster["name"]] > 1:
            cluster["name"] += f" ({seen[cluster['name']]})"


def _example(conversation, valences, excerpt) -> dict:
    users = conversation.user_turns
    low = int(np.argmin(valences))
    return {"id": conversation.id, "user_turns": len(users),
            "valences": [round(v, 2) for v in valences],
            "first": excerpt(users[0].text), "lowest": excerpt(users[low].text), "last": excerpt(users[-1].text)}


def _reported_change(members) -> dict:
    """Where the input carries the user's own before/after rating (ESConv's seeker survey: emotion
    intensity 1-5), its mean change in the cluster: a check on the arcs that does not use our models."""
    changes = [c.metadata["final_intensity"] - c.metadata["initial_intensity"] for c in members
               if isinstance(c.metadata.get("final_intensity"), (int, float))
               and isinstance(c.metadata.get("initial_intensity"), (int, float))]
    if not changes:
        return {}
    return {"reported_intensity_change": round(float(np.mean(changes)), 3), "reported_n": len(changes)}
