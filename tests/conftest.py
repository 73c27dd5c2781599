"""Shared fixtures: one recognizer per test session (the model loads once)."""

from __future__ import annotations

import pytest

from empathic.datasets.paths import data_dir
from empathic.errors import DataNotFoundError


@pytest.fixture(scope="session")
def text_recognizer():
    from empathic.text.recognizer import TextEmotionRecognizer

    return TextEmotionRecognizer().load()


@pytest.fixture(scope="session")
def shared_data():
    try:
        return data_dir()
    except DataNotFoundError as exc:
        pytest.skip(f"training data not available: {exc}")


POSTGRES_URL = __import__("os").environ.get(
    "EMPATHIC_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/empathic_test")


def postgres_url_or_skip() -> str:
    """The scratch PostgreSQL database, or a skip naming why it is not used."""
    try:
        import sqlalchemy

        sqlalchemy.create_engine(POSTGRES_URL).connect().close()
    except Exception as exc:  # any connection problem means: no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__}); set EMPATHIC_TEST_POSTGRES_URL")
    return POSTGRES_URL


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The app under uvicorn on a free loopback port, in a thread."""

    def __init__(self, app):
        import threading

        import uvicorn

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        for _ in range(200):
            if self._server.started:
                break
            __import__("time").sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
