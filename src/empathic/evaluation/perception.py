"""Figures for the perception additions (issue 12): sarcasm F1, act F1, the frustrated-customer
set, the " lol" flip rate and batch exactness. ``empathic eval text --perception``.

"before" figures read the shipped emotion model's raw output (sigmoid of its logits,
no sarcasm / complaint adjustment, no laughter stripping, padded batches);
"after" figures read ``TextEmotionRecognizer`` as shipped.
"""

from __future__ import annotations

import numpy as np

from empathic.labels import GOEMOTIONS_LABELS, SENTIMENT_GROUPS

NEGATIVE = set(SENTIMENT_GROUPS["negative"])


def _f1(gold: list[str], pred: list[str], label: str) -> float:
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    fp = sum(g != label and p == label for g, p in zip(gold, pred))
    fn = sum(g == label and p != label for g, p in zip(gold, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def raw_tops(recognizer, texts: list[str]) -> list[str]:
    """The shipped model's top label, each text alone, without any adjustment."""
    model = recognizer.model
    out = []
    for text in texts:
        logits = model.run_ids([model.token_ids(text)[:126]])[0]
        out.append(GOEMOTIONS_LABELS[int(np.argmax(logits))])
    return out


def act_figures(recognizer) -> dict:
    from empathic.evaluation.act_cases import ACT_CASES
    from empathic.text.acts import ACTS

    gold = [a for _, a in ACT_CASES]
    pred = [r.act for r in recognizer.recognize_batch([t for t, _ in ACT_CASES])]
    per_act = {act: round(_f1(gold, pred, act), 3) for act in ACTS}
    return {"n": len(gold), "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred)])), 3),
            "per_act_f1": per_act, "macro_f1": round(float(np.mean(list(per_act.values()))), 3),
            "errors": [(t, g, p) for (t, g), p in zip(ACT_CASES, pred) if g != p]}


def frustration_figures(recognizer) -> dict:
    from empathic.evaluation.act_cases import FRUSTRATED, NEUTRAL_QUESTIONS

    before_f, before_n = raw_tops(recognizer, FRUSTRATED), raw_tops(recognizer, NEUTRAL_QUESTIONS)
    after_f = [r.top for r in recognizer.recognize_batch(FRUSTRATED)]
    after_n = [r.top for r in recognizer.recognize_batch(NEUTRAL_QUESTIONS)]
    return {"n_frustrated": len(FRUSTRATED), "n_neutral": len(NEUTRAL_QUESTIONS),
            "frustrated_negative_before": sum(t in NEGATIVE for t in before_f),
            "frustrated_negative_after": sum(t in NEGATIVE for t in after_f),
            "neutral_non_negative_before": sum(t not in NEGATIVE for t in before_n),
            "neutral_non_negative_after": sum(t not in NEGATIVE for t in after_n),
            "frustrated_misses_after": [t for t, top in zip(FRUSTRATED, after_f) if top not in NEGATIVE],
            "neutral_misses_after": [t for t, top in zip(NEUTRAL_QUESTIONS, after_n) if top in NEGATIVE]}


def lol_figures(recognizer, n: int = 200) -> dict:
    from empathic.datasets.goemotions import load_goemotions

    texts = load_goemotions("dev").texts[:n]
    lol = [t.rstrip() + " lol" for t in texts]
    before = np.mean([a != b for a, b in zip(raw_tops(recognizer, texts), raw_tops(recognizer, lol))])
    after_plain = [r.top for r in recognizer.recognize_batch(texts)]
    after_lol = [r.top for r in recognizer.recognize_batch(lol)]
    return {"n": len(texts), "flip_rate_before": round(float(before), 3),
            "flip_rate_after": round(float(np.mean([a != b for a, b in zip(after_plain, after_lol)])), 3)}


def batch_figures(recognizer, n: int = 64) -> dict:
    """Largest score difference between a text read alone and in a batch of ``n`` mixed texts."""
    from empathic.datasets.goemotions import load_goemotions

    texts = sorted(load_goemotions("dev").texts[:n], key=len)[::-1]
    texts = [texts[i // 2] if i % 2 else texts[-(i // 2) - 1] for i in range(len(texts))]  # mixed lengths
    model = recognizer.model
    alone = np.array([model.run_ids([model.token_ids(t)[:126]])[0] for t in texts])
    batched = model.run_ids([model.token_ids(t)[:126] for t in texts])
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    before = float(np.abs(sig(alone) - sig(batched)).max())
    single = [recognizer.recognize(t) for t in texts]
    batch = recognizer.recognize_batch(texts)
    after = max(abs(a.scores[l] - b.scores[l]) for a, b in zip(single, batch) for l in GOEMOTIONS_LABELS)
    return {"n": len(texts), "max_score_diff_before": round(before, 4), "max_score_diff_after": round(float(after), 4)}


def sarcasm_figures() -> dict | None:
    """Test-part figures written by ``empathic train sarcasm`` (recomputed there, not here)."""
    from empathic.text.heads import head

    h = head("sarcasm")
    if h is None:
        return None
    return {name: h.config[name] for name in ("isarcasmeval", "semeval2018_irony")} | {
        "shift_threshold": h.config["shift_threshold"]}


def act_head_figures() -> dict | None:
    from empathic.text.heads import head

    h = head("act")
    return None if h is None else {"validation_f1": h.config["validation_f1"], "validation_n": h.config["validation_n"]}


def evaluate_perception(recognizer, with_data: bool = True) -> dict:
    report = {"sarcasm": sarcasm_figures(), "act_dailydialog": act_head_figures(),
              "act_cases": act_figures(recognizer), "frustration": frustration_figures(recognizer)}
    if with_data:
        report["lol"] = lol_figures(recognizer)
        report["batch"] = batch_figures(recognizer)
    return report


def format_perception(report: dict) -> str:
    lines = ["", "Perception additions (issue 12)"]
    s = report.get("sarcasm")
    if s:
        for name in ("isarcasmeval", "semeval2018_irony"):
            f = s[name]
            lines.append(f"  sarcasm {name:18} held-out test F1(sarcastic) {f['test_f1_sarcastic']:.3f} "
                         f"(AUC {f['test_auc']:.3f}, n={f['test_n']}, all-sarcastic baseline {f['always_sarcastic_f1']:.3f})")
    a = report.get("act_dailydialog")
    if a:
        lines.append("  act DailyDialog validation F1 (learned head, n=%d): " % a["validation_n"]
                     + ", ".join(f"{k} {v:.3f}" for k, v in a["validation_f1"].items()))
    c = report["act_cases"]
    lines.append(f"  act hand-labelled set (own, n={c['n']}): accuracy {c['accuracy']:.3f}, macro-F1 {c['macro_f1']:.3f}")
    lines.append("    " + ", ".join(f"{k} {v:.2f}" for k, v in c["per_act_f1"].items()))
    f = report["frustration"]
    lines.append(f"  frustrated customers read negative: {f['frustrated_negative_before']}/{f['n_frustrated']} before, "
                 f"{f['frustrated_negative_after']}/{f['n_frustrated']} after; neutral questions stay non-negative: "
                 f"{f['neutral_non_negative_before']}/{f['n_neutral']} before, {f['neutral_non_negative_after']}/{f['n_neutral']} after")
    if "lol" in report:
        l = report["lol"]
        lines.append(f"  ' lol' appended flips the top label: {l['flip_rate_before']:.1%} before, "
                     f"{l['flip_rate_after']:.1%} after (GoEmotions dev, first {l['n']})")
        b = report["batch"]
        lines.append(f"  batch of {b['n']} vs alone, largest score difference: {b['max_score_diff_before']:.4f} "
                     f"(padded batch) -> {b['max_score_diff_after']:.4f}")
    return "\n".join(lines)
