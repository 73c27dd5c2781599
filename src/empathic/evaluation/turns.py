"""``empathic eval turns``: end-of-turn detection on the held-out speakers and dialogues of the
turn clip set, ours beside silence-only and (when pipecat-ai is installed) Smart Turn v3.2."""

from __future__ import annotations

import time

import numpy as np

from empathic.evaluation.turn_clips import TurnClip
from empathic.evaluation.turn_protocol import (ACCURACY_PAUSE, GRID, PAUSE_MEDIAN, PAUSE_SIGMA, accuracy,
                                               hesitation_pauses, operating_points, silence_points, summary)
from empathic.training.turns import decision_audio, feature_rows
from empathic.voice.turns import MAX_SILENCE, RATE, EndOfTurnDetector

AT = GRID.index(ACCURACY_PAUSE)
SILENCE_TIMEOUT = 0.5  # the stream's fixed rule before the detector


def _peer_table(peer, clips: list[TurnClip], band: bool, cpu: list) -> np.ndarray:
    """(turns, len(GRID)) peer probabilities; on the phone band only at the accuracy pause.
    ``cpu`` collects the CPU seconds of each decision."""
    table = np.full((len(clips), len(GRID)), np.nan)
    for i, clip in enumerate(clips):
        audio = decision_audio(clip, band)
        speech = len(audio) - int(MAX_SILENCE * RATE)
        for j, t in enumerate(GRID):
            if not band or j == AT:
                start = time.thread_time()
                table[i, j] = peer.probability(audio[: speech + int(t * RATE)])
                cpu.append(time.thread_time() - start)
    return table


def latency_ms(detector: EndOfTurnDetector, clips: list[TurnClip], runs: int = 300) -> dict:
    """Per decision, features included: this thread's CPU time (p50, p95) and wall time (p50, which
    other processes on a busy machine inflate), in ms."""
    rng = np.random.default_rng(0)
    cpu, wall = [], []
    for i in rng.integers(0, len(clips), runs):
        audio = clips[i].with_pause(0.3)
        start, started = time.thread_time(), time.perf_counter()
        detector.probability(audio, clips[i].transcript)
        cpu.append(time.thread_time() - start)
        wall.append(time.perf_counter() - started)
    return {"p50": 1000 * float(np.median(cpu)), "p95": 1000 * float(np.percentile(cpu, 95)),
            "wall_p50": 1000 * float(np.median(wall))}


