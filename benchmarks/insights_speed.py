"""Time of ``empathic insights`` over ESConv conversations, and what the machine was doing meanwhile.

    python benchmarks/insights_speed.py [--conversations 1000] [--workers 2] [--out /tmp/insights]

Runs the same analysis as ``empathic insights --esconv --limit N --workers W`` and prints the wall time,
the CPU time it used (this process and its workers), the 1-minute load average before and after (the
machine's 2 cores are shared: on a busy machine the wall time is the CPU time stretched by the load), and
as a baseline measured in the same run, the bare recognizer's speed on 200 of the same user turns.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="/tmp/insights")
    args = parser.parse_args()

    from empathic.datasets.esconv import insights_conversations
    from empathic.insights import analyze_conversations, conversations_from_dicts
    from empathic.text.recognizer import TextEmotionRecognizer

    loaded = conversations_from_dicts(insights_conversations()[:args.conversations], source="ESConv")
    users = [t.text for c in loaded.conversations for t in c.user_turns]
    recognizer = TextEmotionRecognizer(explain=False, pragmatics=False, threads=1).load()
    started = time.perf_counter()
    recognizer.recognize_batch(users[:200])
    baseline = 200 / (time.perf_counter() - started)

    load_before, cpu_before, started = os.getloadavg()[0], cpu_seconds(), time.perf_counter()
    report = analyze_conversations(loaded, workers=args.workers)
    wall, cpu, load_after = time.perf_counter() - started, cpu_seconds() - cpu_before, os.getloadavg()[0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report.to_html(out / "esconv.html")
    report.to_json(out / "esconv.json")
    s = report.summary
    print(f"{s['conversations']} conversations, {s['user_turns']} user turns, workers={args.workers}")
    print(f"wall {wall:.1f} s (reading {s['reading_seconds']} s), CPU {cpu:.1f} s, "
          f"load average {load_before:.1f} before, {load_after:.1f} after, {os.cpu_count()} cores")
    print(f"baseline: the bare recognizer reads {baseline:.0f} user turns/s on one thread in this run")
    print(f"report: {out / 'esconv.html'}")


if __name__ == "__main__":
    main()
