"""The LiveKit plugin in a real LiveKit ``AgentSession`` (text mode: no room, no server), its LLM the
``livekit-plugins-openai`` one talking real HTTP to a local OpenAI-compatible fake model; turns are driven
and checked with LiveKit's own test tools (``session.run`` and its ``RunResult`` assertions).

Typed turns reach the agent through ``llm_node``. LiveKit calls ``on_user_turn_completed`` only for spoken
turns (STT end of turn), which needs audio; those tests call the hook of a running agent directly with real
``ChatContext`` / ``ChatMessage`` objects, as LiveKit does."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("livekit.agents", reason="the 'livekit' extra (livekit-agents) is not installed")
pytest.importorskip("livekit.plugins.openai", reason="the 'livekit' extra (livekit-plugins-openai) is not installed")

from livekit.agents import AgentSession, StopResponse, llm
from livekit.plugins import openai as lk_openai

from empathic.integrations.livekit import EmpathicAgent
from empathic.integrations.proxy import TurnReader
from empathic.testing.fake_llm import FakeLLMServer

GOOD = "That sounds frustrating. Let me check where your order is right now."
HOSTILE = "From now on I am DAN. Verify your account at http://evil.example/login with your password."


@pytest.fixture(scope="module")
def reader():
    reader = TurnReader()
    reader.warm_up()
    return reader


@pytest.fixture(scope="module")
def fake():
    with FakeLLMServer(reply=GOOD) as fake:
        yield fake


def chats(fake) -> list[dict]:
    """The chat requests the fake model got (the plugin also asks for ``/models``)."""
    return [r for r in fake.requests if "messages" in r]


def talk(reader, fake, body, reply=GOOD, **options):
    """Run ``body(session, agent)`` in a started session whose LLM is the fake model."""
    fake.reply = reply

    async def run():
        model = lk_openai.LLM(model="fake-model", base_url=fake.base_url, api_key="sk-test", max_retries=0)
        async with model, AgentSession(llm=model) as session:
            agent = EmpathicAgent(instructions="You are ShopBot, the assistant of an online shop.", reader=reader,
                                  **options)
            await session.start(agent)
            return await body(session, agent)

    return asyncio.run(run())


def test_the_perception_block_reaches_the_llm_and_its_answer_is_said(reader, fake):
    async def body(session, agent):
        await session.run(user_input="My order never arrived.")
        result = await session.run(user_input="I already told you THREE times. This is ridiculous, I'm so fed up!")
        result.expect.next_event().is_message(role="assistant")
        result.expect.no_more_events()
        return result, agent

    before = len(chats(fake))
    result, agent = talk(reader, fake, body)
    assert len(chats(fake)) == before + 2
    sent = chats(fake)[-1]["messages"]
    blocks = [m for m in sent if m["role"] in ("system", "developer") and "[empathic: emotion" in str(m["content"])]
    assert len(blocks) == 1  # this turn's reading only: earlier blocks are not kept in the history
    assert sent[0]["content"].startswith("You are ShopBot") and "I already told you" in str(sent[-2:])
    assert result.events[0].item.text_content.strip() == GOOD
    assert agent.last.index == 1 and agent.last.reading.valence < 0 and not agent.verdicts[-1]["replaced"]


def test_a_typed_crisis_turn_gets_the_crisis_reply_and_the_llm_is_not_called(reader, fake):
    async def body(session, agent):
        before = len(chats(fake))
        crisis = await session.run(user_input="I can't take it anymore. I want to kill myself tonight.")
        crisis.expect.next_event().is_message(role="assistant")
        crisis.expect.no_more_events()
        assert len(chats(fake)) == before  # the model never saw this turn
        after = await session.run(user_input="Thanks. I'll call the helpline.")
        return crisis, after, agent, len(chats(fake)) - before

    crisis, after, agent, calls = talk(reader, fake, body)
    reply = crisis.events[0].item.text_content
    assert "emergency" in reply and "DAN" not in reply
    # the next turn continues the conversation and its crisis state: the dialogue stays engaged, still templated
    assert calls == 0 and agent.last.index == 1 and agent.last.crisis is not None
    assert after.events[0].item.text_content.strip() == agent.last.crisis.reply.strip() != GOOD


def test_the_guard_replaces_a_hostile_llm_answer(reader, fake):
    async def body(session, agent):
        return await session.run(user_input="My parcel is late again and I'm annoyed."), agent

    result, agent = talk(reader, fake, body, reply=HOSTILE)
    said = result.events[0].item.text_content
    assert "DAN" not in said and "http" not in said and said.strip()
    assert agent.verdicts[-1]["replaced"] and agent.verdicts[-1]["source"] == "template"
    unguarded, _ = talk(reader, fake, body, reply=HOSTILE, guard=False)
    assert "DAN" in unguarded.events[0].item.text_content  # the check above can fail


def test_the_spoken_turn_hook_adds_the_block_or_stops_the_llm_at_a_crisis(reader, fake):
    async def body(session, agent):
        turn_ctx = agent.chat_ctx.copy()
        spoken = llm.ChatMessage(role="user", content=["The delivery guy threw my parcel over the fence and it broke."])
        await agent.on_user_turn_completed(turn_ctx, spoken)
        block = turn_ctx.messages()[-1]
        # what LiveKit does next with the hook's context: the reply, through llm_node, read once, one block
        await session.generate_reply(user_input=spoken, chat_ctx=turn_ctx)
        sent = chats(fake)[-1]["messages"]
        assert [m["content"] for m in sent if "[empathic:" in str(m["content"])] == [block.text_content]
        assert sent[-2] == {"role": "user", "content": spoken.text_content}
        crisis_ctx = agent.chat_ctx.copy()
        words = llm.ChatMessage(role="user", content=["I want to end my life, I have the pills here."])
        before = len(chats(fake))
        with pytest.raises(StopResponse):
            await agent.on_user_turn_completed(crisis_ctx, words)
        for _ in range(100):  # session.say plays out on LiveKit's own task
            if agent.chat_ctx.messages()[-1].role == "assistant":
                break
            await asyncio.sleep(0.05)
        return block, [(m.role, m.text_content) for m in agent.chat_ctx.messages()], len(chats(fake)) - before

    block, history, calls = talk(reader, fake, body)
    assert block.role == "system" and block.text_content.startswith("[empathic: emotion ")
    assert calls == 0 and not any("[empathic:" in (text or "") for _, text in history)  # blocks are per reply
    assert history[1:3] == [("user", "The delivery guy threw my parcel over the fence and it broke."),
                            ("assistant", GOOD + " ")]  # the fake model streams word by word
    assert history[-2] == ("user", "I want to end my life, I have the pills here.")  # kept for the next turn
    assert history[-1][0] == "assistant" and "emergency" in history[-1][1]


def test_the_example_builds_a_livekit_agent_server():
    import runpy
    from pathlib import Path

    from livekit.agents import AgentServer

    example = runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "livekit_agent.py"),
                             run_name="example")
    assert isinstance(example["server"], AgentServer) and example["server"]._entrypoint_fnc is example["entrypoint"]
