"""Slow checks run by CI (``pytest -m slow``): training smoke runs and full audits."""

import json

import pytest

from empathic.cli import main

pytestmark = pytest.mark.slow


def test_text_training_smoke_run_exports_a_loadable_model(tmp_path, shared_data, capsys):
    pytest.importorskip("torch")
    out = tmp_path / "text"
    assert main(["train", "text", "--limit", "256", "--epochs", "1", "--output-dir", str(out)]) == 0
    config = json.loads((out / "config.json").read_text())
    assert len(config["thresholds"]) == 28 and config["weights"] in ("int8", "fp32")
    from empathic.text.recognizer import TextEmotionRecognizer

    assert TextEmotionRecognizer(out).recognize("what a lovely day").top


def test_full_fairness_audit_passes(capsys):
    assert main(["audit", "fairness"]) == 0, capsys.readouterr().out


def test_crisis_suite_meets_its_targets(capsys):
    assert main(["eval", "crisis", "--no-datasets"]) == 0, capsys.readouterr().out


def test_text_eval_runs_on_a_slice(shared_data, capsys):
    assert main(["eval", "text", "--limit", "300", "--no-peers"]) == 0
    assert "per-label F1" in capsys.readouterr().out


def test_strategy_eval_beats_the_baselines_on_a_slice(shared_data, capsys):
    from empathic.evaluation.strategy import evaluate_strategy
    from empathic.text.encoder import SentenceEncoder
    from empathic.text.recognizer import TextEmotionRecognizer

    report = evaluate_strategy(SentenceEncoder(), TextEmotionRecognizer(explain=False), limit=600)
    assert report["ours"] > report["majority"] and report["ours"] > report["rules"]


def test_reply_eval_scores_ours_and_human(shared_data):
    from empathic.evaluation.replies import evaluate_replies
    from empathic.text.recognizer import TextEmotionRecognizer

    results = evaluate_replies(TextEmotionRecognizer(explain=False), limit=40)
    for r in results.values():
        assert r["ours"]["forbidden"] == 0.0
        assert r["ours"]["interpretation"] > r["human"]["interpretation"]
