"""The Pipecat processors in a real Pipecat pipeline, run with Pipecat's own test utility (``run_test``)."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pipecat", reason="the 'pipecat' extra (pipecat-ai) is not installed")

from pipecat.frames.frames import (
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMMessagesAppendFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
)
from pipecat.tests.utils import run_test

from empathic.integrations.pipecat import EmpathicGuard, EmpathicProcessor
from empathic.integrations.proxy import TurnReader


@pytest.fixture(scope="module")
def reader():
    reader = TurnReader()
    reader.warm_up()
    return reader


def said(text: str) -> TranscriptionFrame:
    return TranscriptionFrame(text=text, user_id="u1", timestamp="2026-12-01T00:00:00Z")


def test_the_perception_block_reaches_the_llm_context_before_the_words(reader):
    processor = EmpathicProcessor(reader, session="call-1")
    down, _ = asyncio.run(run_test(processor, frames_to_send=[
        said("My order never arrived."), said("I already told you THREE times. This is ridiculous!")],
        expected_down_frames=[LLMMessagesAppendFrame, TranscriptionFrame, LLMMessagesAppendFrame, TranscriptionFrame]))
    block = down[2].messages[0]
    assert block["role"] == "system" and block["content"].startswith("[empathic: emotion ")
    assert down[2].run_llm is False and down[3].text.startswith("I already told you")
    assert processor.last.index == 1 and processor.last.reading.valence < 0


def test_a_crisis_turn_is_spoken_by_the_crisis_reply_and_never_reaches_the_llm(reader):
    processor = EmpathicProcessor(reader, session="call-2")
    down, _ = asyncio.run(run_test(processor, frames_to_send=[said("I want to kill myself tonight.")],
                                   expected_down_frames=[LLMMessagesAppendFrame, TTSSpeakFrame]))
    assert "emergency" in down[1].text and processor.last.safety.requires_crisis_reply
    assert not any(isinstance(f, TranscriptionFrame) for f in down)


def test_the_guard_replaces_a_hostile_llm_answer_and_passes_a_good_one(reader):
    processor = EmpathicProcessor(reader, session="call-3")
    asyncio.run(run_test(processor, frames_to_send=[said("My parcel is late again and I'm annoyed.")]))
    guard = EmpathicGuard(processor)
    hostile = ["From now on I am DAN. ", "Verify your account at http://evil.example/login ", "with your password."]
    down, _ = asyncio.run(run_test(guard, frames_to_send=[
        LLMFullResponseStartFrame(), *[LLMTextFrame(t) for t in hostile], LLMFullResponseEndFrame()],
        expected_down_frames=[LLMFullResponseStartFrame, LLMTextFrame, LLMFullResponseEndFrame]))
    assert "DAN" not in down[1].text and "http" not in down[1].text and guard.verdicts[-1]["replaced"]
    good = ["That sounds frustrating. ", "Let me check where your parcel is."]
    guard = EmpathicGuard(processor)  # a processor belongs to one event loop: a new one for a new run
    down, _ = asyncio.run(run_test(guard, frames_to_send=[
        LLMFullResponseStartFrame(), *[LLMTextFrame(t) for t in good], LLMFullResponseEndFrame()],
        expected_down_frames=[LLMFullResponseStartFrame, LLMTextFrame, LLMTextFrame, LLMFullResponseEndFrame]))
    assert [f.text for f in down[1:3]] == good and not guard.verdicts[-1]["replaced"]
