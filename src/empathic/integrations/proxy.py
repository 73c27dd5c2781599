"""An emotion-aware OpenAI-compatible proxy: ``empathic proxy --upstream http://host:port/v1``.

An existing chatbot gains empathic by changing its base URL. For each
``POST /v1/chat/completions`` the proxy

1. reads the conversation in the request (system/user/assistant messages; content as a
   string or a list of parts, whose text parts are read) and perceives the newest user
   turn, with the session's earlier turns as context (``perceive``-style text reading,
   ``fuse``, ``update_state``), assesses crisis risk over the user turns and plans the
   reply (``ResponsePlanner``: strategy and tone);
2. answers a crisis turn itself with the reviewed crisis reply (``CrisisDialogue``), never
   calling the model;
3. otherwise adds a compact perception + plan block to the system message, e.g.
   ``[empathic: emotion annoyance 0.71 (frustration 0.64, rising); plan: reflection of
   feelings, acknowledge, next step; tone: warm, calm, short ...]``, forwards the request
   with the client's other parameters, and passes the answer through the guard
   (``check_reply`` with the messages sent); a refused answer is replaced by the template
   realizer's reply;
4. returns OpenAI-shaped JSON (or server-sent events) with empathic's reading, plan and
   safety in the extension field ``"empathic"``.

Streaming: the guard must see the whole answer before any of it reaches the person, so
the upstream's stream is read to its end, checked, and then sent on as server-sent
events (the upstream's own chunks when the answer passes). Time to the first byte is
therefore the upstream's whole generation time.

Sessions are keyed by the ``X-Empathic-Session`` header or the request's ``user`` field,
within the API key's tenant; without either, each request is read on its own (the
trajectory then comes from the last user turns of the request). Session state (the
emotional trajectory and the crisis dialogue's state) lives in memory only: the proxy
stores no conversation text. API keys, tenants and cost limits are the service's
(``Application``; a request costs what a text turn of its newest user message costs);
errors are OpenAI-shaped ``{"error": {"message", "type", "code"}}``. Only text is read
(image and audio parts go to the model untouched and are not analysed), so no biometric
consent is involved. Long conversations are read in windows: the last characters of each
turn, the last user turns for the crisis detector, the recent turns for the planner.

Which guard findings replace an answer: everything that makes it unsafe to show (self-harm
method, links, contact details, credential requests, persona switches, prompt leaks,
claims to be human or a professional, manipulation, secrecy, prompt markup; invalidating
phrasing when the plan asks to acknowledge a feeling). Length, language and a missing
acknowledgement are reported in ``empathic.notes`` but do not replace the answer: a
general chatbot may rightly write long code answers.
"""

# no "from __future__ import annotations": FastAPI reads the routes' annotations (Request) at definition time

import asyncio
import hashlib
import inspect
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from empathic.conversation.fusion import fuse
from empathic.conversation.guard import check_reply
from empathic.conversation.llm import is_local, redact_messages
from empathic.conversation.planner import ResponsePlan, ResponsePlanner, Tone
from empathic.conversation.realizer import TemplateRealizer
from empathic.conversation.state import ConversationState, frustration_of, update_state
from empathic.errors import InvalidInputError
from empathic.safety.crisis import CrisisDetector, SafetyAssessment
from empathic.safety.crisis_dialogue import CrisisDialogue, CrisisState
from empathic.safety.policy import get_preset
from empathic.service import limits
from empathic.service.errors import Forbidden, ServiceError, describe

log = logging.getLogger("empathic.proxy")

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
SESSION_HEADER = "x-empathic-session"
WINDOW_TURNS = 4  # user turns read when a session starts (or without one): the trajectory's context
CRISIS_TURNS = 20  # user turns the crisis detector reads
READ_CHARS = 20_000  # of each turn, the last characters read (long turns are read in windows)
MAX_MESSAGES = 2_000
MAX_SESSIONS = 2_000
ADVISORY = ("length:", "does not acknowledge", "language:")
SAFE_FALLBACK = "I'm sorry, I can't help with that here. Could you tell me a bit more about what you need?"
OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                404: "not_found_error", 409: "conflict_error", 413: "invalid_request_error",
                415: "invalid_request_error", 422: "invalid_request_error", 429: "rate_limit_error",
                502: "upstream_error", 504: "timeout_error"}


class BadRequest(ServiceError):
    status, code = 400, "invalid_request"


