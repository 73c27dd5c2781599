"""Text model speed: ONNX (shipped) beside the same MiniLM-L6 in PyTorch.

    python benchmarks/text_speed.py [--n 300] [--json out.json]

Single-utterance latency (p50/p95) on one and two threads, batched throughput
on two threads, and import + load time in a fresh interpreter. The PyTorch
side runs the base all-MiniLM-L6-v2 through sentence-transformers (the same
encoder the shipped model was fine-tuned from; the 28-way head is negligible),
so it needs the ``train`` extra; it is skipped with a note when absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

SENTENCES = [
    "You lost my package AGAIN? This is ridiculous.",
    "Thank you so much, the nurse was wonderful with my dad.",
    "I don't know what to do anymore, everything feels heavy.",
    "lol that was the best thing I've seen all week",
    "Can you tell me when the store opens tomorrow?",
    "I'm really nervous about the exam on Friday.",
    "Wow, I did not expect that at all!",
    "honestly not happy with how this turned out",
]


def texts(n: int) -> list[str]:
    try:
        from empathic.datasets.goemotions import load_goemotions

        return load_goemotions("test").texts[:n]
    except Exception:  # data absent on a user's clone: fall back to fixed sentences
        return (SENTENCES * (n // len(SENTENCES) + 1))[:n]


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))]}


def time_each(fn, items) -> list[float]:
    for item in items[:10]:
        fn(item)  # warm up
    out = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - started)
    return out


def import_and_load_seconds(repeats: int = 5) -> float:
    code = ("import time; t=time.perf_counter(); import empathic as em; "
            "em.TextEmotionRecognizer().load(); print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def onnx_results(items: list[str]) -> dict:
    from empathic.text.recognizer import TextEmotionRecognizer

    results = {}
    for threads in (1, 2):
        for explain in (False, True):
            rec = TextEmotionRecognizer(explain=explain, threads=threads).load()
            results[f"single_{threads}t{'_evidence' if explain else ''}"] = percentiles(time_each(rec.recognize, items))
    rec = TextEmotionRecognizer(explain=False, threads=1, pragmatics=False).load()
    results["single_1t_no_pragmatics"] = percentiles(time_each(rec.recognize, items))
    context = ["Hi, I ordered a jacket two weeks ago.", "Let me check that for you.", "It still hasn't arrived."]
    rec = TextEmotionRecognizer(explain=False, threads=1).load()
    results["single_1t_context3"] = percentiles(time_each(lambda t: rec.recognize(t, context=context), items))
    rec = TextEmotionRecognizer(explain=False, threads=2).load()
    batch = items * max(1, 2000 // len(items))
    started = time.perf_counter()
    rec.recognize_batch(batch, batch_size=64)
    results["batch_2t_per_s"] = len(batch) / (time.perf_counter() - started)
    # the same padded batches straight through the model: fast, but a text's scores then depend
    # on its neighbours (int8 dynamic quantisation), which recognize_batch no longer allows
    limit = rec.model.max_length - 2
    ids = [rec.model.token_ids(t)[:limit] for t in batch]
    started = time.perf_counter()
    rec.model.run_batched(ids, 64)
    results["raw_padded_batch_2t_per_s"] = len(batch) / (time.perf_counter() - started)
    return results


def torch_results(items: list[str]) -> dict | None:
    try:
        import torch
        from sentence_transformers import SentenceTransformer

        from empathic.training.text import base_model_dir
    except ImportError:
        return None
    model = SentenceTransformer(str(base_model_dir()), device="cpu")
    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        results[f"single_{threads}t"] = percentiles(time_each(lambda t: model.encode(t), items))
    torch.set_num_threads(2)
    batch = items * max(1, 2000 // len(items))
    started = time.perf_counter()
    model.encode(batch, batch_size=64)
    results["batch_2t_per_s"] = len(batch) / (time.perf_counter() - started)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args()
    items = texts(args.n)
    report = {"n": len(items), "import_and_load_s": import_and_load_seconds(),
              "onnx": onnx_results(items), "torch": torch_results(items)}
    print(f"import + load: {report['import_and_load_s']:.2f} s (median of 5 fresh interpreters)")
    print(f"{'configuration':32} {'p50 ms':>8} {'p95 ms':>8}")
    for side in ("onnx", "torch"):
        for key, value in (report[side] or {}).items():
            if key.startswith("single"):
                print(f"{side + ' ' + key:32} {value['p50_ms']:8.2f} {value['p95_ms']:8.2f}")
    for side in ("onnx", "torch"):
        if report[side]:
            print(f"{side} batched, 2 threads: {report[side]['batch_2t_per_s']:.0f} utterances/s")
    print(f"onnx raw padded batches (batch-dependent scores), 2 threads: "
          f"{report['onnx']['raw_padded_batch_2t_per_s']:.0f} utterances/s")
    if report["torch"]:
        for threads in (1, 2):
            ratio = report["torch"][f"single_{threads}t"]["p50_ms"] / report["onnx"][f"single_{threads}t"]["p50_ms"]
            print(f"ONNX speed-up over PyTorch, single utterance, {threads} thread(s): {ratio:.1f}x")
        print(f"ONNX speed-up, batched: {report['onnx']['batch_2t_per_s'] / report['torch']['batch_2t_per_s']:.1f}x")
    else:
        print("PyTorch side skipped: install the 'train' extra to measure it")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
