"""How often language identification routes a turn to the right model.

    python benchmarks/language_id.py [--english 600] [--per-language 150]

English: the first N GoEmotions test comments (any non-English call sends the comment away from the
English 28-label model). Others: the first N rows of BRIGHTER dev es/de/pt/ru and of the XED held-out
slice fr/it; a turn counts as right when its language is named (a miss reads as English, as before).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from empathic.datasets.multilingual import load_brighter, load_xed
from empathic.datasets.paths import data_dir
from empathic.text.language import backend_name, identify


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--english", type=int, default=600)
    parser.add_argument("--per-language", type=int, default=150)
    args = parser.parse_args()
    with open(data_dir("goemotions") / "test.tsv", encoding="utf-8") as handle:
        english = [line.split("\t")[0] for line in handle][:args.english]
    others = []
    for code, iso in (("esp", "es"), ("deu", "de"), ("ptbr", "pt"), ("rus", "ru")):
        others += [(t, iso) for t in load_brighter("dev", [code]).texts[:args.per_language]]
    xed = load_xed("dev", ["fr", "it"])
    for iso in ("fr", "it"):
        others += [(t, l) for t, l in zip(xed.texts, xed.languages) if l == iso][:args.per_language]
    identify("warm up")
    times = []
    wrong = 0
    for text in english:
        started = time.perf_counter()
        wrong += identify(text).language != "en"
        times.append(time.perf_counter() - started)
    named = {}
    for text, iso in others:
        named.setdefault(iso, []).append(identify(text).language == iso)
    print(f"detector: {backend_name()}")
    print(f"English called another language: {wrong}/{len(english)} ({wrong / len(english):.1%})")
    for iso, hits in named.items():
        print(f"{iso}: named right {np.mean(hits):.1%} of {len(hits)}")
    print(f"all others: {np.mean([h for hits in named.values() for h in hits]):.1%}; "
          f"p50 {np.median(times) * 1000:.2f} ms per English turn")


if __name__ == "__main__":
    main()
