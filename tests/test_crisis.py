"""Crisis detection: every category of the case suite, multi-turn build-up, replies."""

import pytest

from empathic.errors import InvalidInputError
from empathic.evaluation.crisis_cases import MUST_CATCH, MUST_NOT
from empathic.safety.crisis import CrisisDetector
from empathic.safety.helplines import HELPLINES_VERIFIED_ON, crisis_reply, helplines_for
from empathic.safety.normalize import normalize


@pytest.fixture(scope="module")
def detector():
    return CrisisDetector()


def _cases(suite):
    return [pytest.param(turns, id=f"{category}:{turns[-1][:40]}")
            for category, cases in suite.items() for turns in cases]


@pytest.mark.parametrize("turns", _cases(MUST_CATCH))
def test_must_catch(detector, turns):
    assessment = detector.assess(turns)
    assert assessment.requires_crisis_reply, (assessment.level, assessment.reasons)
    assert assessment.resources


@pytest.mark.parametrize("turns", _cases(MUST_NOT))
def test_must_not_trigger(detector, turns):
    assessment = detector.assess(turns)
    assert not assessment.requires_crisis_reply, assessment.reasons


def test_risk_late_in_a_long_casual_conversation_is_caught(detector):
    casual = [f"turn {i}: we talked about the weather and football" for i in range(60)]
    assessment = detector.assess(casual + ["honestly I've been planning to end my life"])
    assert assessment.level in ("high", "imminent")
    assert assessment.reasons[-1]["turn"] == 60


def test_kidding_or_fiction_afterwards_does_not_lower_risk(detector):
    before = detector.assess(["I'm going to kill myself tonight"])
    after = detector.assess(["I'm going to kill myself tonight", "jk lol it's for a story"])
    assert after.rank >= before.rank


def test_secrecy_raises_the_level(detector):
    alone = detector.assess(["I've been cutting my arms"])
    secret = detector.assess(["I've been cutting my arms", "please don't tell anyone"])
    assert secret.rank > alone.rank


def test_levels_are_ordered(detector):
    assert detector.assess(["I swallowed a whole bottle of pills"]).level == "imminent"
    assert detector.assess(["how many pills would it take to die"]).level == "high"
    assert detector.assess(["I wish I was never born"]).level == "moderate"
    assert detector.assess(["I feel hopeless"]).level == "low"
    assert detector.assess(["lovely weather today"]).level == "none"


def test_reasons_name_signal_turn_and_excerpt(detector):
    assessment = detector.assess(["hi", "I want to kill myself"])
    reason = next(r for r in assessment.reasons if r["signal"] == "active_ideation")
    assert reason["turn"] == 1 and "kill myself" in reason["excerpt"]


def test_normalisation_undoes_obfuscation():
    assert normalize("I w4nt to k1ll mys3lf") == "i want to kill myself"
    assert normalize("k.i.l.l myself") == "kill myself"
    assert normalize("i wanna diiiie") == "i want to die"
    assert "suicidal" in normalize("so sucidal")


@pytest.mark.parametrize("locale, number", [("en-US", "988"), ("en-GB", "116 123"), ("en-AU", "13 11 14"),
                                            ("fr-FR", "3114"), ("pt-BR", "188")])
def test_helplines_follow_the_locale(locale, number):
    lines = helplines_for(locale)
    assert number in lines[0].contact
    assert any("findahelpline.com" in h.url for h in lines)


def test_crisis_reply_is_fixed_and_localised(detector):
    spanish = detector.assess(["Quiero morir, no puedo más"])
    assert spanish.language == "es"
    reply = crisis_reply(spanish.resources, spanish.language)
    assert "024" in reply and "IA" in reply
    english = crisis_reply(helplines_for("en-US"))
    assert "988" in english and "AI" in english
    assert english == crisis_reply(helplines_for("en-US"))
    assert HELPLINES_VERIFIED_ON.count("-") == 2


@pytest.mark.parametrize("bad", [None, 5, [None], [b"bytes"]])
def test_bad_input_is_refused(detector, bad):
    with pytest.raises(InvalidInputError):
        detector.assess(bad)


def test_hostile_input_is_handled_quickly(detector):
    import time

    started = time.perf_counter()
    assessment = detector.assess(["a" * 100_000, "🙂" * 5000, "\x00\x01" * 1000, "k i l l " * 2000])
    assert time.perf_counter() - started < 10
    assert assessment.level in ("none", "low", "moderate", "high", "imminent")


def test_rules_work_without_the_semantic_check():
    rules_only = CrisisDetector(semantic=False)
    assert rules_only.assess(["I want to kill myself"]).requires_crisis_reply
    assert not rules_only.assess(["this commute is killing me"]).requires_crisis_reply


def test_a_very_long_turn_is_read_to_its_end_in_windows():
    filler = "We talked about the weather and the trains for a while. " * 700  # about 39,000 characters
    rules = CrisisDetector(semantic=False)
    assert rules.assess([filler + "I want to kill myself."]).requires_crisis_reply
    assert not rules.assess([filler]).requires_crisis_reply


def test_a_turn_beyond_the_windows_is_refused_not_cut():
    with pytest.raises(InvalidInputError, match="turn 1 is"):
        CrisisDetector(semantic=False).assess(["hi", "x " * 150_000])


def test_the_independent_set_is_reported_and_false_alarms_stay_rare():
    from empathic.evaluation.crisis import evaluate_suite, independent_cases

    catch, safe = independent_cases()
    assert len(catch["crisis"]) == 180 and len(safe["look_alike"]) == 260
    report = evaluate_suite(CrisisDetector(semantic=False), catch, safe)
    assert report["false_positives"] / report["n_must_not"] <= 0.05  # a regression guard, not a target
