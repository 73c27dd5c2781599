"""A LiveKit agent with empathic: every turn read for emotion and crisis risk, the LLM told how the user feels.

    pip install -c constraints.txt -e '.[livekit]'
    export LIVEKIT_URL=ws://127.0.0.1:7880 LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret  # livekit-server --dev
    export LLM_BASE_URL=http://127.0.0.1:8080/v1 LLM_MODEL=any LLM_API_KEY=none              # any OpenAI-compatible LLM
    python examples/livekit_agent.py dev

Then join the room from a LiveKit client (e.g. the Agents Playground) and type: the agent answers in the room's
chat. For voice, give the session an ``stt``, ``tts`` and ``vad`` (any LiveKit plugins) and drop ``room_options``.
"""

from __future__ import annotations

import os

from livekit.agents import AgentServer, AgentSession, JobContext, cli, room_io
from livekit.plugins import openai

from empathic.integrations.livekit import EmpathicAgent
from empathic.integrations.proxy import TurnReader

server = AgentServer()
reader = TurnReader()  # one per worker process: the models load once, each call keeps its own session


@server.rtc_session()
async def entrypoint(ctx: JobContext) -> None:
    model = openai.LLM(model=os.environ.get("LLM_MODEL", "any"), base_url=os.environ["LLM_BASE_URL"],
                       api_key=os.environ.get("LLM_API_KEY", "none"))
    session = AgentSession(llm=model)
    agent = EmpathicAgent(instructions="You are a kind, brief support agent for an online shop.", reader=reader,
                          session_key=ctx.room.name)
    await session.start(agent=agent, room=ctx.room,
                        room_options=room_io.RoomOptions(audio_input=False, audio_output=False))  # text chat


if __name__ == "__main__":
    reader.warm_up()
    cli.run_app(server)
