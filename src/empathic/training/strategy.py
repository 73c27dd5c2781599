"""Train the support-strategy model on ESConv: select on valid, refit on train + valid.

``empathic train strategy``; needs the ``train`` extra (scikit-learn) and ../shared/data.
The fitted gradient-boosted trees are exported as flat numpy arrays, so inference
needs numpy only (``StrategyModel``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from empathic.conversation.strategy_model import EMBEDDING_DIMS, featurize
from empathic.datasets.esconv import load_esconv, strategy_examples
from empathic.labels import STRATEGIES
from empathic.errors import require

log = logging.getLogger(__name__)
GRID = [{"pca": 64, "learning_rate": 0.05, "max_leaf_nodes": 31}, {"pca": 32, "learning_rate": 0.05, "max_leaf_nodes": 31},
        {"pca": 64, "learning_rate": 0.1, "max_leaf_nodes": 15}, {"pca": 64, "learning_rate": 0.05, "max_leaf_nodes": 15}]


def build_split(split: str, encoder, recognizer):
    examples = strategy_examples(load_esconv(split))
    features = featurize([h for h, _ in examples], encoder, recognizer)
    labels = np.array([STRATEGIES.index(s) for _, s in examples])
    return features, labels


def _fit(x, y, config, n_iter=None, seed=0):
    decomposition = require("sklearn.decomposition", "train", "scikit-learn")
    ensemble = require("sklearn.ensemble", "train", "scikit-learn")
    pca = decomposition.PCA(config["pca"], random_state=seed).fit(x[:, :EMBEDDING_DIMS])
    compact = np.hstack([pca.transform(x[:, :EMBEDDING_DIMS]), x[:, EMBEDDING_DIMS:]])
    model = ensemble.HistGradientBoostingClassifier(
        max_iter=n_iter or 500, learning_rate=config["learning_rate"], max_leaf_nodes=config["max_leaf_nodes"],
        early_stopping=n_iter is None, random_state=seed).fit(compact, y)
    return pca, model


def _compact(pca, x):
    return np.hstack([pca.transform(x[:, :EMBEDDING_DIMS]), x[:, EMBEDDING_DIMS:]])


def export_trees(pca, model, path: Path) -> None:
    """Flatten every tree into shared node arrays (numeric splits, no missing values)."""
    feature, threshold, left, right, is_leaf, value, roots, tree_class = [], [], [], [], [], [], [], []
    offset, depth = 0, 0
    for iteration in model._predictors:
        for klass, predictor in enumerate(iteration):
            nodes = predictor.nodes
            roots.append(offset)
            tree_class.append(klass)
            feature += nodes["feature_idx"].tolist()
            threshold += nodes["num_threshold"].tolist()
            left += (nodes["left"] + offset).tolist()
            right += (nodes["right"] + offset).tolist()
            is_leaf += nodes["is_leaf"].tolist()
            value += nodes["value"].tolist()
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
    np.savez_compressed(
        path, pca_mean=pca.mean_.astype(np.float32), pca_components=pca.components_.astype(np.float32),
        baseline=np.asarray(model._baseline_prediction, dtype=np.float64).ravel(), tree_class=np.array(tree_class),
        roots=np.array(roots), feature=np.array(feature, dtype=np.int32), threshold=np.array(threshold),
        left=np.array(left, dtype=np.int32), right=np.array(right, dtype=np.int32),
        is_leaf=np.array(is_leaf, dtype=np.uint8), value=np.array(value), max_depth=np.array(depth))


def train_strategy_model(output_dir: str | Path = "src/empathic/models/strategy") -> dict:
    from empathic.conversation.strategy_model import StrategyModel
    from empathic.text.encoder import SentenceEncoder
    from empathic.text.recognizer import TextEmotionRecognizer

    encoder, recognizer = SentenceEncoder(), TextEmotionRecognizer(explain=False)
    x_train, y_train = build_split("train", encoder, recognizer)
    x_valid, y_valid = build_split("valid", encoder, recognizer)
    best = None
    for config in GRID:
        pca, model = _fit(x_train, y_train, config)
        accuracy = float((model.predict(_compact(pca, x_valid)) == y_valid).mean())
        log.info("%s: valid accuracy %.4f after %d iterations", config, accuracy, model.n_iter_)
        if best is None or accuracy > best[0]:
            best = (accuracy, config, model.n_iter_, pca, model)
    accuracy, config, n_iter, pca, model = best
    blend = choose_blend(model.predict_proba(_compact(pca, x_valid)), y_valid)
    # refit on train + valid with the chosen settings and iteration count
    pca, model = _fit(np.vstack([x_train, x_valid]), np.concatenate([y_train, y_valid]), config, n_iter=n_iter)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    export_trees(pca, model, out / "strategy.npz")
    exported = StrategyModel(out / "strategy.npz")
    agreement = float((np.array(exported.predict(x_valid[:500])) ==
                       np.array([STRATEGIES[i] for i in model.predict(_compact(pca, x_valid[:500]))])).mean())
    log.info("numpy export agrees with scikit-learn on %.3f of rows", agreement)
    return {"valid_accuracy": accuracy, "config": config, "iterations": int(n_iter), "n_train": len(y_train),
            "n_valid": len(y_valid), "export_agreement": agreement, "context_blend": blend}


def choose_blend(tree_valid: np.ndarray, y_valid: np.ndarray, context_dir: str | Path | None = None) -> dict | None:
    """Weight of the context model (``models/strategy_context``) in the blend, chosen on valid
    against the trees fitted on train only; written into the context model's config.json."""
    import json

    from empathic.conversation.strategy_model import ContextStrategyModel, context_model_dir

    folder = Path(context_dir) if context_dir else context_model_dir()
    if not (folder / "model.onnx").exists():
        return None
    histories = [h for h, _ in strategy_examples(load_esconv("valid"))]
    context = ContextStrategyModel(folder).probabilities(histories)
    scores = {round(w, 1): float(((w * context + (1 - w) * tree_valid).argmax(1) == y_valid).mean())
              for w in np.arange(0, 1.01, 0.1)}
    weight = max(scores, key=scores.get)
    config = json.loads((folder / "config.json").read_text())
    config.update(blend_weight=weight, blend_valid_accuracy=scores[weight], trees_valid_accuracy=scores[0.0],
                  context_valid_accuracy=scores[1.0])
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    log.info("context blend weight %.1f: valid %.4f (trees %.4f, context %.4f)", weight, scores[weight],
             scores[0.0], scores[1.0])
    return config
