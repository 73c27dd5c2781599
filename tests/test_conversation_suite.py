"""Scripted conversations across the six presets, judged as a person would (see ``conversation_scripts``)."""

import pytest

from conversation_scripts import CONVERSATIONS, ends_in_question, run_conversation, violations
from empathic.conversation.agent import Agent
from empathic.storage.store import Store

SEEDS = (0, 1)


@pytest.fixture(scope="module")
def planner(text_recognizer):
    from empathic.conversation.planner import ResponsePlanner
    from empathic.text.recognizer import TextEmotionRecognizer

    return ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))


@pytest.fixture(scope="module")
def played(text_recognizer, planner):
    """Every conversation, under each seed, played once for all the tests below."""
    def make(seed):
        def agent_for(conversation):
            extra = {"persona": conversation.persona} if conversation.persona else {}
            return Agent(preset=conversation.preset, store=Store("sqlite:///:memory:"), seed=seed,
                         text_recognizer=text_recognizer, planner=planner, **extra)
        return agent_for
    return {(c.id, seed): run_conversation(make(seed), c) for c in CONVERSATIONS for seed in SEEDS}


def test_the_suite_covers_what_people_bring():
    presets = {c.preset for c in CONVERSATIONS}
    assert len(CONVERSATIONS) >= 20 and presets == {"default", "wellbeing", "customer_service", "tutoring", "hr",
                                                   "game_character"}
    assert any(len(c.sessions) > 1 for c in CONVERSATIONS)  # a returning user
    statuses = {status for c in CONVERSATIONS for status, _ in c.persons.values()}
    assert {"deceased", "ex"} <= statuses and any(t.handoff for c in CONVERSATIONS for s in c.sessions for t in s)


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c.id for c in CONVERSATIONS])
@pytest.mark.parametrize("seed", SEEDS)
def test_replies_a_person_would_trust(played, conversation, seed):
    problems = violations(conversation, played[conversation.id, seed])
    assert not problems, "\n".join(problems)


def test_fewer_than_half_of_the_replies_end_in_a_question(played):
    asked = [ends_in_question(p) for p in played.values()]
    questions, replies = sum(a for a, _ in asked), sum(n for _, n in asked)
    assert questions / replies < 0.5, f"{questions} of {replies} replies end in a question"
