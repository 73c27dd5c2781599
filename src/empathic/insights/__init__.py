"""Unsupervised insights over many conversations (``empathic insights``): emotional arcs clustered,
topics of negative moments, escalation moments and what preceded them, and which supporter strategies
were followed by improvement. See docs/insights.md.

    from empathic.insights import analyze_conversations, load_conversations
    report = analyze_conversations(load_conversations("conversations.jsonl"))
    report.to_html("report.html"); report.to_json("report.json")
"""

from __future__ import annotations

import datetime
import time

from empathic.errors import require
from empathic.insights.loading import (USER_SPEAKERS, Conversation, InsightsInputError, LoadResult, Turn,
                                       conversations_from_dicts, load_conversations)
from empathic.insights.report import InsightsReport

__all__ = ["analyze_conversations", "load_conversations", "conversations_from_dicts", "InsightsReport",
           "InsightsInputError", "Conversation", "Turn", "LoadResult", "USER_SPEAKERS"]

EXCERPT_CHARS = 220


def analyze_conversations(conversations, *, redact_pii: bool = True, recognizer=None, encoder=None,
                          threads: int = 1, workers: int = 1, progress=None) -> InsightsReport:
    """Insights over ``conversations``: a ``LoadResult`` (from ``load_conversations``), or a list of
    ``Conversation`` objects or of dicts in the JSONL shape (``{"id", "turns": [{"speaker", "text"}]}``).

    ``redact_pii`` replaces e-mails, phone numbers, card numbers and the like in the example texts
    the report quotes (product rule 11). ``threads``: ONNX threads per recognizer (one is fastest on
    a busy machine); ``workers``: processes reading the turns in parallel."""
    require("sklearn", "insights", "scikit-learn")
    started = time.perf_counter()
    loaded = _as_loaded(conversations)
    if not loaded.conversations:
        first = f"; first problem: {loaded.problems[0]}" if loaded.problems else ""
        raise InsightsInputError(f"{loaded.source}: no usable conversation{first}")
    conversations = [c for c in loaded.conversations if c.user_turns]
    no_user = len(loaded.conversations) - len(conversations)
    if not conversations:
        raise InsightsInputError(f"{loaded.source}: no conversation has a user turn; user speakers are "
                                 f"{', '.join(sorted(USER_SPEAKERS))}")

    from empathic.insights.arcs import cluster_arcs
    from empathic.insights.moments import find_escalations, strategy_outcomes
    from empathic.insights.readings import read_conversations
    from empathic.insights.topics import find_topics

    excerpt = _excerpter(redact_pii)
    readings = read_conversations(conversations, recognizer, progress=progress, workers=workers, threads=threads)
    phases = {"reading": time.perf_counter() - started}
    arcs = _timed(phases, "arcs", cluster_arcs, conversations, readings, excerpt)
    topics = _timed(phases, "topics", find_topics, conversations, readings, excerpt, encoder, threads)
    escalations = _timed(phases, "escalations", find_escalations, conversations, readings, excerpt)
    strategies = _timed(phases, "strategies", strategy_outcomes, conversations, readings)
    from empathic import __version__

    summary = {"conversations": len(conversations), "user_turns": sum(len(r) for r in readings),
               "supporter_turns": sum(len(c.turns) - len(c.user_turns) for c in conversations),
               "seconds": round(time.perf_counter() - started, 1), "reading_seconds": round(phases["reading"], 1),
               "phase_seconds": {name: round(value, 1) for name, value in phases.items()},
               "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "version": __version__}
    problems = list(loaded.problems)
    if no_user:
        problems.append(f"{no_user} conversations have no user turn (user speakers: "
                        f"{', '.join(sorted(USER_SPEAKERS))}) and were left out")
    report_input = {"source": loaded.source, "skipped_rows": loaded.skipped_rows + no_user,
                    "skipped_turns": loaded.skipped_turns, "problems": problems}
    notes = [
        "Valence and anger come from the shipped text emotion model (GoEmotions labels mapped to valence); "
        "sarcasm and dialogue-act adjustments are off here for speed.",
        "Crisis signals use the crisis detector's rules only (the meaning-level check is left out for speed); "
        "this report is for patterns, not for live safety decisions.",
        "Topics use the shipped sentence encoder (all-MiniLM-L6-v2) embeddings, PCA to 10 dimensions, k-means "
        "with k chosen by silhouette, and c-TF-IDF keywords.",
        "Clusters and intervals come from fixed random seeds: the same input gives the same report.",
        "Example texts are shortened" + (" and personal data (e-mails, phone and card numbers, names after "
                                         "cues) replaced by placeholders." if redact_pii else "."),
    ]
    return InsightsReport(summary=summary, arcs=arcs, topics=topics, escalations=escalations,
                          strategies=strategies, input=report_input, notes=notes)


def _timed(phases: dict, name: str, step, *args):
    started = time.perf_counter()
    result = step(*args)
    phases[name] = time.perf_counter() - started
    return result


def _as_loaded(conversations) -> LoadResult:
    if isinstance(conversations, LoadResult):
        return conversations
    if isinstance(conversations, (str, bytes)) or not isinstance(conversations, (list, tuple)):
        raise InsightsInputError("analyze_conversations expects a list of conversations or a LoadResult; "
                                 "for a file use load_conversations(path)")
    if all(isinstance(c, Conversation) for c in conversations):
        return LoadResult(list(conversations), source="<memory>")
    return conversations_from_dicts(list(conversations))


def _excerpter(redact_pii: bool):
    from empathic.safety.redact import redact

    def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
        text = redact(text) if redact_pii else text
        return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
    return excerpt