class UpstreamUnavailable(ServiceError):
    status, code = 502, "upstream_unavailable"


class UpstreamTimeout(ServiceError):
    status, code = 504, "upstream_timeout"


class UpstreamRejected(ServiceError):
    code = "upstream_rejected"

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status


def openai_error(exc: BaseException) -> tuple[int, dict, dict]:
    """(status, OpenAI-shaped body, headers) for any exception, through the service's error table."""
    status, body, headers = describe(exc)
    kind = OPENAI_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return status, {"error": {"message": body["detail"], "type": kind, "param": None, "code": body["error"]}}, headers


# --- reading the request --------------------------------------------------------------------
def message_text(content, where: str) -> str:
    """The text of a message's content: a string, or the text parts of a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for j, part in enumerate(content):
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                raise BadRequest(f"{where}.content[{j}] must be an object with a 'type'")
            if part["type"] == "text":
                if not isinstance(part.get("text"), str):
                    raise BadRequest(f"{where}.content[{j}].text must be a string")
                texts.append(part["text"])
        return "\n".join(texts)
    raise BadRequest(f"{where}.content must be a string, a list of content parts, or null")


def read_chat(body) -> tuple[list[dict], list[str]]:
    """The request's messages (validated) and the text of each message, in order."""
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object with 'model' and 'messages'")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' must be a non-empty list of {'role', 'content'} objects")
    if len(messages) > MAX_MESSAGES:
        raise BadRequest(f"'messages' holds {len(messages)} messages; the proxy reads at most {MAX_MESSAGES}")
    if "model" in body and not isinstance(body["model"], str):
        raise BadRequest("'model' must be a string")
    if "stream" in body and not isinstance(body["stream"], bool):
        raise BadRequest("'stream' must be true or false")
    if "user" in body and not isinstance(body["user"], str):
        raise BadRequest("'user' must be a string")
    if body.get("stream") and body.get("n", 1) != 1:
        raise BadRequest("the proxy streams one choice: use n=1 with stream, or no stream for several choices")
    texts = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise BadRequest(f"messages[{i}] must be an object whose 'role' is one of {', '.join(sorted(ROLES))}")
        text = message_text(m.get("content"), f"messages[{i}]")
        if "\x00" in text:
            raise BadRequest(f"messages[{i}] contains a NUL character")
        texts.append(text)
    if not any(m["role"] == "user" for m in messages):
        raise BadRequest("the conversation has no user message")
    return messages, texts


def _before(messages: list[dict], texts: list[str], user_index: int, turns: int = 6) -> list[dict]:
    """The user and assistant turns before the ``user_index``-th user turn, oldest first."""
    dialogue, seen = [], -1
    for m, text in zip(messages, texts):
        if m["role"] == "user":
            seen += 1
            if seen == user_index:
                break
        if m["role"] in ("user", "assistant") and text.strip():
            dialogue.append({"speaker": "user" if m["role"] == "user" else "agent", "text": text[-READ_CHARS:]})
    return dialogue[-turns:]


def system_overlap(reply: str, messages: list[dict]) -> str | None:
    """An 8-word run of the system (or developer) messages as sent that the reply repeats and the
    person did not write themselves, or None: a model talked into printing its instructions."""
    from empathic.conversation.guard.overlap import shingles, words

    secret, theirs = set(), set()
    for m in messages:
        runs = shingles(words(m["content"]))
        if m["role"] in ("system", "developer"):
            secret |= runs
        elif m["role"] == "user":
            theirs |= runs
    leaked = (shingles(words(reply)) & secret) - theirs
    return "repeats the system message" if leaked else None


def _fingerprint(texts: list[str]) -> str:
    return hashlib.sha256("\x1e".join(texts).encode("utf-8", "replace")).hexdigest()[:24]


