"""Pipecat processors (extra ``pipecat``, the ``pipecat-ai`` package): empathic inside a voice pipeline.

``EmpathicProcessor`` goes after speech-to-text, before the user context aggregator; ``EmpathicGuard``
(optional) right after the LLM service::

    empathic = EmpathicProcessor()
    Pipeline([transport.input(), stt, empathic, user_aggregator, llm, EmpathicGuard(empathic),
              tts, transport.output(), assistant_aggregator])

For each user transcription the processor reads the words with the session so far (emotion,
trajectory, crisis risk, strategy and tone: ``TurnReader``, as the OpenAI-compatible proxy does), then

- at a crisis turn speaks the reviewed crisis reply (``TTSSpeakFrame``) and does not pass the
  transcription on, so the LLM never answers it;
- otherwise appends the compact perception block (``[empathic: emotion ...; plan: ...; tone: ...]``)
  to the LLM context as a system message (``LLMMessagesAppendFrame``, ``run_llm=False``) and passes
  the transcription on.

``EmpathicGuard`` holds the LLM's text frames of one response, checks the whole answer with the
guard (links, persona switches, self-harm methods, prompt leaks, ...) and sends it on, or the template
reply in its place. ``processor.last`` is the newest turn's ``Understanding`` (reading, plan, safety).
Not done yet: audio frames (voice emotion) and tone hints for the TTS.
"""

from __future__ import annotations

import asyncio

from empathic.errors import require

require("pipecat", "pipecat", "pipecat-ai")

from pipecat.frames.frames import (
    Frame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMMessagesAppendFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from empathic.integrations.proxy import TurnReader

TENANT = "pipecat"


class EmpathicProcessor(FrameProcessor):
    """Perception, safety and planning for each user transcription (see the module docstring)."""

    def __init__(self, reader: TurnReader | None = None, session: str = "pipecat", **kwargs):
        super().__init__(**kwargs)
        self.reader = reader or TurnReader()
        self.session = session
        self.messages: list[dict] = []  # the user's turns and the crisis replies, as the reader sees them
        self.last = None  # the newest turn's Understanding

    async def process_frame(self, frame: Frame, direction: FrameDirection):
        await super().process_frame(frame, direction)
        if not (isinstance(frame, TranscriptionFrame) and direction == FrameDirection.DOWNSTREAM and frame.text.strip()):
            await self.push_frame(frame, direction)
            return
        self.messages.append({"role": "user", "content": frame.text})
        texts = [m["content"] for m in self.messages]
        u = await asyncio.to_thread(self.reader.understand, TENANT, self.session, list(self.messages), texts,
                                    charge=False)
        self.last = u
        if u.crisis is not None:  # a reviewed reply, spoken; the model never sees this turn to answer it
            self.messages.append({"role": "assistant", "content": u.crisis.reply})
            await self.push_frame(LLMMessagesAppendFrame(messages=[{"role": "user", "content": frame.text}],
                                                         run_llm=False))
            await self.push_frame(TTSSpeakFrame(u.crisis.reply))
            return
        await self.push_frame(LLMMessagesAppendFrame(messages=[{"role": "system", "content": u.block}], run_llm=False))
        await self.push_frame(frame, direction)


class EmpathicGuard(FrameProcessor):
    """Checks each LLM response as a whole before the TTS speaks it; a refused one is replaced."""

    def __init__(self, processor: EmpathicProcessor, **kwargs):
        super().__init__(**kwargs)
        self.processor = processor
        self._held: list[LLMTextFrame] | None = None
        self.verdicts: list[dict] = []  # what the guard found, one entry per checked response

    async def process_frame(self, frame: Frame, direction: FrameDirection):
        await super().process_frame(frame, direction)
        if direction != FrameDirection.DOWNSTREAM:
            await self.push_frame(frame, direction)
        elif isinstance(frame, LLMFullResponseStartFrame):
            self._held = []
            await self.push_frame(frame, direction)
        elif isinstance(frame, LLMTextFrame) and self._held is not None:
            self._held.append(frame)
        elif isinstance(frame, LLMFullResponseEndFrame) and self._held is not None:
            held, self._held = self._held, None
            answer = "".join(f.text for f in held)
            u = self.processor.last
            if u is None or not answer.strip():
                for f in held:
                    await self.push_frame(f)
            else:
                sent = [{"role": "system", "content": u.block}, *self.processor.messages]
                final, verdict = await asyncio.to_thread(self.processor.reader.review, answer, u, sent,
                                                         self.processor.session)
                self.verdicts.append(verdict)
                if verdict["replaced"]:
                    await self.push_frame(LLMTextFrame(final))
                else:
                    for f in held:
                        await self.push_frame(f)
            await self.push_frame(frame, direction)
        else:
            await self.push_frame(frame, direction)