def evaluate_turns(clips: list[TurnClip], detector: EndOfTurnDetector, peer=None, peer_limit: int | None = None,
                   log=print) -> dict:
    test = [c for c in clips if c.split == "test"]
    complete = np.array([c.complete for c in test])
    pauses = hesitation_pauses(len(test))
    sources = np.array([c.source for c in test])
    rows = {"words": [], "audio": [], "phone": [], "phone_words": []}
    for clip in test:
        rows["words"].append(feature_rows(clip, text=True))
        rows["audio"].append(feature_rows(clip, text=False))
        rows["phone_words"].append(feature_rows(clip, band=True, text=True))
    tables = {k: detector.probabilities(np.concatenate(v)).reshape(len(test), len(GRID))
              for k, v in rows.items() if v}
    systems = {}
    for name, key in (("empathic (audio + partial transcript)", "words"), ("empathic (audio only)", "audio")):
        p = tables[key]
        systems[name] = {"accuracy": accuracy(p[:, AT], complete),
                         "phone_accuracy": accuracy(tables["phone_words"][:, AT], complete) if key == "words" else None,
                         **summary(operating_points(p, complete, pauses)),
                         "by_source": {s: accuracy(p[sources == s, AT], complete[sources == s])
                                       for s in sorted(set(map(str, sources)))}}
    says_done = ACCURACY_PAUSE >= SILENCE_TIMEOUT  # the stream's former fixed rule, blind to everything else
    systems["silence only"] = {"accuracy": float((complete == says_done).mean()),
                               "phone_accuracy": float((complete == says_done).mean()),
                               **summary(silence_points(complete, pauses)), "by_source": {}}
    if peer is not None:
        chosen = np.arange(len(test)) if not peer_limit else np.random.default_rng(1).permutation(len(test))[:peer_limit]
        subset = [test[i] for i in chosen]
        log(f"Smart Turn on {len(subset)} turns x {len(GRID)} decisions (and the phone band)...")
        cpu = []
        p = _peer_table(peer, subset, band=False, cpu=cpu)
        phone = _peer_table(peer, subset, band=True, cpu=cpu)
        sub_complete, sub_sources = complete[chosen], sources[chosen]
        systems[peer.name] = {"accuracy": accuracy(p[:, AT], sub_complete),
                              "phone_accuracy": accuracy(phone[:, AT], sub_complete),
                              **summary(operating_points(p, sub_complete, pauses[chosen])),
                              "by_source": {s: accuracy(p[sub_sources == s, AT], sub_complete[sub_sources == s])
                                            for s in sorted(set(map(str, sub_sources)))},
                              "turns": len(subset), "cpu_ms_p50": 1000 * float(np.median(cpu))}
        if peer_limit:  # ours on exactly the peer's turns too, so the comparison is like for like
            ours = tables["words"][chosen]
            systems["empathic on the same turns"] = {
                "accuracy": accuracy(ours[:, AT], sub_complete),
                "phone_accuracy": accuracy(tables["phone_words"][chosen, AT], sub_complete),
                **summary(operating_points(ours, sub_complete, pauses[chosen])), "by_source": {}}
    return {"turns": len(test), "complete": int(complete.sum()), "by_source_count": {s: int((sources == s).sum())
            for s in sorted(set(map(str, sources)))}, "systems": systems, "latency_ms": latency_ms(detector, test)}


def _pct(value) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def _ms(value) -> str:
    return "    - " if value is None else f"{value:5.0f} ms"


def format_report(report: dict, peer_note: str | None = None) -> str:
    grid = ", ".join(f"{t:g}" for t in GRID)
    lines = [f"End of turn: {report['turns']} held-out turns ({report['complete']} complete, the rest cut off "
             f"at a word boundary); by source {report['by_source_count']}",
             f"decisions at {grid} s of silence, max silence {MAX_SILENCE:g} s; hesitation pauses log-normal "
             f"(median {PAUSE_MEDIAN} s, sigma {PAUSE_SIGMA}); accuracy at {ACCURACY_PAUSE} s, threshold 0.5",
             f"{'system':42s} {'accuracy':>9s} {'phone':>7s} {'cut-offs@300ms':>15s} {'latency@5%':>11s} "
             f"{'p50@5%':>9s}"]
    for name, s in report["systems"].items():
        lines.append(f"{name:42s} {_pct(s['accuracy']):>9s} {_pct(s['phone_accuracy']):>7s} "
                     f"{_pct(s['cutoffs_at_300ms']):>15s} {_ms(s['latency_at_5pct_ms']):>11s} "
                     f"{_ms(s['p50_latency_at_5pct_ms']):>9s}")
    for name, s in report["systems"].items():
        if s["by_source"]:
            by_source = ", ".join(f"{k} {100 * v:.1f}%" for k, v in s["by_source"].items())
            lines.append(f"  {name} accuracy by source: {by_source}")
    speed = report["latency_ms"]
    lines.append(f"empathic per decision (one thread, features included): CPU p50 {speed['p50']:.2f} ms, "
                 f"p95 {speed['p95']:.2f} ms; wall p50 {speed['wall_p50']:.2f} ms")
    for name, s in report["systems"].items():
        if s.get("cpu_ms_p50"):
            lines.append(f"{name}: {s['turns']} turns; per decision CPU p50 {s['cpu_ms_p50']:.1f} ms (one thread)")
    if peer_note:
        lines.append(peer_note)
    return "\n".join(lines)
