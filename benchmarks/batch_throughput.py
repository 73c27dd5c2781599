"""Batch text throughput: ``empathic batch`` local vs Ray, 1 and 2 workers, beside the per-text baseline.

    python benchmarks/batch_throughput.py [--n 5000] [--repeats 3] [--json out.json]

Input: the first N GoEmotions test comments (fixed sentences when the data is absent),
written as JSONL. Each configuration runs the whole job ``run_batch(...)`` (reading,
worker start and model load, Parquet output) ``--repeats`` times, the repeats interleaved
across configurations; the median rate is reported. Beside it, in the same run:

* ``baseline_per_text``: ``TextEmotionRecognizer(explain=False).recognize_batch`` as it
  was before bucketing (each text alone through the model, 2 threads), in this process;
* ``bucketed_api_1t``: the same call with ``bucketed=True`` on one thread;
* ``model_only``: rows/s of the emotion model alone, each sequence alone vs bucketed
  (1 thread): what the transformer itself allows, without the encoder pass and the
  sarcasm / act / language work every reading also does;
* ``check``: the largest score gap between a text read alone and in the bucketed batch.

The machine's load average is printed: on a shared machine every figure moves with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = ["You lost my package AGAIN? This is ridiculous.", "Thank you so much, the nurse was wonderful.",
             "I don't know what to do anymore, everything feels heavy.", "lol that was the best thing all week",
             "Can you tell me when the store opens tomorrow?", "I'm really nervous about the exam on Friday."]


def texts(n: int) -> list[str]:
    try:
        from empathic.datasets.goemotions import load_goemotions

        return load_goemotions("test").texts[:n]
    except Exception:  # data absent on a user's clone
        return (SENTENCES * (n // len(SENTENCES) + 1))[:n]


def rate(fn, rows: int, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        runs.append(rows / (time.perf_counter() - started))
    return {"median_rows_per_s": round(statistics.median(runs), 1), "runs": [round(r, 1) for r in runs]}


def model_only(items: list[str]) -> dict:
    from empathic.text.recognizer import TextEmotionRecognizer

    model = TextEmotionRecognizer(explain=False, threads=1).model
    ids = [model.token_ids(t)[:126] for t in items]
    model.run_bucketed(ids[:50])  # builds the per-row copy once
    started = time.perf_counter()
    for seq in ids:
        model.run_ids([seq])
    alone = len(ids) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.run_bucketed(ids)
    bucketed = len(ids) / (time.perf_counter() - started)
    return {"alone_1t_rows_per_s": round(alone, 1), "bucketed_1t_rows_per_s": round(bucketed, 1),
            "mean_tokens": round(sum(map(len, ids)) / len(ids), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-n", type=int, default=1000, help="texts for the slower per-text baseline")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--json")
    args = parser.parse_args()

    from empathic.batch import run_batch
    from empathic.text.recognizer import TextEmotionRecognizer

    items = texts(args.n)
    report = {"n": len(items), "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
              "chunk_size": args.chunk_size}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "utterances.jsonl"
        source.write_text("".join(json.dumps({"text": t}) + "\n" for t in items))

        subset = items[: args.baseline_n]
        plain = TextEmotionRecognizer(explain=False).load()
        bucketed = TextEmotionRecognizer(explain=False, threads=1, bucketed=True).load()
        bucketed.recognize_batch(subset[:50])
        report["baseline_per_text_2t"] = rate(lambda: plain.recognize_batch(subset), len(subset), 1)
        report["bucketed_api_1t"] = rate(lambda: bucketed.recognize_batch(subset), len(subset), 1)
        alone, together = plain.recognize_batch(subset[:300]), bucketed.recognize_batch(subset[:300])
        report["check_max_score_gap_alone_vs_bucketed"] = max(
            abs(a.scores[k] - b.scores[k]) for a, b in zip(alone, together) for k in a.scores)
        report["model_only"] = model_only(subset)
        print({k: report[k] for k in ("baseline_per_text_2t", "bucketed_api_1t", "model_only")}, file=sys.stderr,
              flush=True)

        # repeats interleaved across configurations: a change of the machine's load hits them all alike
        configs = [(e, w) for e in args.engines.split(",") for w in map(int, args.workers.split(","))]
        runs: dict = {c: [] for c in configs}
        for repeat in range(args.repeats):
            for engine, workers in configs:
                out = Path(tmp) / f"{engine}-{workers}.parquet"
                started = time.perf_counter()
                run_batch(source, out, engine=engine, workers=workers, chunk_size=args.chunk_size, progress=False)
                runs[(engine, workers)].append(len(items) / (time.perf_counter() - started))
                print(f"repeat {repeat}: {engine} {workers} workers {runs[(engine, workers)][-1]:.1f} rows/s "
                      f"(load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
        for (engine, workers), rates in runs.items():
            report[f"{engine}_{workers}_workers"] = {"median_rows_per_s": round(statistics.median(rates), 1),
                                                     "runs": [round(r, 1) for r in rates]}
        if "ray" in args.engines:
            import ray

            started = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            ray.shutdown()
            report["ray_init_and_shutdown_s"] = round(time.perf_counter() - started, 1)
    report["load_average_at_end"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
