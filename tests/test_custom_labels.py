"""empathic train text --labels: a team's own taxonomy on the shipped encoders, real labelled data."""

from __future__ import annotations

import csv
import random

import pytest

from empathic.cli import main
from empathic.errors import DataNotFoundError, InvalidInputError, ModelNotFoundError
from empathic.text.custom import CustomLabelClassifier, train_custom_labels


@pytest.fixture(scope="module")
def dair_csv(tmp_path_factory, shared_data):
    """240 tweets of dair_emotion (6 labels, 40 each), from the shared data, as a team's CSV."""
    with open(shared_data / "dair_emotion" / "train.txt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").rsplit(";", 1) for line in f]
    random.Random(3).shuffle(rows)
    picked, counts = [], {}
    for text, label in rows:
        if counts.get(label, 0) < 40:
            counts[label] = counts.get(label, 0) + 1
            picked.append((text, label))
    path = tmp_path_factory.mktemp("labels") / "my_labels.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(picked)
    return path


@pytest.fixture(scope="module")
def trained(dair_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "team_labels"
    return out, train_custom_labels(dair_csv, out)


def test_held_out_report_beats_the_majority_baseline(trained):
    out, report = trained
    assert report["labels"] == ["anger", "fear", "joy", "love", "sadness", "surprise"]
    assert report["held_out_rows"] == 48 and report["train_rows"] == 192
    per_label = report["held_out"]["per_label"]
    assert set(per_label) == set(report["labels"]) and all(v["support"] == 8 for v in per_label.values())
    assert report["held_out"]["macro_f1"] > report["baseline_majority_label"]["macro_f1"] + 0.15
    assert (out / "head.npz").exists() and (out / "config.json").exists()


def test_loaded_model_predicts_without_torch(trained):
    out, _ = trained
    model = CustomLabelClassifier.load(out)
    labels = model.predict(["i feel so happy and grateful today", "i am terrified of what comes next",
                            "i feel furious at how they treated me"])
    assert labels[0] in ("joy", "love") and labels[1] == "fear" and labels[2] == "anger"
    proba = model.predict_proba(["i feel so happy and grateful today"])
    assert proba.shape == (1, 6) and abs(proba.sum() - 1) < 1e-5
    # a text reads the same alone or in a batch
    alone = model.predict_proba(["i feel furious at how they treated me"])[0]
    assert abs(model.predict_proba(["i feel so happy", "i feel furious at how they treated me"])[1] - alone).max() < 5e-3
    with pytest.raises(InvalidInputError, match="item 1"):
        model.predict(["fine", "  "])


def test_cli_prints_the_report(dair_csv, tmp_path, capsys):
    assert main(["train", "text", "--labels", str(dair_csv), "--out", str(tmp_path / "m"), "--held-out", "0.25"]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "majority label" in out and "surprise" in out
    assert main(["train", "text", "--labels", str(dair_csv)]) == 2  # never over the shipped model: --out needed
    assert "--out" in capsys.readouterr().err


def write(path, rows, header=("text", "label")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("rows, header, message", [
    ([("hi", "a")] * 10, ("body", "label"), "missing column(s) ['text']"),
    ([("hi", "a")] * 10, ("text", "category"), "missing column(s) ['label']"),
    ([("hi there", "a")] * 10, ("text", "label"), "only one label"),
    ([("hi", "a")] * 10 + [("bye", "b")] * 2, ("text", "label"), "too few rows for label(s) {'b': 2}"),
    ([("hi", "a")] * 5 + [("", "b")] * 5, ("text", "label"), "line 7: column 'text' is empty"),
])
def test_bad_label_files_get_clear_errors(tmp_path, rows, header, message):
    path = write(tmp_path / "l.csv", rows, header)
    with pytest.raises(InvalidInputError) as err:
        train_custom_labels(path, tmp_path / "out")
    assert message in str(err.value) and str(path) in str(err.value)
    assert not (tmp_path / "out").exists()


def test_unreadable_inputs(tmp_path):
    with pytest.raises(DataNotFoundError, match="nope.csv"):
        train_custom_labels(tmp_path / "nope.csv", tmp_path / "out")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"text,label\ncaf\xe9,a\n")
    with pytest.raises(InvalidInputError, match="not valid UTF-8"):
        train_custom_labels(latin, tmp_path / "out")
    with pytest.raises(ModelNotFoundError, match="head.npz|config.json"):
        CustomLabelClassifier.load(tmp_path)


@pytest.mark.slow
def test_batch_adds_the_custom_label(trained, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from empathic.batch import run_batch

    out, _ = trained
    source = tmp_path / "in.csv"
    write(source, [("i feel so happy and grateful today",), ("",)], header=("text",))
    run_batch(source, tmp_path / "out.parquet", labels=out, workers=1, progress=False)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert rows[0]["custom_label"] in ("joy", "love") and 0 < rows[0]["custom_confidence"] <= 1
    assert rows[1]["custom_label"] is None and rows[1]["error_kind"] == "empty"
