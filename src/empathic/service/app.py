"""The HTTP service: ``create_app(settings)`` builds the FastAPI application.

Routes only parse and validate (Pydantic models: lengths, ranges, no bools as numbers, no
NUL or lone surrogates) and call the ``Application`` layer, which the WebSocket stream
and the MQTT bridge share. Every error has the JSON shape ``{"error", "detail"}``; client
faults are 4xx, server faults 503 (``service.errors``).
"""


import functools
import threading
import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from empathic.errors import EmpathicError, InvalidInputError
from empathic.safety.policy import PRESETS
from empathic.service.application import Application, check_text
from empathic.service.errors import TooLarge, UnsupportedMedia, describe
from empathic.service.settings import Settings

__all__ = ["Settings", "create_app"]

AUDIO_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/flac", "audio/ogg", "audio/webm", "audio/mpeg"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
WEB = Path(__file__).with_name("web")


def _clean(value: str) -> str:
    return check_text(value, None, 1_000_000)  # the field's name comes with Pydantic's location


def _thumb(value: int) -> int:
    if value not in (-1, 1):
        raise ValueError("thumbs is 1 or -1")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_clean)]
Id = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_clean)]
Unit = Annotated[float, Field(strict=True, ge=0, le=1)]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SessionRequest(Body):
    user_id: Id
    preset: Literal[tuple(PRESETS)] | None = None  # type: ignore[valid-type]


class TurnRequest(Body):
    text: Text


class AnalyzeRequest(Body):
    text: Text
    user_id: Id | None = None
    session_id: Annotated[str, Field(max_length=64)] | None = None


class SpeechRequest(Body):
    text: Annotated[Text, Field(max_length=2_000)]
    warmth: Unit = 0.5
    energy: Unit = 0.5


class FeedbackRequest(Body):
    session_id: Annotated[str, Field(min_length=1, max_length=64)]
    turn: Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)]
    rating: Annotated[float, Field(strict=True, ge=1, le=5)] | None = None
    thumbs: Annotated[int, Field(strict=True), AfterValidator(_thumb)] | None = None
    label: Annotated[str, Field(max_length=32), AfterValidator(_clean)] | None = None


class ConsentRequest(Body):
    purpose: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_clean)]
    retention_days: Annotated[int, Field(strict=True, ge=1, le=365)] = 90


def _schema(model) -> dict:
    return {"requestBody": {"content": {"application/json": {"schema": model.model_json_schema()}}, "required": True}}


def _multipart_schema(model, with_user: bool) -> dict:
    fields = {"text": {"type": "string"}, "audio": {"type": "string", "format": "binary"},
              "image": {"type": "string", "format": "binary"}}
    if with_user:
        fields |= {"user_id": {"type": "string"}, "session_id": {"type": "string"}}
    return {"requestBody": {"content": {"application/json": {"schema": model.model_json_schema()},
                                        "multipart/form-data": {"schema": {"type": "object", "properties": fields}}},
                            "required": True}}


