"""LiveKit Agents plugin (extra ``livekit``, the ``livekit-agents`` package, 1.x): empathic inside a voice agent.

``EmpathicAgent`` is a ``livekit.agents.Agent``; use it (or subclass it) in place of ``Agent``::

    session = AgentSession(stt=..., llm=openai.LLM(base_url=...), tts=..., vad=...)
    await session.start(agent=EmpathicAgent(instructions="You are a helpful support agent."), room=ctx.room)

For each user turn it reads the words with the conversation so far (emotion, trajectory, crisis risk,
strategy and tone: ``TurnReader``, as the OpenAI-compatible proxy and the Pipecat processor do), then

- at a crisis turn speaks the reviewed crisis reply and never calls the LLM;
- otherwise adds the compact perception block (``[empathic: emotion ...; plan: ...; tone: ...]``) to the
  context of this reply only, as a system message;
- with ``guard=True`` (default) holds the LLM's answer, checks it as a whole with the guard (links, persona
  switches, self-harm methods, prompt leaks, ...) and sends it, or the template reply in its place.

Spoken turns arrive through ``on_user_turn_completed`` (crisis: ``session.say`` + ``StopResponse``); typed
turns (``session.generate_reply(user_input=...)``, room text input, ``session.run``) skip that hook in
LiveKit, so ``llm_node`` reads any turn the hook did not (crisis: the reply stands in for the LLM's output).
``agent.last`` is the newest turn's ``Understanding``. Not done yet: voice emotion from the audio, tone hints
for the TTS.
"""

from __future__ import annotations

import asyncio
import uuid

from empathic.errors import require

require("livekit.agents", "livekit", "livekit-agents")

from livekit.agents import Agent, StopResponse, llm

from empathic.integrations.proxy import TurnReader

TENANT = "livekit"


def _turns(chat_ctx: llm.ChatContext, new_message: llm.ChatMessage | None = None) -> list[dict]:
    """The user's and the agent's words, oldest first, as the reader sees them (our blocks left out)."""
    messages = [*chat_ctx.messages(), *([new_message] if new_message is not None else [])]
    return [{"role": m.role, "content": m.text_content or ""} for m in messages
            if m.role in ("user", "assistant") and (m.text_content or "").strip()]


def _text(chunk) -> str:
    """The words in one piece of the LLM's output (a ``str``, a ``ChatChunk`` or a ``FlushSentinel``)."""
    if isinstance(chunk, str):
        return chunk
    delta = getattr(chunk, "delta", None) if isinstance(chunk, llm.ChatChunk) else None
    return (delta.content or "") if delta is not None else ""


class EmpathicAgent(Agent):
    """A LiveKit ``Agent`` with empathic's perception, safety and planning (see the module docstring)."""

    def __init__(self, *, reader: TurnReader | None = None, session_key: str | None = None, guard: bool = True,
                 **kwargs):
        super().__init__(**kwargs)
        self.reader = reader or TurnReader()
        self.session_key = session_key or f"livekit-{uuid.uuid4().hex}"  # a reader may serve many calls
        self.guard = guard
        self.last = None  # the newest turn's Understanding
        self.verdicts: list[dict] = []  # what the guard found, one entry per checked answer
        self._read: set[str] = set()  # ids of the user messages already read (hook, then llm_node)

    async def read_turn(self, messages: list[dict], message_id: str | None = None):
        """The ``Understanding`` of the newest user message in ``messages`` (a repeat is not read twice)."""
        texts = [m["content"] for m in messages]
        u = await asyncio.to_thread(self.reader.understand, TENANT, self.session_key, messages, texts, charge=False)
        self.last = u
        if message_id is not None:
            self._read.add(message_id)
        return u

    async def on_user_turn_completed(self, turn_ctx: llm.ChatContext, new_message: llm.ChatMessage) -> None:
        await super().on_user_turn_completed(turn_ctx, new_message)
        if not (new_message.text_content or "").strip():
            return
        u = await self.read_turn(_turns(turn_ctx, new_message), new_message.id)
        if u.crisis is not None:
            # StopResponse drops the user's message: keep it, so the next turn continues this conversation
            # (and its crisis state) instead of starting over
            history = self.chat_ctx.copy()
            history.items.append(new_message)
            await self.update_chat_ctx(history)
            self.session.say(u.crisis.reply, allow_interruptions=False)
            raise StopResponse()
        turn_ctx.add_message(role="system", content=u.block)

    async def llm_node(self, chat_ctx: llm.ChatContext, tools: list, model_settings):
        users = [m for m in chat_ctx.messages() if m.role == "user" and (m.text_content or "").strip()]
        u = self.last
        if users and users[-1].id not in self._read:  # a typed turn: the hook did not run
            u = await self.read_turn(_turns(chat_ctx), users[-1].id)
            if u.crisis is not None:  # a reviewed reply in place of the model's: the model is never called
                yield u.crisis.reply
                return
        if u is not None and u.crisis is None and not any(m.text_content == u.block for m in chat_ctx.messages()):
            chat_ctx.add_message(role="system", content=u.block)  # also after a tool call, for the same turn
        answer = Agent.default.llm_node(self, chat_ctx, tools, model_settings)
        if not self.guard or u is None:
            async for chunk in answer:
                yield chunk
            return
        held = [chunk async for chunk in answer]  # the guard judges a whole answer
        text = "".join(_text(c) for c in held)
        if text.strip():
            sent = [{"role": m.role, "content": m.text_content or ""} for m in chat_ctx.messages()]
            final, verdict = await asyncio.to_thread(self.reader.review, text, u, sent, self.session_key)
            self.verdicts.append(verdict)
            if verdict["replaced"]:  # the template's words; what carries no words (tool calls, usage) passes on
                held = [final, *(c for c in held if isinstance(c, llm.ChatChunk) and not _text(c))]
        for chunk in held:
            yield chunk