# --- one turn's understanding ---------------------------------------------------------------
@dataclass
class Understanding:
    reading: object
    state: ConversationState
    plan: ResponsePlan
    safety: SafetyAssessment
    text: str
    index: int
    crisis: object = None  # CrisisReply, when the turn is answered by the crisis dialogue
    block: str = ""
    template: str | None = None  # the template realizer's reply, made when needed

    def to_dict(self) -> dict:
        r, state = self.reading, self.state
        top = sorted(r.scores.items(), key=lambda kv: -kv[1])[:5]
        reading = {"emotion": r.top, "score": round(r.scores.get(r.top, 0.0), 3), "labels": list(r.labels),
                   "top_scores": dict(top), "valence": r.valence, "arousal": r.arousal, "confidence": r.confidence,
                   "frustration": round(frustration_of(r), 3), "trend": _trend(state),
                   "mood": {"valence": state.valence, "arousal": state.arousal}, "topics": state.topics[-5:]}
        for extra in ("sarcasm", "act", "language"):  # wave-2 fields, where this reading carries them
            value = getattr(r, extra, None)
            if value is not None:
                reading[extra] = value
        p = self.plan
        plan = {"strategy": p.strategy, "acknowledge_emotion": p.acknowledge_emotion, "ask": p.ask_rather_than_assert,
                "apologize": p.apologize, "next_step": p.next_step,
                "tone": {"warmth": p.tone.warmth, "formality": p.tone.formality, "energy": p.tone.energy,
                         "length": p.tone.length}, "rationale": p.rationale}
        s = self.safety
        safety = {"level": s.level, "requires_crisis_reply": s.requires_crisis_reply, "change": s.change,
                  "language": s.language, "evidence": list(s.evidence)[:5],
                  "crisis_reply": self.crisis.kind if self.crisis is not None else None}
        return {"reading": reading, "plan": plan, "safety": safety, "turn": self.index}


def _trend(state: ConversationState) -> str:
    if state.escalating:
        return "rising"
    if state.deescalating:
        return "easing"
    return "steady"


def perception_block(u: Understanding) -> str:
    """The compact text the model sees, e.g. ``[empathic: emotion annoyance 0.71 (frustration 0.64,
    rising); plan: reflection of feelings, acknowledge, next step; tone: warm, calm, short]``."""
    r, p = u.reading, u.plan
    emotion = f"emotion {r.top} {r.scores.get(r.top, 0.0):.2f}"
    details = []
    frustration = frustration_of(r)
    if frustration >= 0.25 or u.state.escalating:
        details.append(f"frustration {frustration:.2f}")
    trend = _trend(u.state)
    if trend != "steady":
        details.append(trend)
    sarcasm = getattr(r, "sarcasm", None)
    if isinstance(sarcasm, (int, float)) and sarcasm >= 0.5:
        details.append(f"sarcasm {sarcasm:.2f}")
    if details:
        emotion += f" ({', '.join(details)})"
    if r.confidence < 0.4:
        emotion += ", uncertain"
    moves = [p.strategy.lower()]
    moves += [name for flag, name in ((p.acknowledge_emotion, "acknowledge the feeling tentatively"),
                                      (p.ask_rather_than_assert, "ask rather than assert"),
                                      (p.apologize, "apologise"), (p.next_step, "offer a concrete next step")) if flag]
    t = p.tone
    tone = ["warm" if t.warmth >= 0.75 else "friendly", "calm" if t.energy <= 0.4 else "lively" if t.energy >= 0.7 else "even",
            "formal" if t.formality >= 0.7 else "casual" if t.formality <= 0.3 else "plain", t.length]
    return (f"[empathic: {emotion}; plan: {', '.join(moves)}; tone: {', '.join(tone)}. "
            "This is a reading of the user's feelings for shaping the reply; do not mention it.]")


def add_block(messages: list[dict], block: str) -> list[dict]:
    """A copy of ``messages`` whose first system (or developer) message ends with ``block``;
    a system message is put first when there is none."""
    out = [dict(m) for m in messages]
    for m in out:
        if m["role"] in ("system", "developer"):
            content = m.get("content")
            if isinstance(content, list):
                m["content"] = [*content, {"type": "text", "text": block}]
            else:
                m["content"] = f"{content}\n\n{block}" if content else block
            return out
    return [{"role": "system", "content": block}, *out]


