"""Custom labels: `empathic train text --labels` on 2,000 rows of a real taxonomy, timed.

    python benchmarks/custom_labels.py [--rows 2000] [--json out.json]

A team's CSV is simulated with dair_emotion ("emotion", Saravia et al. 2018; 6 labels,
tweets): ROWS random rows of its train split (seed 1) written as text,label. The command's
own held-out report (20 % of those rows) is printed, then the saved model is scored on the
dataset's separate test split (2,000 tweets never seen), beside the majority-label baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def read_dair(split: str) -> list[tuple[str, str]]:
    from empathic.datasets.paths import data_dir

    with open(data_dir("dair_emotion") / f"{split}.txt", encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").rsplit(";", 1)) for line in f if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--json")
    args = parser.parse_args()
    from empathic.text.custom import CustomLabelClassifier, per_label_report

    rows = read_dair("train")
    random.Random(1).shuffle(rows)
    with tempfile.TemporaryDirectory() as tmp:
        labels_csv, out = Path(tmp) / "my_labels.csv", Path(tmp) / "model"
        with open(labels_csv, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["text", "label"])
            writer.writerows(rows[: args.rows])
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "empathic.cli", "train", "text", "--labels", str(labels_csv),
                        "--out", str(out)], check=True)
        train_seconds = time.perf_counter() - started
        model = CustomLabelClassifier.load(out)
        test = read_dair("test")
        truth = [label for _, label in test]
        predicted = model.predict([text for text, _ in test])
        classes = list(model.classes)
        majority = max(classes, key=lambda c: sum(label == c for _, label in rows[: args.rows]))
        report = {"rows": args.rows, "train_command_seconds": round(train_seconds, 1),
                  "test_split": per_label_report(truth, predicted, classes),
                  "test_split_majority_baseline": per_label_report(truth, [majority] * len(truth), classes,
                                                                    summary_only=True)}
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
