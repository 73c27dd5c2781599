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


_SCHEMAS: list[str] = []


def postgres_url_or_skip() -> str:
    """A fresh schema in the scratch PostgreSQL database (so each store has its own tables and
    encryption canary), or a skip naming why PostgreSQL is not used."""
    import uuid

    try:
        import sqlalchemy

        engine = sqlalchemy.create_engine(POSTGRES_URL)
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with engine.begin() as c:
            c.exec_driver_sql(f"create schema {schema}")
        engine.dispose()
    except Exception as exc:  # any connection problem means: no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__}); set EMPATHIC_TEST_POSTGRES_URL")
    _SCHEMAS.append(schema)
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def pytest_sessionfinish(session, exitstatus):
    if not _SCHEMAS:
        return
    import sqlalchemy

    engine = sqlalchemy.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as c:
            for schema in _SCHEMAS:
                c.exec_driver_sql(f"drop schema if exists {schema} cascade")
    except Exception:  # noqa: BLE001  a server gone at the end leaves scratch schemas, nothing more
        pass
    engine.dispose()


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
