"""Slow multilingual checks (CI runs ``pytest -m slow``): the head's training smoke run and the eval CLI."""

from __future__ import annotations

import pytest

from empathic.cli import main
from empathic.text.multilingual import MultilingualEmotionModel

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not MultilingualEmotionModel.available(), reason="multilingual extra missing")]


def test_training_smoke_run_writes_a_head_the_recognizer_loads(tmp_path, shared_data, monkeypatch):
    pytest.importorskip("torch")
    from empathic.datasets.multilingual import load_brighter, load_emoevent
    from empathic.training import multilingual as training
    from empathic.text.recognizer import TextEmotionRecognizer

    monkeypatch.setattr(training, "CACHE", tmp_path / "cache")
    examples = load_brighter("train", ["deu"])
    examples.extend(load_emoevent("es", "train"))
    for key in ("texts", "languages", "sources", "targets"):
        setattr(examples, key, getattr(examples, key)[::20])
    config = training.train_multilingual(tmp_path / "head", epochs=1, buckets=2 ** 12, examples=examples)
    assert len(config["thresholds"]) == 6 and "de" in config["languages"]
    reading = TextEmotionRecognizer(explain=False, multilingual_dir=tmp_path / "head").recognize(
        "Ich bin so wütend, das Paket ist schon wieder nicht angekommen!")
    assert reading.language == "de" and set(reading.scores) >= {"anger", "neutral"}


def test_eval_multilingual_prints_each_language_beside_the_english_model(shared_data, capsys):
    assert main(["eval", "multilingual", "--languages", "deu,esp", "--limit", "30"]) == 0
    out = capsys.readouterr().out
    for name in ("BRIGHTER deu", "BRIGHTER esp", "EmoEvent es", "XED held-out fr", "BRIGHTER mean", "ms p50"):
        assert name in out
    assert main(["eval", "multilingual", "--languages", "xxx"]) != 0
