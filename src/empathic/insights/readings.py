"""Per-turn readings for insights: the shipped text emotion recognizer on every user turn, and the
crisis detector's rule signals, both in the worker processes when there are several. The detector's
meaning-level check costs an encoder pass per sentence and is left out here for speed (the report
says so)."""

from __future__ import annotations

from dataclasses import dataclass

from empathic.insights.loading import Conversation

ANGER_LABELS = ("anger", "annoyance")


@dataclass(frozen=True)
class TurnReading:
    valence: float  # -1 .. 1
    arousal: float  # 0 .. 1
    anger: float  # the larger of the anger and annoyance scores
    top: str  # the strongest label
    crisis: str  # crisis-signal level of the turn's own words: none, low, moderate, high, imminent
    crisis_evidence: str = ""  # the strongest signal and the words that matched it


def read_conversations(conversations: list[Conversation], recognizer=None, detector=None,
                       progress=None, workers: int = 1, threads: int = 1) -> list[list[TurnReading]]:
    """One reading per user turn of each conversation, in order. Identical texts are read once.
    ``workers`` > 1 reads in that many processes, each with its own one-thread recognizer."""
    unique = list(dict.fromkeys(t.text for c in conversations for t in c.user_turns))
    chunks = [unique[start:start + CHUNK] for start in range(0, len(unique), CHUNK)]
    if workers > 1 and len(chunks) > 1 and recognizer is None:
        import concurrent.futures
        import multiprocessing

        pool = concurrent.futures.ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"),
                                                      initializer=_start_worker, initargs=(threads, detector))
        with pool:
            results = pool.map(_read_texts, chunks)
            scored = _collect(chunks, results, progress, len(unique))
    else:
        _start_worker(threads, detector, recognizer)
        scored = _collect(chunks, map(_read_texts, chunks), progress, len(unique))
    return [[scored[t.text] for t in c.user_turns] for c in conversations]


CHUNK = 128
_recognizer = _detector = None  # this process's readers (a worker's own, or the caller's)


def _new_recognizer(threads: int):
    from empathic.text.recognizer import TextEmotionRecognizer

    return TextEmotionRecognizer(explain=False, pragmatics=False, threads=threads)


def _start_worker(threads: int, detector=None, recognizer=None) -> None:
    from empathic.safety.crisis import CrisisDetector

    global _recognizer, _detector
    _recognizer = recognizer or _new_recognizer(threads)
    _detector = detector or CrisisDetector(semantic=False)


def _read_texts(texts: list[str]) -> list[TurnReading]:
    from empathic.safety.patterns import LEVEL_NAMES

    readings = []
    for text, r in zip(texts, _recognizer.recognize_batch(texts)):
        strongest = max(_detector.turn_signals(text), key=lambda s: s["rank"], default=None)
        rank = strongest["rank"] if strongest else 0
        evidence = f"{strongest['signal']}: “{strongest['excerpt']}”" if rank else ""
        readings.append(TurnReading(r.valence, r.arousal, max(r.scores.get(label, 0.0) for label in ANGER_LABELS),
                                    r.top, LEVEL_NAMES[rank], evidence))
    return readings


def _collect(chunks, results, progress, total: int) -> dict:
    scored, done = {}, 0
    for texts, values in zip(chunks, results):
        scored.update(zip(texts, values))
        done += len(texts)
        if progress:
            progress(done, total)
    return scored
