"""One table from exceptions to HTTP status and error code, used by HTTP, WebSocket and MQTT.

Client faults answer 4xx; server faults (database away, a missing model file or extra,
a bug) answer 503 with the same JSON shape, never a plain-text 500. Bodies never carry
SQL, parameters or tracebacks.
"""

from __future__ import annotations

import logging

from empathic.errors import (ConflictError, EmpathicError, InvalidInputError, MissingDependencyError,
                             ModelNotFoundError, PolicyError)

log = logging.getLogger("empathic.service")


class ServiceError(EmpathicError):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.headers = headers or {}


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


class NotFound(ServiceError):
    status, code = 404, "not_found"


class TooLarge(ServiceError):
    status, code = 413, "payload_too_large"


class UnsupportedMedia(ServiceError):
    status, code = 415, "unsupported_media_type"


class RateLimited(ServiceError):
    status, code = 429, "rate_limited"


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


def describe(exc: BaseException) -> tuple[int, dict, dict]:
    """(status, JSON body, headers) for any exception."""
    from sqlalchemy.exc import SQLAlchemyError

    from empathic.storage.cipher import KeyMismatchError

    if isinstance(exc, ServiceError):
        return exc.status, _body(exc.code, str(exc)), exc.headers
    if isinstance(exc, PolicyError):  # consent_required, prohibited_context
        body = _body(exc.code, str(exc))
        if getattr(exc, "modality", None):
            body["modality"] = exc.modality
        return 403, body, {}
    if isinstance(exc, ConflictError):
        return 409, _body(exc.code, str(exc)), {}
    if isinstance(exc, InvalidInputError):
        return 422, _body("invalid_input", str(exc)), {}
    if isinstance(exc, (SQLAlchemyError, ConnectionError, TimeoutError)):
        log.warning("database unavailable: %s", type(exc).__name__)  # the message may hold SQL parameters
        return 503, _body("database_unavailable", "the database is not reachable; retry shortly"), {"Retry-After": "5"}
    if isinstance(exc, KeyMismatchError):
        return 503, _body(exc.code, "stored data cannot be decrypted with the configured key"), {"Retry-After": "60"}
    if isinstance(exc, (MissingDependencyError, ModelNotFoundError)):
        log.error("server misconfigured: %s", exc)
        return 503, _body("server_misconfigured", str(exc)), {}
    if isinstance(exc, RecursionError):
        return 422, _body("invalid_input", "input nested too deeply"), {}
    if isinstance(exc, EmpathicError):
        return 422, _body(getattr(exc, "code", "invalid_input"), str(exc)), {}
    log.error("unexpected %s", type(exc).__name__, exc_info=(type(exc), exc, None))  # no frame locals
    return 503, _body("internal_error", "the server failed to handle this request; it was logged"), {}


def _body(code: str, detail: str) -> dict:
    return {"error": code, "detail": detail[:500]}
