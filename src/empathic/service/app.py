"""The HTTP service: ``create_app(settings)`` builds the FastAPI application.

Users are namespaced by tenant ("tenant/user" inside the store), and every
session row carries its tenant, so tenant A asking for tenant B's session gets
404. Library errors map to 4xx with a stable ``error`` code; a 5xx means a bug.
"""


import functools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from empathic.errors import EmpathicError, InvalidInputError, PolicyError
from empathic.safety.policy import MODALITIES, PRESETS, new_consent


AUDIO_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/flac", "audio/ogg", "audio/webm", "audio/mpeg"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_JSON_BYTES = 1_000_000


class UnsupportedMedia(EmpathicError):
    """415: a media type the service does not read."""


class TooLarge(EmpathicError):
    """413: an upload over its modality's size limit."""


@dataclass
class Settings:
    database_url: str = "sqlite:///empathic.db"
    no_auth: bool = False
    rate_limit_per_minute: int = 120
    max_text_chars: int = 10_000
    max_body_bytes: int = 12_000_000
    max_audio_bytes: int = 10_000_000
    max_image_bytes: int = 8_000_000
    default_preset: str = "default"
    retention_days: int = 90  # product rule 8: stored conversations are purged after this
    purge_interval_s: float = 3600.0  # first purge at start-up, then this often; 0 turns it off
    locale: str | None = None
    llm: object | None = None
    extra: dict = field(default_factory=dict)


