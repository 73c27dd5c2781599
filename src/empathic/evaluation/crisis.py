"""``empathic eval crisis``: the case suite, then flag rates on Reddit datasets.

"Flagged" means level moderate or above (the crisis reply is sent). The Reddit
sets are long posts labelled at post or user level, so they give flag rates
per label, not a clean precision: depression posts (SDCNL) and C-SSRS
"Supportive" users often do mention suicide.
"""

from __future__ import annotations

import ast
import csv
import time
from collections import Counter, defaultdict

from empathic.datasets.paths import data_dir
from empathic.evaluation.crisis_cases import MUST_CATCH, MUST_NOT
from empathic.safety.crisis import CrisisDetector


def evaluate_suite(detector: CrisisDetector, must_catch: dict = MUST_CATCH, must_not: dict = MUST_NOT) -> dict:
    """Recall on must-catch and false alarms on must-not conversations. The default is the
    development suite (tuned on); ``evaluation.crisis_sealed`` is the sealed held-out part."""
    rows = []
    for kind, suite in (("must_catch", must_catch), ("must_not", must_not)):
        for category, cases in suite.items():
            for turns in cases:
                assessment = detector.assess(turns)
                rows.append({"kind": kind, "category": category, "text": turns[-1],
                             "level": assessment.level, "flagged": assessment.requires_crisis_reply})
    catch = [r for r in rows if r["kind"] == "must_catch"]
    safe = [r for r in rows if r["kind"] == "must_not"]
    by_category = defaultdict(lambda: [0, 0])
    for r in rows:
        good = r["flagged"] if r["kind"] == "must_catch" else not r["flagged"]
        by_category[(r["kind"], r["category"])][0] += good
        by_category[(r["kind"], r["category"])][1] += 1
    return {"recall": sum(r["flagged"] for r in catch) / len(catch),
            "false_positives": sum(r["flagged"] for r in safe), "n_must_catch": len(catch),
            "n_must_not": len(safe), "by_category": dict(by_category),
            "failures": [r for r in rows if r["flagged"] != (r["kind"] == "must_catch")]}


def _flag_rates(detector, items) -> dict:
    counts, flagged = Counter(), Counter()
    for label, turns in items:
        counts[label] += 1
        flagged[label] += detector.assess(turns).requires_crisis_reply
    return {label: (flagged[label] / counts[label], counts[label]) for label in sorted(counts)}


def evaluate_datasets(detector: CrisisDetector, limit: int | None = None) -> dict:
    csv.field_size_limit(1 << 30)
    results = {}
    started = time.perf_counter()
    with open(data_dir("sdcnl") / "testing-set.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    results["SDCNL test (1 = suicide, 0 = depression)"] = _flag_rates(
        detector, ((r["is_suicide"], [f"{r['title']}. {r['selftext']}"]) for r in rows))
    with open(data_dir("dreaddit") / "dreaddit-test.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    results["Dreaddit test (1 = stress, 0 = no stress)"] = _flag_rates(
        detector, ((r["label"], [r["text"]]) for r in rows))
    with open(data_dir("reddit_cssrs_500") / "500_Reddit_users_posts_labels.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    results["Reddit C-SSRS 500 users (per user, all posts)"] = _flag_rates(
        detector, ((r["Label"], _posts(r["Post"])) for r in rows))
    from empathic.datasets.goemotions import load_goemotions

    everyday = load_goemotions("dev").texts[: limit or 2000]
    results["GoEmotions dev comments (everyday Reddit; most should not flag)"] = _flag_rates(
        detector, (("all", [t]) for t in everyday))
    results["seconds"] = time.perf_counter() - started
    return results


def _posts(cell: str) -> list[str]:
    try:
        posts = ast.literal_eval(cell)
        return [str(p) for p in posts] if isinstance(posts, list) else [cell]
    except (ValueError, SyntaxError):
        return [cell]


SEALED_TITLE = "Sealed held-out set (written blind, never tuned on; targets recall >= 0.95, false alarms <= 5%):"
INDEPENDENT_TITLE = ("Independent chat set (single messages by a session that read none of the project's files; "
                     "never tuned on):")


def independent_cases() -> tuple[dict, dict]:
    """The independent set as must-catch / must-not suites of one-message conversations."""
    from empathic.evaluation import crisis_independent as c

    return {"crisis": [[t] for t in c.CRISIS]}, {"look_alike": [[t] for t in c.SAFE]}


def format_sealed(by_detector: dict[str, dict], title: str = SEALED_TITLE, categories: bool = True) -> str:
    """One line per detector, then the per-category counts of the last (the shipped default)."""
    lines = ["", title]
    for name, sealed in by_detector.items():
        lines.append(f"  {name:15} recall {sealed['recall']:.3f} on {sealed['n_must_catch']} must-catch; "
                     f"false alarms {sealed['false_positives']}/{sealed['n_must_not']} = "
                     f"{sealed['false_positives'] / sealed['n_must_not']:.3f}")
    if not categories:
        return "\n".join(lines)
    name, sealed = list(by_detector.items())[-1]
    lines.append(f"  per category ({name}, the default):")
    for (kind, category), (good, total) in sorted(sealed["by_category"].items()):
        lines.append(f"    {kind:10} {category:30} {good}/{total}")
    return "\n".join(lines)  # no failing texts: reading them is how a sealed set stops being sealed


def format_report(suite: dict, datasets: dict | None) -> str:
    lines = [f"Crisis case suite (development): recall {suite['recall']:.3f} on {suite['n_must_catch']} must-catch cases; "
             f"{suite['false_positives']} false positives on {suite['n_must_not']} must-not cases "
             f"({20 * suite['false_positives'] / suite['n_must_not']:.2f} per 20; target <= 1)", ""]
    for (kind, category), (good, total) in sorted(suite["by_category"].items()):
        lines.append(f"  {kind:10} {category:30} {good}/{total}")
    for failure in suite["failures"]:
        lines.append(f"  FAIL {failure['kind']} {failure['category']}: {failure['text'][:70]!r} -> {failure['level']}")
    if datasets:
        lines += ["", "Flag rate (moderate or above) on Reddit data:"]
        for name, rates in datasets.items():
            if name == "seconds":
                continue
            lines.append(f"  {name}")
            for label, (rate, n) in rates.items():
                lines.append(f"    {label:12} {rate:6.3f}  (n={n})")
        lines.append(f"  ({datasets['seconds']:.0f} s)")
    return "\n".join(lines)
