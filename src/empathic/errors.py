"""Exceptions. Every error the library raises derives from ``EmpathicError``."""

from __future__ import annotations


class EmpathicError(Exception):
    """Root of all empathic errors."""


class InvalidInputError(EmpathicError, ValueError):
    """An input is empty, of the wrong type, too large or malformed."""


class MissingDependencyError(EmpathicError, ImportError):
    """An optional part needs an extra that is not installed."""

    def __init__(self, package: str, extra: str):
        super().__init__(
            f"this feature needs the '{package}' package: pip install 'empathic[{extra}]'")
        self.package = package
        self.extra = extra


class ModelNotFoundError(EmpathicError, FileNotFoundError):
    """A model directory lacks its files."""


class DataNotFoundError(EmpathicError, FileNotFoundError):
    """A training or evaluation dataset is not where it was looked for."""


def require(module: str, extra: str, package: str | None = None):
    """Import an optional module or raise an error naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(package or module.split(".")[0], extra) from exc