def create_app(settings: Settings | None = None):
    from fastapi import Depends, FastAPI, Header, Request
    from fastapi.responses import JSONResponse, PlainTextResponse, Response

    from empathic.conversation.agent import Agent
    from empathic.service.auth import RateLimiter, hash_key
    from empathic.storage.store import Store
    from empathic.text.recognizer import TextEmotionRecognizer
    from empathic.vision.recognizer import FaceEmotionRecognizer
    from empathic.voice.recognizer import VoiceEmotionRecognizer

    settings = settings or Settings()
    store = Store(settings.database_url)
    recognizer = TextEmotionRecognizer()
    face_recognizer = FaceEmotionRecognizer()
    voice_recognizer = VoiceEmotionRecognizer()

    @functools.cache
    def synthesizer():  # loaded on the first /v1/speech call only
        from empathic.voice.speech import SpeechSynthesizer

        return SpeechSynthesizer()

    limiter = RateLimiter(settings.rate_limit_per_minute)
    agents: dict[str, Agent] = {}
    agents_lock = threading.Lock()
    counters = {"requests": 0, "turns": 0, "errors_4xx": 0, "crisis_replies": 0}

    def agent_for(preset: str) -> Agent:
        with agents_lock:
            if preset not in agents:
                agents[preset] = Agent(preset=preset, store=store, llm=settings.llm, locale=settings.locale,
                                       text_recognizer=recognizer, face_recognizer=face_recognizer,
                                       voice_recognizer=voice_recognizer)
            return agents[preset]

    from fastapi.exceptions import RequestValidationError
    from pydantic import BaseModel
    from starlette.exceptions import HTTPException as StarletteHTTPException

    class ErrorBody(BaseModel):
        error: str
        detail: str
        modality: str | None = None

    error_responses = {code: {"model": ErrorBody, "description": text} for code, text in (
        (401, "missing or invalid API key"), (403, "consent missing or context prohibited"), (404, "not found"),
        (413, "too large"), (415, "unsupported media type"), (422, "invalid input"), (429, "rate limited"))}
    app = FastAPI(title="empathic", version="0.1.0", responses=error_responses,
                  description="Emotion recognition and empathic replies. All endpoints under /v1 need a Bearer API key.")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_, exc: StarletteHTTPException):
        body = exc.detail if isinstance(exc.detail, dict) else {"error": "http_error", "detail": str(exc.detail)}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors())
        return JSONResponse({"error": "invalid_input", "detail": problems[:500]}, status_code=422)

    @app.exception_handler(PolicyError)  # consent_required, prohibited_context, ...
    async def _policy(_, exc: PolicyError):
        body = {"error": exc.code, "detail": str(exc)}
        if getattr(exc, "modality", None):
            body["modality"] = exc.modality
        return JSONResponse(body, status_code=403)

    @app.exception_handler(UnsupportedMedia)
    async def _media(_, exc: UnsupportedMedia):
        return JSONResponse({"error": "unsupported_media_type", "detail": str(exc)}, status_code=415)

    @app.exception_handler(TooLarge)
    async def _large(_, exc: TooLarge):
        return JSONResponse({"error": "payload_too_large", "detail": str(exc)}, status_code=413)

    @app.exception_handler(EmpathicError)
    async def _invalid(_, exc: EmpathicError):
        return JSONResponse({"error": getattr(exc, "code", "invalid_input"), "detail": str(exc)}, status_code=422)

    @app.middleware("http")
    async def limits(request: Request, call_next):
        counters["requests"] += 1
        length = request.headers.get("content-length")
        if length and (not length.isdigit() or int(length) > settings.max_body_bytes):
            response = JSONResponse({"error": "payload_too_large",
                                     "detail": f"request body over {settings.max_body_bytes} bytes"}, status_code=413)
        else:
            response = await call_next(request)
        counters["errors_4xx"] += 400 <= response.status_code < 500
        return response

    def authenticate(key: str | None) -> str | None:
        """The key's tenant (``local`` without auth), or None."""
        if settings.no_auth:
            return "local"
        return store.tenant_for_key(hash_key(key)) if key else None

    def tenant(authorization: str | None = Header(default=None)) -> str:
        if settings.no_auth:
            return "local"
        from fastapi import HTTPException

        if not authorization or not authorization.startswith("Bearer "):
            raise HTTPException(401, {"error": "unauthorized", "detail": "missing Bearer API key"})
        key = authorization[7:].strip()
        found = authenticate(key)
        if found is None:
            raise HTTPException(401, {"error": "unauthorized", "detail": "invalid API key"})
        wait = limiter.check(key)
        if wait:
            raise HTTPException(429, {"error": "rate_limited", "detail": "too many requests"},
                                headers={"Retry-After": str(int(wait))})
        return found

    def owned_session(session_id: str, tenant_name: str) -> dict:
        from fastapi import HTTPException

        session = store.get_session(session_id) if len(session_id) <= 64 else None
        if session is None or session["tenant"] != tenant_name:
            raise HTTPException(404, {"error": "not_found", "detail": "no such session"})
        return session

    def text_field(payload: dict, required: bool = True) -> str | None:
        text = payload.get("text")
        if text is None and not required:
            return None
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("'text' must be a non-empty string")
        if len(text) > settings.max_text_chars:
            raise InvalidInputError(f"'text' is over {settings.max_text_chars} characters")
        return text

    async def json_body(request: Request) -> dict:
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/json"):
            from fastapi import HTTPException

            raise HTTPException(415, {"error": "unsupported_media_type", "detail": "send application/json"})
        raw = await request.body()
        if len(raw) > MAX_JSON_BYTES:
            raise TooLarge(f"JSON body over {MAX_JSON_BYTES} bytes")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise InvalidInputError("body is not valid UTF-8 JSON") from None
        if not isinstance(payload, dict):
            raise InvalidInputError("body must be a JSON object")
        return payload

    # --- health --------------------------------------------------------------------
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        try:
            recognizer.load()
            store.get_session("readiness-probe")
        except Exception as exc:  # readiness reports any failure instead of raising
            return JSONResponse({"status": "not ready", "detail": type(exc).__name__}, status_code=503)
        return {"status": "ready"}

    @app.get("/metrics", response_class=PlainTextResponse)
    def metrics():
        return "".join(f"# TYPE empathic_{k}_total counter\nempathic_{k}_total {v}\n" for k, v in counters.items())

    # --- analysis -------------------------------------------------------------------
    @app.post("/v1/analyze", openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "text": {"type": "string"}, "user_id": {"type": "string"}, "audio": {"type": "string", "format": "binary"},
            "image": {"type": "string", "format": "binary"}}}}}, "required": True}})
    async def analyze(request: Request, tenant_name: str = Depends(tenant)):
        from starlette.concurrency import run_in_threadpool

        from empathic.conversation.fusion import fuse
        from empathic.conversation.perception import perceive
        from empathic.safety.policy import Policy, get_preset

        text, audio, image, user_id = await turn_inputs(request, with_user=True)
        for modality, value in (("voice", audio), ("face", image)):
            if value is not None:  # biometric analysis needs a consenting user (rule 3)
                if not user_id:
                    raise InvalidInputError(f"{modality} analysis needs a 'user_id' form field with recorded consent")
                internal = f"{tenant_name}/{user_id}"
                Policy(get_preset(settings.default_preset)).check(internal, modality, store.active_consents(internal))
        perception = await run_in_threadpool(functools.partial(
            perceive, text, audio, image, text_recognizer=recognizer, voice_recognizer=voice_recognizer,
            face_recognizer=face_recognizer, transcribe_typed=True))
        readings, body = perception.readings, {}
        if perception.voice is not None:
            body["voice"] = perception.voice.to_dict()
        if perception.faces is not None:
            body["faces"] = [f.to_dict() for f in perception.faces]
        return {"readings": {m: r.to_dict() for m, r in readings.items()}, "fused": fuse(readings).to_dict(), **body}

    @app.post("/v1/speech", response_class=Response, responses={200: {"content": {"audio/wav": {}}}},
              openapi_extra={"requestBody": {"content": {"application/json": {"schema": {
                  "type": "object", "required": ["text"], "properties": {
                      "text": {"type": "string"}, "warmth": {"type": "number", "minimum": 0, "maximum": 1},
                      "energy": {"type": "number", "minimum": 0, "maximum": 1}}}}}, "required": True}})
    async def speech(request: Request, tenant_name: str = Depends(tenant)):
        """A reply spoken by the bundled voice (WAV, 24 kHz); warmth and energy set rate and pitch."""
        from starlette.concurrency import run_in_threadpool

        from empathic.conversation.planner import Tone

        payload = await json_body(request)
        text = payload.get("text")
        if not isinstance(text, str):
            raise InvalidInputError("'text' must be a string")
        tone = {}
        for name in ("warmth", "energy"):
            value = payload.get(name, 0.5)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise InvalidInputError(f"'{name}' must be a number between 0 and 1")
            tone[name] = float(value)
        wav = await run_in_threadpool(synthesizer().wav_bytes, text, Tone(tone["warmth"], 0.5, tone["energy"], "short"))
        return Response(wav, media_type="audio/wav")

    # --- sessions ----------------------------------------------------------------------
    @app.post("/v1/sessions", status_code=201, openapi_extra={"requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "string"},
                                                                  "preset": {"type": "string", "enum": list(PRESETS)}}}}},
        "required": True}})
    async def create_session(request: Request, tenant_name: str = Depends(tenant)):
        payload = await json_body(request)
        user_id, preset = payload.get("user_id"), payload.get("preset", settings.default_preset)
        if not isinstance(user_id, str) or not 0 < len(user_id) <= 100:
            raise InvalidInputError("'user_id' must be a string of 1-100 characters")
        if preset not in PRESETS:
            raise InvalidInputError(f"unknown preset; available: {', '.join(PRESETS)}")
        session_id = uuid.uuid4().hex
        store.create_session(session_id, f"{tenant_name}/{user_id}", preset, tenant_name)
        return {"id": session_id, "user_id": user_id, "preset": preset}

    async def turn_inputs(request: Request, with_user: bool = False) -> tuple:
        """Text from JSON, or text / audio / image (and user_id) from a form, with type and size checks."""
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            payload = await json_body(request)
            return (text_field(payload), None, None) + ((None,) if with_user else ())
        try:
            form = await request.form()
        except AssertionError:  # starlette without python-multipart: a deployment error, not the client's
            raise
        except Exception:  # a malformed multipart body is the client's error
            raise InvalidInputError("malformed multipart body") from None
        try:
            inputs = await _read_form(form)
            user_id = form.get("user_id")
            if with_user and user_id is not None and (not isinstance(user_id, str) or not 0 < len(user_id) <= 100):
                raise InvalidInputError("'user_id' must be a string of 1-100 characters")
            return inputs + ((user_id,) if with_user else ())
        finally:
            await form.close()  # uploads spool to temporary files: release them now

    async def _read_form(form) -> tuple[str | None, bytes | None, bytes | None]:
        text = form.get("text")
        if text is not None and not isinstance(text, str):
            raise InvalidInputError("'text' must be a form field, not a file")
        media = {}
        for field_name, allowed, limit in (("audio", AUDIO_TYPES, settings.max_audio_bytes),
                                           ("image", IMAGE_TYPES, settings.max_image_bytes)):
            upload = form.get(field_name)
            if upload is None:
                continue
            if isinstance(upload, str) or (upload.content_type or "").split(";")[0] not in allowed:
                raise UnsupportedMedia(f"'{field_name}' must be one of: {', '.join(sorted(allowed))}")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(f"'{field_name}' is over {limit} bytes")
            if not data:
                raise InvalidInputError(f"'{field_name}' is empty")
            media[field_name] = data
        if text is not None:
            text = text_field({"text": text})
        if text is None and not media:
            raise InvalidInputError("a turn needs text, audio or an image")
        return text, media.get("audio"), media.get("image")

    @app.post("/v1/sessions/{session_id}/turns", openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "text": {"type": "string"}, "audio": {"type": "string", "format": "binary"},
            "image": {"type": "string", "format": "binary"}}}}}, "required": True}})
    async def add_turn(session_id: str, request: Request, tenant_name: str = Depends(tenant)):
        session = owned_session(session_id, tenant_name)
        text, audio, image = await turn_inputs(request)
        agent = agent_for(session["preset"] or settings.default_preset)
        consents = store.active_consents(session["user_id"])
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(agent.respond, session_id, session["user_id"], text, audio, image, consents)
        counters["turns"] += 1
        counters["crisis_replies"] += result.source == "crisis"
        return result.to_dict()

    @app.get("/v1/sessions/{session_id}/timeline")
    def timeline(session_id: str, tenant_name: str = Depends(tenant)):
        owned_session(session_id, tenant_name)
        out = []
        for t in store.list_turns(session_id):
            r = t["result"] or {}
            reading = r.get("reading", {})
            out.append({"index": t["index"], "top": reading.get("top"), "valence": reading.get("valence"),
                        "arousal": reading.get("arousal"), "confidence": reading.get("confidence"),
                        "strategy": (r.get("plan") or {}).get("strategy"), "safety": (r.get("safety") or {}).get("level"),
                        "at": t["created_at"].isoformat() if t["created_at"] else None})
        return {"session_id": session_id, "turns": out}

    @app.post("/v1/sessions/{session_id}/end")
    def end_session(session_id: str, tenant_name: str = Depends(tenant)):
        session = owned_session(session_id, tenant_name)
        agent_for(session["preset"] or settings.default_preset).end_session(session_id)
        return {"id": session_id, "ended": True}

    # --- feedback ----------------------------------------------------------------------
    @app.post("/v1/feedback", status_code=201)
    async def post_feedback(request: Request, tenant_name: str = Depends(tenant)):
        payload = await json_body(request)
        session = owned_session(str(payload.get("session_id", "")), tenant_name)
        turn, rating, thumbs, label = payload.get("turn"), payload.get("rating"), payload.get("thumbs"), payload.get("label")
        if not isinstance(turn, int) or turn < 0:
            raise InvalidInputError("'turn' must be a non-negative integer")
        if rating is not None and (not isinstance(rating, (int, float)) or not 1 <= rating <= 5):
            raise InvalidInputError("'rating' must be between 1 and 5")
        if thumbs is not None and thumbs not in (-1, 1):
            raise InvalidInputError("'thumbs' must be 1 or -1")
        if label is not None and (not isinstance(label, str) or len(label) > 32):
            raise InvalidInputError("'label' must be an emotion label")
        store.add_feedback(session["id"], turn, session["user_id"], rating, thumbs, label)
        return {"stored": True}

    # --- users: consent, export, erasure -----------------------------------------------------
    def check_modality(modality: str) -> str:
        if modality not in MODALITIES:
            raise InvalidInputError(f"modality must be one of {', '.join(MODALITIES)}")
        return modality

    @app.put("/v1/users/{user_id}/consents/{modality}", status_code=201)
    async def grant(user_id: str, modality: str, request: Request, tenant_name: str = Depends(tenant)):
        payload = await json_body(request)
        consent = new_consent(f"{tenant_name}/{user_id}", check_modality(modality), payload.get("purpose"),
                              payload.get("retention_days", 90) if isinstance(payload.get("retention_days", 90), int) else -1)
        store.grant_consent(consent)
        store.audit("consent_granted", tenant_name, "api", user_id, modality)
        return {"user_id": user_id, "modality": modality, "purpose": consent.purpose,
                "retention_days": consent.retention_days}

    @app.get("/v1/users/{user_id}/consents")
    def read_consents(user_id: str, tenant_name: str = Depends(tenant)):
        active = store.active_consents(f"{tenant_name}/{user_id}")
        return {"user_id": user_id, "consents": {m: {"purpose": c.purpose, "retention_days": c.retention_days}
                                                 for m, c in active.items()}}

    @app.delete("/v1/users/{user_id}/consents/{modality}")
    def withdraw(user_id: str, modality: str, tenant_name: str = Depends(tenant)):
        withdrawn = store.withdraw_consent(f"{tenant_name}/{user_id}", check_modality(modality))
        store.audit("consent_withdrawn", tenant_name, "api", user_id, modality)
        return {"user_id": user_id, "modality": modality, "withdrawn": withdrawn}

    @app.get("/v1/users/{user_id}/export")
    def export(user_id: str, tenant_name: str = Depends(tenant)):
        data = store.export_user(f"{tenant_name}/{user_id}")
        data["user_id"] = user_id
        store.audit("export", tenant_name, "api", user_id)
        return data

    @app.delete("/v1/users/{user_id}")
    def erase(user_id: str, tenant_name: str = Depends(tenant)):
        internal = f"{tenant_name}/{user_id}"
        for agent in agents.values():
            for sid in [sid for sid, s in agent._sessions.items() if s.user_id == internal]:
                agent._sessions.pop(sid, None)
        counts = store.erase_user(internal)
        store.audit("erasure", tenant_name, "api", user_id, json.dumps(counts))
        return {"user_id": user_id, "erased": counts}

    def purge_periodically(stop: threading.Event) -> None:
        while not stop.wait(0 if not app.state.purges else settings.purge_interval_s):
            store.purge_expired(settings.retention_days)
            app.state.purges += 1  # counted once done, so a reader can rely on it

    app.state.purges = 0
    app.state.stop_purging = threading.Event()
    if settings.purge_interval_s > 0:
        threading.Thread(target=purge_periodically, args=(app.state.stop_purging,), daemon=True,
                         name="empathic-retention").start()
    app.state.store, app.state.settings, app.state.started = store, settings, time.time()
    from pathlib import Path
    from types import SimpleNamespace

    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    from empathic.service.stream import register_stream

    web = Path(__file__).with_name("web")
    app.mount("/static", StaticFiles(directory=web), name="static")

    @app.get("/", include_in_schema=False)
    def web_app():
        return FileResponse(web / "index.html")

    register_stream(app, SimpleNamespace(store=store, agent_for=agent_for, authenticate=authenticate, limiter=limiter,
                                         settings=settings, counters=counters, voice_recognizer=voice_recognizer,
                                         face_recognizer=face_recognizer))
    return app