def redact_outgoing(messages: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Messages with personal data in every text replaced by placeholders, and the placeholders
    that stand for one value (to fill back into the answer)."""
    pieces, where = [], []
    for i, m in enumerate(messages):
        content = m.get("content")
        if isinstance(content, str):
            pieces.append({"role": "user", "content": content})
            where.append((i, None))
        elif isinstance(content, list):
            for j, part in enumerate(content):
                if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str):
                    pieces.append({"role": "user", "content": part["text"]})
                    where.append((i, j))
    scrubbed, restore = redact_messages(pieces)
    out = [dict(m) for m in messages]
    for (i, j), piece in zip(where, scrubbed):
        if j is None:
            out[i]["content"] = piece["content"]
        else:
            parts = out[i]["content"] = list(out[i]["content"])
            parts[j] = {**parts[j], "text": piece["content"]}
    return out, restore


@dataclass
class _Session:
    state: ConversationState = field(default_factory=ConversationState)
    crisis: CrisisState = field(default_factory=CrisisState)
    seen: list[str] = field(default_factory=list)  # fingerprints of the user turns read, in order
    last: Understanding | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


# --- the proxy ------------------------------------------------------------------------------
class TurnReader:
    """Perception, safety and planning for the newest user turn of a conversation, with
    per-session state in memory: what the proxy and the Pipecat processor share.

    ``context_model``: blend the dialogue-reading strategy model into the trees, as
    ``Agent`` does. Off by default: it doubles the time per request
    (benchmarks/proxy_overhead.py, 2 busy cores: p50 33.9-36.8 ms with it, 13.5-15.7 ms
    without) for +0.008 strategy accuracy on ESConv (0.357 vs 0.349, docs/results.md), and
    the strategy here is only a hint to a model.
    """

    application = None  # the service's application layer, when requests are charged to a tenant

    def __init__(self, *, locale: str | None = None, preset: str = "default", text_recognizer=None, planner=None,
                 crisis_detector=None, context_model: bool = False):
        from empathic.text.recognizer import TextEmotionRecognizer

        self.locale = locale
        self.preset = get_preset(preset)
        self.text = text_recognizer or TextEmotionRecognizer(explain=False)
        if planner is None and not context_model:  # trees only: the dialogue model is the costliest part
            from empathic.conversation.strategy_model import StrategyModel
            from empathic.text.encoder import SentenceEncoder

            planner = ResponsePlanner(SentenceEncoder.shared(), self.text, StrategyModel(context=False))
        self.planner = planner or ResponsePlanner(recognizer=self.text)
        self._contexts = "contexts" in inspect.signature(self.text.recognize_batch).parameters
        self.crisis = crisis_detector or CrisisDetector()
        self.dialogue = CrisisDialogue(locale)
        self.realizer = TemplateRealizer()
        self._beside = ThreadPoolExecutor(max_workers=4, thread_name_prefix="empathic-beside")
        self._sessions: OrderedDict[tuple[str, str], _Session] = OrderedDict()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load every model once (the first request would otherwise pay for it)."""
        messages = [{"role": "user", "content": "I waited all day and nobody called me back."}]
        self.understand("warm-up", None, messages, ["I waited all day and nobody called me back."], charge=False)
        self.realizer._given.pop("", None)

    # sessions --------------------------------------------------------------------------------
    def _session(self, tenant: str, key: str | None) -> _Session:
        if key is None:
            return _Session()
        with self._lock:
            session = self._sessions.get((tenant, key))
            if session is None:
                session = self._sessions[(tenant, key)] = _Session()
                while len(self._sessions) > MAX_SESSIONS:
                    (old_tenant, old_key), _ = self._sessions.popitem(last=False)
                    self.realizer._given.pop(f"{old_tenant}/{old_key}", None)
            self._sessions.move_to_end((tenant, key))
            return session

    @staticmethod
    def session_key(header: str | None, user) -> str | None:
        for prefix, value in (("h:", header), ("u:", user)):
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip() or len(value) > 128 or any(
                    ord(ch) < 32 or ord(ch) == 127 for ch in value):
                raise BadRequest("the session (X-Empathic-Session header or 'user' field) must be 1-128 "
                                 "characters without control characters")
            return prefix + value
        return None

    # perception and planning -----------------------------------------------------------------
    def understand(self, tenant: str, key: str | None, messages: list[dict], texts: list[str],
                   charge: bool = True) -> Understanding:
        user_turns = [t[-READ_CHARS:] for m, t in zip(messages, texts) if m["role"] == "user"]
        newest = user_turns[-1]
        if not newest.strip():
            raise BadRequest("the newest user message has no text for empathic to read")
        if charge and self.application is not None:
            self.application.charge(tenant, limits.cost(newest))
        history = [{"speaker": "user" if m["role"] == "user" else "agent", "text": t[-READ_CHARS:]}
                   for m, t in zip(messages, texts) if m["role"] in ("user", "assistant") and t.strip()][-16:]
        prints = [_fingerprint(user_turns[:i + 1]) for i in range(len(user_turns))]
        session = self._session(tenant, key)
        with session.lock:
            if session.last is not None and session.seen and session.seen[-1] == prints[-1]:
                return session.last  # the same turn again (a retry, or a tool call's continuation)
            if session.seen and len(session.seen) < len(prints) and prints[len(session.seen) - 1] == session.seen[-1]:
                fresh = list(range(len(session.seen), len(prints)))[-WINDOW_TURNS:]
            else:  # a new session, or an edited conversation: read the last turns afresh
                session.state, session.crisis, session.seen = ConversationState(), CrisisState(), []
                fresh = list(range(len(prints)))[-WINDOW_TURNS:]
            # the strategy's context model and the crisis detector need only the words: beside perception
            early = self._beside.submit(self.planner.context_probabilities, history)
            risk = self._beside.submit(self.crisis.assess, user_turns[-CRISIS_TURNS:], locale=self.locale)
            batch = [user_turns[i] if user_turns[i].strip() else "ok" for i in fresh]
            if self._contexts:  # a recognizer that reads a turn with the turns before it (wave 2)
                readings = self.text.recognize_batch(batch, contexts=[_before(messages, texts, i) for i in fresh])
            else:
                readings = self.text.recognize_batch(batch)
            for i, text_reading in zip(fresh, readings):
                update_state(session.state, fuse({"text": text_reading}), user_turns[i])
            text_reading = readings[-1]
            reading = fuse({"text": text_reading})
            safety = risk.result()
            index = len(user_turns) - 1
            crisis = self.dialogue.respond(session.crisis, safety, newest, index)
            if crisis is not None:
                early.cancel()
                plan = ResponsePlan("Question" if crisis.kind == "ask" else "Others", Tone(0.9, 0.5, 0.2, "medium"),
                                    True, False, rationale=[f"crisis level {safety.level}: {crisis.kind} (reviewed template)"])
            else:
                plan = self.planner.plan(history, reading, session.state, None, self.preset,
                                         text_reading=text_reading, context=early.result())
            understanding = Understanding(reading, session.state, plan, safety, newest, index, crisis)
            understanding.block = perception_block(understanding)
            session.seen, session.last = prints, understanding
            return understanding

    def template(self, u: Understanding, key: str | None) -> str:
        if u.template is None:
            try:
                u.template = self.realizer.realize(u.plan, u.reading, u.state, u.text, key or "", None, u.index)
            except Exception:
                log.exception("template realizer failed")
                u.template = SAFE_FALLBACK
        return u.template

    def review(self, answer: str, u: Understanding, sent: list[dict], key: str | None) -> tuple[str, dict]:
        """The answer to send, and what the guard found: a refused answer becomes the template's."""
        plain = [{"role": m["role"], "content": message_text(m.get("content"), "sent")} for m in sent]
        verdict = check_reply(answer, u.plan, u.text, messages=plain)
        leak = system_overlap(answer, plain)
        if leak:  # the guard knows the agent's own prompt; here the client's system message and our block
            verdict.violations.append(f"prompt leak: {leak}")
        blocking, notes = [], []
        for v in verdict.violations:
            advisory = v.startswith(ADVISORY) or (v.startswith("invalidating") and not u.plan.acknowledge_emotion)
            (notes if advisory else blocking).append(v)
        if not blocking:
            return answer, {"source": "model", "replaced": False, "violations": [], "notes": notes}
        named = [v.split(":")[0] if verdict.withheld and v.startswith(_withheld_prefixes()) else v for v in blocking]
        return self.template(u, key), {"source": "template", "replaced": True, "violations": named, "notes": notes}


class EmotionProxy(TurnReader):
    """The proxy's logic, independent of HTTP; ``create_proxy_app(proxy)`` serves it.

    ``upstream``: the base URL of an OpenAI-compatible server (``.../v1``). ``redact_pii``:
    None redacts personal data in everything sent to an upstream not on this machine.
    ``fallback``: when the upstream is down or slow, answer with the template realizer's
    reply (flagged ``source: fallback``) instead of a 502/504. The other options are
    ``TurnReader``'s.
    """

    def __init__(self, upstream: str, application=None, *, upstream_key: str | None = None, timeout: float = 60.0,
                 redact_pii: bool | None = None, fallback: bool = False, model: str | None = None, **reader):
        if not isinstance(upstream, str) or not upstream.startswith(("http://", "https://")):
            raise InvalidInputError("--upstream must be an http:// or https:// base URL, e.g. http://127.0.0.1:8080/v1")
        if timeout <= 0:
            raise InvalidInputError("the upstream timeout must be positive")
        if application is None:
            from empathic.service.application import Application

            application = Application()
        super().__init__(**reader)
        self.application = application
        self.upstream = upstream.rstrip("/")
        self.upstream_key = upstream_key
        self.timeout = float(timeout)
        self.redact = not is_local(self.upstream) if redact_pii is None else bool(redact_pii)
        self.fallback = fallback
        self.model = model


def _withheld_prefixes() -> tuple[str, ...]:
    from empathic.conversation.guard import OUTPUT_CATEGORIES

    return OUTPUT_CATEGORIES


# --- HTTP -----------------------------------------------------------------------------------
def _completion(model: str, content: str, extension: dict) -> dict:
    return {"id": f"chatcmpl-empathic-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "system_fingerprint": None,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "logprobs": None,
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}, "empathic": extension}


