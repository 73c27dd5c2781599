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