def create_app(settings: Settings | None = None, application: Application | None = None):
    from fastapi import Depends, FastAPI, Header, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from empathic.service.middleware import BodyTooLarge, Guardrails
    from empathic.service.stream import register_stream

    core = application or Application(settings)
    settings = core.settings

    class ErrorBody(BaseModel):
        error: str
        detail: str
        modality: str | None = None

    error_responses = {code: {"model": ErrorBody, "description": text} for code, text in (
        (401, "missing or invalid API key"), (403, "consent missing or context prohibited"), (404, "not found"),
        (409, "session ended or erased"), (413, "too large"), (415, "unsupported media type"),
        (422, "invalid input"), (429, "rate limited"), (503, "database away or server fault; JSON body"))}
    app = FastAPI(title="empathic", version="0.2.0", responses=error_responses, docs_url=None, redoc_url=None,
                  description="Emotion recognition and empathic replies. All endpoints under /v1 need a Bearer API key.")
    app.add_middleware(Guardrails, settings=settings, counters=core.counters)

    def error_json(exc: BaseException) -> JSONResponse:
        status, body, headers = describe(exc)
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_input")
        return JSONResponse({"error": code, "detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_, exc: RequestValidationError):
        return JSONResponse({"error": "invalid_input", "detail": _problems(exc.errors())}, status_code=422)

    app.add_exception_handler(EmpathicError, lambda _, exc: error_json(exc))

    # --- request parsing ------------------------------------------------------------------
    def tenant(authorization: str | None = Header(default=None)) -> str:
        key = authorization[7:].strip() if authorization and authorization.startswith("Bearer ") else None
        return core.authenticate(key)  # turns are charged by their cost, other calls by `charged`

    def charged(tenant_name: str = Depends(tenant)) -> str:
        core.charge(tenant_name, 1.0)
        return tenant_name

    async def read_json(request: Request, model):
        if not request.headers.get("content-type", "").startswith("application/json"):
            raise UnsupportedMedia("send application/json")
        raw = await request.body()
        if len(raw) > settings.max_json_bytes:
            raise TooLarge(f"JSON body over {settings.max_json_bytes} bytes")
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise InvalidInputError(_problems(exc.errors())) from None

    def json_body(model):
        async def parse(request: Request):
            return await read_json(request, model)
        return parse

    async def media_inputs(request: Request, model) -> dict:
        """JSON, or a form with text / audio / image (and user_id, session_id), types and sizes checked."""
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return (await read_json(request, model)).model_dump()
        try:
            form = await request.form(max_files=2, max_fields=8)
        except BodyTooLarge:
            raise
        except AssertionError:  # starlette without python-multipart: a deployment error, not the client's
            raise
        except Exception:  # a malformed multipart body is the client's error
            raise InvalidInputError("malformed multipart body") from None
        try:
            return await _read_form(form)
        finally:
            await form.close()  # uploads spool to temporary files: release them now

    async def _read_form(form) -> dict:
        fields = {}
        for name in ("text", "user_id", "session_id"):
            value = form.get(name)
            if value is not None and not isinstance(value, str):
                raise InvalidInputError(f"'{name}' must be a form field, not a file")
            fields[name] = value
        for name, allowed, limit in (("audio", AUDIO_TYPES, settings.max_audio_bytes),
                                     ("image", IMAGE_TYPES, settings.max_image_bytes)):
            upload = form.get(name)
            if upload is None:
                continue
            if isinstance(upload, str) or (upload.content_type or "").split(";")[0] not in allowed:
                raise UnsupportedMedia(f"'{name}' must be one of: {', '.join(sorted(allowed))}")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(f"'{name}' is over {limit} bytes")
            if not data:
                raise InvalidInputError(f"'{name}' is empty")
            fields[name] = data
        if fields.get("text") is not None and not fields["text"].strip():
            raise InvalidInputError("'text' must not be blank")
        if not any(fields.get(k) is not None for k in ("text", "audio", "image")):
            raise InvalidInputError("a turn needs text, audio or an image")
        return fields

    # --- health ----------------------------------------------------------------------------
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        try:
            core.ready()
        except Exception as exc:  # readiness reports any failure instead of raising
            status, body, headers = describe(exc)
            return JSONResponse({"status": "not ready", "error": body["error"], "detail": body["detail"]},
                                status_code=503, headers=headers)
        return {"status": "ready", "encryption": core.store.cipher.enabled}

    @app.get("/metrics", response_class=PlainTextResponse)
    def metrics(tenant_name: str = Depends(tenant)):
        names = ("requests", "turns", "errors_4xx", "errors_5xx", "crisis_replies")
        return "".join(f"# TYPE empathic_{k}_total counter\nempathic_{k}_total {core.counters[k]}\n" for k in names)

    # --- analysis -----------------------------------------------------------------------------
    @app.post("/v1/analyze", openapi_extra=_multipart_schema(AnalyzeRequest, True))
    async def analyze(request: Request, tenant_name: str = Depends(tenant)):
        fields = await media_inputs(request, AnalyzeRequest)
        return await run_in_threadpool(functools.partial(
            core.analyze, tenant_name, fields.get("text"), fields.get("audio"), fields.get("image"),
            fields.get("user_id"), fields.get("session_id")))

    @app.post("/v1/speech", response_class=Response, responses={200: {"content": {"audio/wav": {}}}},
              openapi_extra=_schema(SpeechRequest))
    async def speech(body: SpeechRequest = Depends(json_body(SpeechRequest)), tenant_name: str = Depends(tenant)):
        """A reply spoken by the bundled voice (WAV, 24 kHz); warmth and energy set rate and pitch."""
        from empathic.conversation.planner import Tone

        core.charge(tenant_name, 1 + len(body.text) / 100)  # synthesis costs far more per character
        wav = await run_in_threadpool(synthesizer().wav_bytes, body.text, Tone(body.warmth, 0.5, body.energy, "short"))
        return Response(wav, media_type="audio/wav")

    @functools.cache
    def synthesizer():  # loaded on the first /v1/speech call only
        from empathic.voice.speech import SpeechSynthesizer

        return SpeechSynthesizer()

    # --- sessions --------------------------------------------------------------------------------
    @app.post("/v1/sessions", status_code=201, openapi_extra=_schema(SessionRequest))
    def create_session(body: SessionRequest = Depends(json_body(SessionRequest)), tenant_name: str = Depends(charged)):
        return core.create_session(tenant_name, body.user_id, body.preset)

    @app.post("/v1/sessions/{session_id}/turns", openapi_extra=_multipart_schema(TurnRequest, False))
    async def add_turn(session_id: str, request: Request, tenant_name: str = Depends(tenant)):
        core.session(tenant_name, session_id)  # 404 before reading a large body
        fields = await media_inputs(request, TurnRequest)
        result = await run_in_threadpool(core.turn, tenant_name, session_id, fields.get("text"), fields.get("audio"),
                                         fields.get("image"))
        return result.to_dict()

    @app.get("/v1/sessions/{session_id}/timeline")
    def timeline(session_id: str, tenant_name: str = Depends(charged)):
        core.session(tenant_name, session_id)
        out = []
        for t in core.store.list_turns(session_id):
            r = t["result"] or {}
            reading = r.get("reading", {})
            out.append({"index": t["index"], "top": reading.get("top"), "valence": reading.get("valence"),
                        "arousal": reading.get("arousal"), "confidence": reading.get("confidence"),
                        "strategy": (r.get("plan") or {}).get("strategy"), "safety": (r.get("safety") or {}).get("level"),
                        "evidence": (r.get("safety") or {}).get("evidence", [])[:3],
                        "at": t["created_at"].isoformat() if t["created_at"] else None})
        return {"session_id": session_id, "turns": out}

    @app.post("/v1/sessions/{session_id}/end")
    def end_session(session_id: str, tenant_name: str = Depends(charged)):
        return core.end_session(tenant_name, session_id)

    @app.post("/v1/feedback", status_code=201, openapi_extra=_schema(FeedbackRequest))
    def post_feedback(body: FeedbackRequest = Depends(json_body(FeedbackRequest)), tenant_name: str = Depends(charged)):
        return core.feedback(tenant_name, body.session_id, body.turn, body.rating, body.thumbs, body.label)

    # --- users: consent, export, erasure ---------------------------------------------------------
    @app.put("/v1/users/{user_id}/consents/{modality}", status_code=201, openapi_extra=_schema(ConsentRequest))
    def grant(user_id: str, modality: str, body: ConsentRequest = Depends(json_body(ConsentRequest)),
              tenant_name: str = Depends(charged)):
        return core.grant(tenant_name, user_id, modality, body.purpose, body.retention_days)

    @app.get("/v1/users/{user_id}/consents")
    def read_consents(user_id: str, tenant_name: str = Depends(charged)):
        return {"user_id": user_id, "consents": core.consents(tenant_name, user_id)}

    @app.get("/v1/users/{user_id}/consents/{modality}")
    def read_consent(user_id: str, modality: str, tenant_name: str = Depends(charged)):
        found = core.consents(tenant_name, user_id).get(core.check_modality(modality))
        return {"user_id": user_id, "modality": modality, "active": found is not None, **(found or {})}

    @app.delete("/v1/users/{user_id}/consents/{modality}")
    def withdraw(user_id: str, modality: str, tenant_name: str = Depends(charged)):
        return core.withdraw(tenant_name, user_id, modality)

    @app.get("/v1/users/{user_id}/export")
    def export(user_id: str, tenant_name: str = Depends(charged)):
        return core.export(tenant_name, user_id)

    @app.delete("/v1/users/{user_id}")
    def erase(user_id: str, tenant_name: str = Depends(charged)):
        return {"user_id": user_id, "erased": core.erase(tenant_name, user_id)}

    # --- web app and docs ----------------------------------------------------------------------------
    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def web_app():
        return FileResponse(WEB / "index.html")

    if settings.docs:
        _mount_docs(app)
    register_stream(app, core)
    _start_purging(app, core)
    app.state.core, app.state.store, app.state.settings, app.state.started = core, core.store, settings, time.time()
    return app


def _problems(errors) -> str:
    return "; ".join(f"{'.'.join(map(str, e.get('loc', ()))) or 'body'}: {e.get('msg')}" for e in errors)[:500]


def _mount_docs(app) -> None:
    """Swagger UI from the ``swagger-ui-bundle`` package: no CDN, so the page works offline
    and loads no third-party script."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    from empathic.errors import require

    bundle = require("swagger_ui_bundle", "server", "swagger-ui-bundle")
    app.mount("/docs-assets", StaticFiles(directory=bundle.swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="empathic API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _start_purging(app, core: Application) -> None:
    def purge_periodically(stop: threading.Event) -> None:
        while not stop.wait(0 if not app.state.purges else core.settings.purge_interval_s):
            try:
                core.purge()
            except Exception as exc:  # the database may be away; try again next interval
                describe(exc)
                continue
            app.state.purges += 1  # counted once done, so a reader can rely on it

    app.state.purges = 0
    app.state.stop_purging = threading.Event()
    if core.settings.purge_interval_s > 0:
        threading.Thread(target=purge_periodically, args=(app.state.stop_purging,), daemon=True,
                         name="empathic-retention").start()