def _chunks(model: str, content: str, extension: dict, ident: str | None = None) -> list[dict]:
    ident = ident or f"chatcmpl-empathic-{uuid.uuid4().hex[:24]}"
    base = {"id": ident, "object": "chat.completion.chunk", "created": int(time.time()), "model": model}
    words = content.split(" ")
    pieces = [" ".join(words[i:i + 8]) + (" " if i + 8 < len(words) else "") for i in range(0, len(words), 8)]
    out = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
    out += [{**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
    out.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    out.append({**base, "choices": [], "empathic": extension})
    return out


def _sse(chunks: list[dict]):
    async def events():
        for chunk in chunks:
            yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()
        yield b"data: [DONE]\n\n"
    return events()


def create_proxy_app(proxy: EmotionProxy):
    """The proxy's ASGI application (FastAPI): ``POST /v1/chat/completions``, ``GET /v1/models``."""
    import httpx
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse, Response, StreamingResponse
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException

    core = proxy.application
    settings = core.settings
    state = {}

    async def client() -> httpx.AsyncClient:
        if "client" not in state:
            state["client"] = httpx.AsyncClient(timeout=httpx.Timeout(proxy.timeout, connect=min(proxy.timeout, 10.0)))
        return state["client"]

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app):
        yield
        if "client" in state:
            await state["client"].aclose()

    app = FastAPI(title="empathic proxy", version="0.2.0", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)

    def error_json(exc: BaseException) -> JSONResponse:
        status, body, headers = openai_error(exc)
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_, exc: StarletteHTTPException):
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_request")
        return JSONResponse({"error": {"message": str(exc.detail), "type": OPENAI_TYPES.get(exc.status_code, "invalid_request_error"),
                                       "param": None, "code": kind}}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _any(_, exc: Exception):
        return error_json(exc)

    def upstream_headers() -> dict:
        return {"Authorization": f"Bearer {proxy.upstream_key}"} if proxy.upstream_key else {}

    def authenticate(request: Request) -> str:
        if settings.no_auth:
            host = request.headers.get("host", "").rsplit(":", 1)[0]
            if host not in settings.allowed_hosts:
                raise Forbidden(f"host {host!r} is not served without auth")
        header = request.headers.get("authorization")
        key = header[7:].strip() if header and header.startswith("Bearer ") else None
        return core.authenticate(key)

    async def read_body(request: Request):
        length = request.headers.get("content-length")
        limit = settings.max_json_bytes
        if length is not None and (not length.isdigit() or int(length) > limit):
            raise BadRequest(f"request body over {limit} bytes")
        raw = bytearray()
        async for piece in request.stream():
            raw += piece
            if len(raw) > limit:
                raise BadRequest(f"request body over {limit} bytes")
        try:
            return json.loads(bytes(raw))
        except (ValueError, RecursionError):
            raise BadRequest("the request body is not valid JSON") from None

    @app.get("/v1/models")
    async def models(request: Request):
        try:
            await run_in_threadpool(authenticate, request)
            http = await client()
            try:
                response = await http.get(f"{proxy.upstream}/models", headers=upstream_headers())
            except httpx.TimeoutException:
                raise UpstreamTimeout(f"the upstream did not answer within {proxy.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise UpstreamUnavailable(f"the upstream is not reachable ({type(exc).__name__})") from None
            if response.status_code >= 400:
                raise _upstream_status(response)
            return Response(response.content, status_code=200, media_type="application/json")
        except Exception as exc:  # noqa: BLE001
            return error_json(exc)

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        started = time.perf_counter()
        try:
            tenant = await run_in_threadpool(authenticate, request)
            body = await read_body(request)
            messages, texts = read_chat(body)
            key = proxy.session_key(request.headers.get(SESSION_HEADER), body.get("user"))
            u = await run_in_threadpool(proxy.understand, tenant, key, messages, texts)
        except Exception as exc:  # noqa: BLE001
            return error_json(exc)
        stream = bool(body.get("stream"))
        model = body.get("model") or proxy.model or "empathic"
        session_name = f"{tenant}/{key}" if key else None
        extension = {**u.to_dict(), "session": key}
        if u.crisis is not None:  # reviewed crisis replies never come from the model
            extension.update(source="crisis", replaced=False, violations=[], notes=[], block=None,
                             overhead_ms=round((time.perf_counter() - started) * 1000, 2))
            core.counters["crisis_replies"] += 1
            if stream:
                return StreamingResponse(_sse(_chunks(model, u.crisis.reply, extension)), media_type="text/event-stream")
            return JSONResponse(_completion(model, u.crisis.reply, extension))

        sent = add_block(messages, u.block)
        outgoing, restore = redact_outgoing(sent) if proxy.redact else (sent, {})
        forward = {**body, "messages": outgoing}
        if proxy.model and not body.get("model"):
            forward["model"] = proxy.model
        forward.pop("user", None) if proxy.redact else None  # an identifier stays home too
        overhead = (time.perf_counter() - started) * 1000
        waited = time.perf_counter()
        try:
            if stream:
                answer, upstream_chunks, ident = await _stream_upstream(await client(), proxy, forward, upstream_headers())
                data = None
            else:
                data = await _post_upstream(await client(), proxy, forward, upstream_headers())
                answer = _answer_of(data)
        except (UpstreamUnavailable, UpstreamTimeout) as exc:
            if not proxy.fallback:
                return error_json(exc)
            reply = proxy.template(u, session_name)
            extension.update(source="fallback", replaced=True, violations=[f"upstream: {exc}"], notes=[],
                             block=u.block, overhead_ms=round(overhead, 2))
            if stream:
                return StreamingResponse(_sse(_chunks(model, reply, extension)), media_type="text/event-stream")
            return JSONResponse(_completion(model, reply, extension))
        except Exception as exc:  # noqa: BLE001
            return error_json(exc)
        upstream_s = time.perf_counter() - waited
        after = time.perf_counter()
        restored = answer
        if isinstance(answer, str):
            for tag, value in restore.items():
                restored = restored.replace(tag, value)
            final, verdict = await run_in_threadpool(proxy.review, restored, u, sent, session_name)
        else:  # tool calls only: no text to check
            final, verdict = answer, {"source": "model", "replaced": False, "violations": [], "notes": []}
        overhead += (time.perf_counter() - after) * 1000
        extension.update(verdict, block=u.block, overhead_ms=round(overhead, 2), upstream_ms=round(upstream_s * 1000, 2))
        core.counters["proxy_replaced"] += verdict["replaced"]
        if stream:
            if not verdict["replaced"] and final == answer:
                chunks = [*upstream_chunks, {"id": ident, "object": "chat.completion.chunk", "created": int(time.time()),
                                             "model": model, "choices": [], "empathic": extension}]
            else:
                chunks = _chunks(model, final, extension, ident)
            return StreamingResponse(_sse(chunks), media_type="text/event-stream")
        data.setdefault("id", f"chatcmpl-empathic-{uuid.uuid4().hex[:24]}")
        data.setdefault("object", "chat.completion")
        data.setdefault("created", int(time.time()))
        data.setdefault("model", forward.get("model") or model)
        for i, choice in enumerate(data.get("choices") or []):
            if isinstance(choice, dict):
                choice.setdefault("index", i)
                choice.setdefault("finish_reason", "stop")
        for i, choice in enumerate(data.get("choices") or []):
            message = choice.get("message") or {}
            if i == 0:
                if isinstance(final, str):
                    message["content"] = final
            elif isinstance(message.get("content"), str):  # n > 1: every choice is checked
                restored_i = message["content"]
                for tag, value in restore.items():
                    restored_i = restored_i.replace(tag, value)
                message["content"], _ = await run_in_threadpool(proxy.review, restored_i, u, sent, session_name)
        data["empathic"] = extension
        return JSONResponse(data)

    return app


def _upstream_status(response) -> ServiceError:
    status = response.status_code
    if status >= 500 or status == 429:
        return UpstreamUnavailable(f"the upstream answered {status}")
    if status in (401, 403):
        return UpstreamUnavailable(f"the upstream refused the proxy's upstream key ({status}); check --upstream-key")
    try:
        message = response.json()["error"]["message"]
    except Exception:  # noqa: BLE001
        message = response.text[:300] if hasattr(response, "text") else ""
    return UpstreamRejected(status, f"the upstream refused the request ({status}): {message}"[:500])


def _answer_of(data) -> str | None:
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        raise UpstreamUnavailable("the upstream answered without choices[0].message") from None
    content = message.get("content") if isinstance(message, dict) else None
    if content is None and not (isinstance(message, dict) and message.get("tool_calls")):
        return ""
    return content if content is None or isinstance(content, str) else message_text(content, "answer")


async def _post_upstream(http, proxy: EmotionProxy, body: dict, headers: dict) -> dict:
    import httpx

    try:
        async with asyncio.timeout(proxy.timeout):
            response = await http.post(f"{proxy.upstream}/chat/completions", json=body, headers=headers)
    except (TimeoutError, httpx.TimeoutException):
        raise UpstreamTimeout(f"the upstream did not answer within {proxy.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise UpstreamUnavailable(f"the upstream is not reachable ({type(exc).__name__})") from None
    if response.status_code >= 400:
        raise _upstream_status(response)
    try:
        data = response.json()
    except ValueError:
        raise UpstreamUnavailable("the upstream answered something that is not JSON") from None
    if not isinstance(data, dict):
        raise UpstreamUnavailable("the upstream answered something that is not a completion")
    return data


async def _stream_upstream(http, proxy: EmotionProxy, body: dict, headers: dict) -> tuple[str | None, list[dict], str]:
    """Read the upstream's whole stream: (the answer's text, its chunks, its id)."""
    import httpx

    chunks, parts, tools = [], [], False
    try:
        async with asyncio.timeout(proxy.timeout):
            async with http.stream("POST", f"{proxy.upstream}/chat/completions", json=body, headers=headers) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise _upstream_status(response)
                if "json" in response.headers.get("content-type", ""):  # an upstream that does not stream
                    await response.aread()
                    data = response.json()
                    answer = _answer_of(data)
                    return answer, _chunks(data.get("model") or body.get("model") or "", answer or "", {})[:-1], \
                        data.get("id") or f"chatcmpl-empathic-{uuid.uuid4().hex[:24]}"
                async for line in response.aiter_lines():
                    if not line.startswith("data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        break
                    try:
                        chunk = json.loads(payload)
                    except ValueError:
                        raise UpstreamUnavailable("the upstream sent an event that is not JSON") from None
                    if not isinstance(chunk, dict):
                        raise UpstreamUnavailable("the upstream sent an event that is not a chunk")
                    chunks.append(chunk)
                    for choice in chunk.get("choices") or []:
                        if choice.get("index", 0) != 0:
                            continue
                        delta = choice.get("delta") or {}
                        if isinstance(delta.get("content"), str):
                            parts.append(delta["content"])
                        tools = tools or bool(delta.get("tool_calls"))
    except (TimeoutError, httpx.TimeoutException):
        raise UpstreamTimeout(f"the upstream did not answer within {proxy.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise UpstreamUnavailable(f"the upstream is not reachable ({type(exc).__name__})") from None
    ident = next((c.get("id") for c in chunks if c.get("id")), None) or f"chatcmpl-empathic-{uuid.uuid4().hex[:24]}"
    for chunk in chunks:  # the fake and some servers omit fields the OpenAI client expects
        chunk.setdefault("id", ident)
        chunk.setdefault("object", "chat.completion.chunk")
        chunk.setdefault("created", int(time.time()))
        chunk.setdefault("model", body.get("model") or "")
    text = "".join(parts)
    return (None if tools and not text else text), chunks, ident
