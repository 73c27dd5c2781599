"""A local OpenAI-compatible chat-completions server over real HTTP, for tests.

``FakeLLMServer(reply=..., delay=...)`` answers every request with ``reply``
(streamed as server-sent events when asked), after ``delay`` seconds, or with
``status`` when it is not 200. ``requests`` keeps what it received, ``headers`` their headers. ``GET .../models``
lists one model, ``fake-model``.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLMServer:
    def __init__(self, reply: str = "It sounds like that has been really hard. What happened?", delay: float = 0.0,
                 status: int = 200):
        self.reply, self.delay, self.status = reply, delay, status
        self.requests: list[dict] = []
        self.headers: list[dict] = []  # each request's headers, lower-cased names
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):  # GET /v1/models
                server.requests.append({"path": self.path})
                payload = json.dumps({"object": "list", "data": [{"id": "fake-model", "object": "model",
                                                                  "created": 0, "owned_by": "empathic"}]}).encode()
                self.send_response(200 if self.path.rstrip("/").endswith("/models") else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                time.sleep(server.delay)
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    # every field of OpenAI's chunk: strict clients (livekit-plugins-openai) validate them
                    head = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                            "model": body.get("model") or "fake-model"}
                    for word in server.reply.split(" "):
                        delta = {"index": 0, "delta": {"content": word + " "}, "finish_reason": None}
                        chunk = {**head, "choices": [delta]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    end = {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": server.reply}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that timed out and left: expected
                pass

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "FakeLLMServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
