"""The responder's acts one at a time: handoff through the host, memory answers, wishes, arithmetic, guard."""

from fractions import Fraction

import pytest

from empathic.conversation.agent import Agent
from empathic.conversation.arithmetic import find_problem, find_proposal
from empathic.conversation.guard import check_reply
from empathic.conversation.memory import Memory
from empathic.errors import InvalidInputError
from empathic.storage.store import Store


@pytest.fixture(scope="module")
def planner(text_recognizer):
    from empathic.conversation.planner import ResponsePlanner
    from empathic.text.recognizer import TextEmotionRecognizer

    return ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))


@pytest.fixture
def make_agent(text_recognizer, planner):
    def make(preset="customer_service", **options):
        return Agent(preset=preset, store=Store("sqlite:///:memory:"), seed=0, text_recognizer=text_recognizer,
                     planner=planner, **options)
    return make


def test_a_handoff_calls_the_host_and_says_only_what_it_confirmed(make_agent):
    calls = []

    def handler(reason, session_id):
        calls.append((reason, session_id))
        return "Sam from the delivery team will join in about 5 minutes."

    agent = make_agent(handoff=handler)
    agent.respond("h1", "u", text="My order number is 5521 and it never came.")
    result = agent.respond("h1", "u", text="I want to talk to a real person.")
    assert result.handoff and "5521" in result.handoff and calls == [(result.handoff, "h1")]
    assert "Sam from the delivery team" in result.reply
    assert result.to_dict()["handoff"] == result.handoff
    assert not agent.respond("h1", "u", text="Thanks.").handoff


def test_a_failing_handoff_handler_is_said_plainly_and_still_recorded(make_agent):
    def broken(reason, session_id):
        raise ConnectionError("queue down")

    result = make_agent(handoff=broken).respond("h2", "u", text="Can I speak to a human please?")
    assert result.handoff and result.source == "template"
    assert "couldn't get through" in result.reply and "recorded" in result.reply


def test_without_a_handler_nothing_is_promised(make_agent):
    result = make_agent().respond("h3", "u", text="Get me a human.")
    assert result.handoff
    assert "can't" in result.reply.replace("cannot", "can't") or "no one" in result.reply
    assert "follow up" not in result.reply and "specialist" not in result.reply


def test_handoff_and_responder_are_validated(make_agent):
    with pytest.raises(InvalidInputError):
        make_agent(handoff="call me")
    with pytest.raises(InvalidInputError):
        make_agent(responder="neural")
    with pytest.raises(InvalidInputError):
        make_agent("game_character", persona=["Brunna"])


def test_the_template_responder_stays_for_comparison(make_agent):
    result = make_agent("default", responder="templates").respond("t1", "u", text="I feel a bit sad today.")
    assert result.source == "template" and result.reply and not result.handoff


def test_memory_is_answered_and_the_dead_are_not_asked_after(make_agent):
    agent = make_agent("default")
    texts = ["My dad passed away in the spring.", "His name was Joe.", "I still hear his voice sometimes.",
             "Work is busy too.", "Do you remember my dad's name?"]
    replies = [agent.respond("m1", "u", text=t).reply for t in texts]
    assert "Joe" in replies[-1] and replies[-1].startswith(("Yes", "Of course"))
    assert not any("how is joe" in r.lower() or "joe doing" in r.lower() for r in replies)
    unknown = agent.respond("m1", "u", text="Do you remember my cousin's name?").reply
    assert "haven't told me" in unknown or "don't know" in unknown


def test_wishes_hold_for_the_session(make_agent):
    agent = make_agent("wellbeing")
    agent.respond("w1", "u", text="My landlord keeps ignoring the broken heating.")
    agent.respond("w1", "u", text="Please don't ask me how I feel, just tell me what to do.")
    replies = [agent.respond("w1", "u", text=t).reply for t in ("He says he's busy.", "It's freezing at night.")]
    assert all("feel" not in r.lower() for r in replies)
    assert all(any(w in r for w in ("Try", "It can help", "You could", "Start")) for r in replies)


def test_persons_get_a_status():
    memory = Memory()
    for turn, text in enumerate(["My ex Jamie texted me.", "My cat Miso is sick.", "My late grandma Rose loved roses.",
                                 "Miso died last night."]):
        memory.add(text, turn)
    status = {f.value: f.status for f in memory.facts if f.kind == "relation"}
    assert status == {"Jamie": "ex", "Miso": "deceased", "Rose": "deceased"}
    assert memory.person("grandmother").value == "Rose"


def test_arithmetic_is_exact_and_never_confirms_a_wrong_sum():
    problem, proposed = find_problem("is 1/3 + 1/4 = 2/7?")
    assert problem.answer() == Fraction(7, 12) and proposed == Fraction(2, 7)
    assert problem.is_top_and_bottom_slip(proposed)
    assert find_problem("what is 3/4 divided by 1/2")[0].answer() == Fraction(3, 2)
    assert find_proposal("is it 5/6?") == Fraction(5, 6) and find_proposal("hello") is None


def test_tutor_corrects_and_confirms(make_agent):
    agent = make_agent("tutoring")
    wrong = agent.respond("a1", "u", text="I think 2/5 + 1/5 = 3/10").reply
    assert "3/5" in wrong and not wrong.lower().startswith(("yes", "correct"))
    assert agent.respond("a1", "u", text="oh, is it 3/5?").reply.lower().startswith(("yes", "correct"))


def test_the_guard_reads_meaning():
    assert not check_reply("I will do it tomorrow. " * 30).ok
    assert any("unfinished" in v for v in check_reply("I think the best thing to do is to").violations)
    assert any("first-hand" in v for v in check_reply("When I lost my mum, it took years.").violations)
    assert any("positive opener" in v for v in check_reply("That's great news! Tell me more.", turn_negative=True).violations)
    memory = Memory()
    memory.add("My sister Ana passed away last year.", 0)
    assert any("gone" in v for v in check_reply("How is Ana doing these days?", memory=memory).violations)
    assert check_reply("That's great news! Tell me more.", turn_negative=False).ok


def test_plain_questions_get_plain_answers(make_agent):
    agent = make_agent("default")
    agent.respond("q1", "u", text="I have an interview on Monday and I'm nervous.")
    assert "interview" in agent.respond("q1", "u", text="Do you remember my interview?").reply
    assert agent.respond("q1", "u", text="Can you help me get ready?").reply.startswith(("Yes", "Of course"))
    where = make_agent().respond("q2", "u", text="Where is my order?").reply
    assert "can't see" in where.replace("cannot", "can't") or "don't know" in where.replace("do not", "don't")


def test_the_guard_checks_arithmetic():
    assert any("wrong arithmetic" in v for v in check_reply("Great work! 1/3 + 1/4 = 2/7.").violations)
    assert any("confirms" in v for v in check_reply("Yes, well done!", user_text="is 1/3 + 1/4 = 2/7?").violations)
    assert check_reply("Not quite: 1/3 + 1/4 = 7/12.", user_text="is 1/3 + 1/4 = 2/7?").ok
