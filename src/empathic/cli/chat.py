"""``empathic chat``: a terminal conversation with a live emotion view."""

from __future__ import annotations

import sys
import uuid

from empathic.errors import EmpathicError

DEMO_SCRIPT = (
    "Hi. My dog Biscuit has been sick all week and I'm exhausted.",
    "The vet says he might need surgery and I don't know how I'll pay for it.",
    "And now my landlord is raising the rent. I'm so frustrated!!",
    "Honestly I just feel like nothing is going my way.",
    "Thanks for listening, it actually helps a bit.",
)
SPARK = "▁▂▃▄▅▆▇█"


def register(sub) -> None:
    p = sub.add_parser("chat", help="talk with the empathic agent in the terminal")
    p.add_argument("--demo", action="store_true", help="play a scripted conversation (non-interactive)")
    p.add_argument("--preset", default="default")
    p.add_argument("--user", default="local-user")
    p.add_argument("--session", help="resume a session id")
    p.add_argument("--database-url", default="sqlite:///empathic.db")
    p.add_argument("--llm-url", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--llm-model", default="default")
    p.add_argument("--locale", help="e.g. en-US, en-GB, es-MX, pt-PT: picks crisis helplines")
    p.set_defaults(handler=run)


def sparkline(values: list[float]) -> str:
    return "".join(SPARK[min(7, max(0, int((v + 1) / 2 * 7.999)))] for v in values[-30:])


def render_turn(result) -> str:
    from empathic.cli.render import bar

    text = result.readings.get("text")
    lines = []
    if text is not None:
        for label, score in text.top_scores(3):
            lines.append(f"   {label:14} {score:4.2f} {bar(score, 16)}")
    state = result.state
    lines.append(f"   valence {state.valence:+.2f}  arousal {state.arousal:.2f}  trajectory {sparkline([v for v, _ in state.trajectory])}"
                 + ("  ESCALATING" if state.escalating else "") + ("  calming" if state.deescalating else ""))
    tone = result.plan.tone
    lines.append(f"   strategy: {result.plan.strategy}  tone: warmth {tone.warmth} formality {tone.formality} "
                 f"energy {tone.energy} {tone.length}  [{result.source}]  safety: {result.safety.level}"
                 + (f"  language: {text.language} (reply {result.language})" if text is not None and text.language else ""))
    lines.append(f"agent> {result.reply}")
    return "\n".join(lines)


def run(args) -> int:
    from empathic.conversation.agent import Agent

    llm = None
    if args.llm_url:
        from empathic.conversation.llm import OpenAICompatible

        llm = OpenAICompatible(args.llm_url, args.llm_model)
    agent = Agent(preset=args.preset, database_url=args.database_url, llm=llm, locale=args.locale)
    session = args.session or f"chat-{uuid.uuid4().hex[:8]}"
    print(f"session {session} (preset {args.preset}); Ctrl-D to quit\n")
    lines = iter(DEMO_SCRIPT) if args.demo else _stdin_lines()
    for line in lines:
        if args.demo:
            print(f"you> {line}")
        if not line.strip():
            continue
        try:
            print(render_turn(agent.respond(session, args.user, text=line)) + "\n")
        except EmpathicError as exc:
            print(f"(error: {exc})", file=sys.stderr)
    return 0


def _stdin_lines():
    while True:
        try:
            yield input("you> ")
        except EOFError:
            print()
            return
