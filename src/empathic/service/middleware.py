"""The outermost ASGI layer: body limits as bytes stream in, the error shape, security headers,
Host and Origin checks for ``--no-auth``, and request counters.

A pure ASGI middleware (not ``@app.middleware``) so that a chunked upload is cut off at the
limit instead of being buffered or spooled to disk first, and so that no exception ever
reaches the server's plain-text 500 page (or its log with SQL parameters).
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from empathic.service.errors import describe

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), microphone=(self), geolocation=(), payment=()"),
    (b"content-security-policy", b"default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
                                 b"media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
                                 b"base-uri 'none'; form-action 'self'; object-src 'none'"),
]


class BodyTooLarge(Exception):
    pass


class Guardrails:
    def __init__(self, app, settings, counters):
        self.app, self.settings, self.counters = app, settings, counters

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.settings.no_auth:
            problem = self._local_only(headers)
            if problem:
                if scope["type"] == "websocket":
                    return await send({"type": "websocket.close", "code": 4403})
                return await _respond(send, 403, {"error": "forbidden", "detail": problem}, [])
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        self.counters["requests"] += 1
        limit = self.settings.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            self.counters["errors_4xx"] += 1
            return await _respond(send, 413, {"error": "payload_too_large",
                                              "detail": f"request body over {limit} bytes"}, [])
        received, started = 0, False

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # chunked bodies have no content-length: count as they come
                    raise BodyTooLarge
            return message

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                self.counters["errors_4xx"] += 400 <= status < 500
                self.counters["errors_5xx"] += status >= 500
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _respond(send_with_headers, 413, {"error": "payload_too_large",
                                                        "detail": f"request body over {limit} bytes"}, [])
        except Exception as exc:  # noqa: BLE001  every fault gets the JSON error shape
            if started:
                raise
            status, body, extra = describe(exc)
            await _respond(send_with_headers, status, body,
                           [(k.lower().encode(), str(v).encode()) for k, v in extra.items()])

    def _local_only(self, headers: dict) -> str | None:
        """Without auth, only loopback names may be asked for (no DNS rebinding), and a browser
        page from elsewhere may not call in (its Origin is refused)."""
        host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").startswith("[") \
            else headers.get("host", "").split("]")[0] + "]"
        if host not in self.settings.allowed_hosts:
            return f"host {host!r} is not served without auth"
        origin = headers.get("origin")
        if origin and origin != "null":
            origin_host = urlparse(origin).hostname or ""
            if origin_host not in {h.strip("[]") for h in self.settings.allowed_hosts}:
                return f"origin {origin!r} may not call a --no-auth server"
        return None


async def _respond(send, status: int, body: dict, headers: list) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": payload})
