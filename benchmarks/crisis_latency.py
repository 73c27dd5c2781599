"""What the learned risk model adds to the crisis check per turn.

    python benchmarks/crisis_latency.py [--conversations 60] [--threads 1]

Plays the same conversations (the development suite's must-not cases and everyday
chat lines, as a growing conversation assessed after every turn, the way the agent
does) through the detector with the semantic check only and with the semantic check
plus the learned model, interleaved, each detector with its own caches, and prints
the per-turn p50 / p95 and the p50 difference. Encoder caches are cleared between
turns so every turn pays for its own sentences.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    from empathic.evaluation.crisis_cases import MUST_NOT
    from empathic.safety.crisis import CrisisDetector
    from empathic.text.encoder import SentenceEncoder

    SentenceEncoder._shared = SentenceEncoder(threads=args.threads)
    encoder = SentenceEncoder.shared()
    conversations = [c for cases in MUST_NOT.values() for c in cases][: args.conversations]
    conversations.append(["I had a long day at work.", "My manager moved the deadline again, so I stayed late.",
                          "Anyway, I'm making pasta now and then watching a film."])
    detectors = {"semantic": CrisisDetector(model=False), "semantic+model": CrisisDetector(model=True)}
    for detector in detectors.values():
        detector.assess(["warm up the models please"])
    samples = {name: [] for name in detectors}
    for turns in conversations:
        for n in range(1, len(turns) + 1):
            for name, detector in detectors.items():
                encoder._cache.clear()
                started = time.perf_counter()
                detector.assess(turns[:n])
                samples[name].append((time.perf_counter() - started) * 1000)
    for name, values in samples.items():
        values.sort()
        print(f"{name:16} p50 {statistics.median(values):6.2f} ms  p95 {values[int(0.95 * len(values))]:6.2f} ms"
              f"  ({len(values)} turns, {args.threads} thread)")
    added = statistics.median(samples["semantic+model"]) - statistics.median(samples["semantic"])
    print(f"the learned model adds {added:.2f} ms p50 per turn (target <= 10)")


if __name__ == "__main__":
    main()
