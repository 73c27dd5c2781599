"""Shape of the sealed crisis evaluation set (counts, types, languages, no overlap).

This test checks only the structure of ``empathic.evaluation.crisis_sealed``; it never runs
the detector on the cases (that is ``empathic eval crisis``'s job, for reporting only).
"""

from __future__ import annotations

import re
from collections import Counter

from empathic.evaluation import crisis_sealed as sealed

LANGS = ("es", "pt", "fr", "de", "it")

MUST_CATCH_CATEGORIES = {
    "direct_ideation", "passive_ideation", "method_seeking", "preparation", "plan_timeline",
    "self_harm", "burden_hopeless", "indirect", "imminent",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _flat(d: dict[str, list[list[str]]]) -> list[list[str]]:
    return [conv for convs in d.values() for conv in convs]


def _all_conversations() -> dict[str, list[list[str]]]:
    return {
        "MUST_CATCH": _flat(sealed.MUST_CATCH),
        "MUST_NOT": _flat(sealed.MUST_NOT),
        "LOW": _flat(sealed.LOW),
        "THIRD_PARTY": list(sealed.THIRD_PARTY),
        "CLARIFICATIONS": [conv + [turn] for conv, turn in sealed.CLARIFICATIONS],
        "POST_CRISIS": list(sealed.POST_CRISIS),
    }


def _is_conversation(conv) -> bool:
    return (isinstance(conv, list) and len(conv) >= 1
            and all(isinstance(t, str) and t.strip() for t in conv))


def _lang_counts(convs: list[list[str]]) -> Counter:
    return Counter(sealed.LANGUAGE.get(conv[0], "en") for conv in convs)


def test_types():
    for name in ("MUST_CATCH", "MUST_NOT", "LOW"):
        d = getattr(sealed, name)
        assert isinstance(d, dict) and d, name
        for category, convs in d.items():
            assert isinstance(category, str) and category, name
            assert isinstance(convs, list) and convs, (name, category)
            for conv in convs:
                assert _is_conversation(conv), (name, category, conv)
    for name in ("THIRD_PARTY", "POST_CRISIS"):
        convs = getattr(sealed, name)
        assert isinstance(convs, list)
        for conv in convs:
            assert _is_conversation(conv), (name, conv)
    assert isinstance(sealed.CLARIFICATIONS, list)
    for item in sealed.CLARIFICATIONS:
        assert isinstance(item, tuple) and len(item) == 2, item
        conv, turn = item
        assert _is_conversation(conv), item
        assert isinstance(turn, str) and turn.strip(), item
    assert isinstance(sealed.LANGUAGE, dict)
    assert set(sealed.LANGUAGE.values()) <= set(LANGS)


def test_counts():
    catch = _flat(sealed.MUST_CATCH)
    must_not = _flat(sealed.MUST_NOT)
    assert len(catch) >= 70
    assert sum(len(c) > 1 for c in catch) >= 20
    assert all(len(c) <= 5 for c in catch)
    assert len(must_not) >= 70
    assert sum(len(c) > 1 for c in must_not) >= 15
    assert all(len(c) <= 5 for c in must_not)
    assert len(_flat(sealed.LOW)) >= 20
    assert len(sealed.THIRD_PARTY) >= 8
    assert len(sealed.CLARIFICATIONS) >= 10
    assert len(sealed.POST_CRISIS) >= 8
    # one crisis turn, then 3-5 later turns
    assert all(4 <= len(c) <= 6 for c in sealed.POST_CRISIS)


def test_categories_roughly_balanced():
    assert MUST_CATCH_CATEGORIES <= set(sealed.MUST_CATCH)
    for d in (sealed.MUST_CATCH, sealed.MUST_NOT, sealed.LOW):
        sizes = [len(v) for v in d.values()]
        assert max(sizes) <= 2 * min(sizes), sizes


def test_languages():
    catch = _lang_counts(_flat(sealed.MUST_CATCH))
    must_not = _lang_counts(_flat(sealed.MUST_NOT))
    assert sum(catch[lang] for lang in LANGS) >= 12
    assert sum(must_not[lang] for lang in LANGS) >= 10
    for lang in LANGS:
        assert catch[lang] >= 2, (lang, catch)
        assert must_not[lang] >= 1, (lang, must_not)
    # every LANGUAGE key is the first turn of exactly one conversation somewhere
    firsts = Counter(conv[0] for convs in _all_conversations().values() for conv in convs)
    for key in sealed.LANGUAGE:
        assert firsts[key] == 1, key


def test_no_duplicates():
    seen: dict[str, str] = {}
    for name, convs in _all_conversations().items():
        for conv in convs:
            key = " || ".join(_norm(t) for t in conv)
            assert key not in seen, (name, seen.get(key), conv)
            seen[key] = name
    # no turn is reused anywhere in the set (keeps cases from being near-copies)
    turns = Counter(_norm(t) for convs in _all_conversations().values() for conv in convs for t in conv)
    repeated = [t for t, n in turns.items() if n > 1]
    assert not repeated, repeated


def _collect(obj, strings: set[str], convs: set[tuple[str, ...]]) -> None:
    if isinstance(obj, str):
        strings.add(_norm(obj))
    elif isinstance(obj, dict):
        for v in obj.values():
            _collect(v, strings, convs)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = list(obj)
        if items and all(isinstance(x, str) for x in items):
            convs.add(tuple(_norm(x) for x in items))
        for x in items:
            _collect(x, strings, convs)


def test_disjoint_from_tuning_cases():
    from empathic.evaluation import crisis_cases  # imported only to compare strings

    strings: set[str] = set()
    convs: set[tuple[str, ...]] = set()
    for name in dir(crisis_cases):
        if not name.startswith("__"):
            _collect(getattr(crisis_cases, name), strings, convs)
    assert len(strings) > 0, "crisis_cases exposed no strings to compare"
    # collect our own colliding cases first, so a failure never prints the tuning strings
    hits: list[tuple[str, str]] = []
    for name, ours in _all_conversations().items():
        for conv in ours:
            if tuple(_norm(t) for t in conv) in convs:
                hits.append((name, " || ".join(conv)))
            for turn in conv:
                if (len(conv) == 1 or len(turn) >= 25) and _norm(turn) in strings:
                    hits.append((name, turn))
    assert not hits, hits
