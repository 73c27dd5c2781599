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


class PolicyError(EmpathicError, PermissionError):
    """A call the product rules forbid. ``code`` is stable for programs to match."""

    code = "policy_violation"


class ConsentRequiredError(PolicyError):
    code = "consent_required"

    def __init__(self, modality: str, user_id: str):
        super().__init__(f"no active consent from user {user_id!r} for {modality} emotion analysis; "
                         f"record consent for '{modality}' first")
        self.modality = modality


class ProhibitedContextError(PolicyError):
    code = "prohibited_context"

    def __init__(self, preset: str, modality: str):
        super().__init__(f"[prohibited_context] {modality} emotion inference is not allowed in the "
                         f"'{preset}' preset (EU AI Act Art. 5(1)(f)); only an audited 'medical' or "
                         "'safety' purpose permits it. Text analysis remains available.")
        self.modality = modality


class ConflictError(EmpathicError):
    """The request contradicts the stored state (HTTP 409)."""

    code = "conflict"


class SessionEndedError(ConflictError):
    code = "session_ended"

    def __init__(self, session_id: str):
        super().__init__(f"session {session_id!r} has ended; start a new session")


class SessionGoneError(ConflictError):
    """The session was erased or ended while a turn was in flight; nothing was stored."""

    code = "session_gone"


class UserErasedError(ConflictError):
    """The user was erased; a session is not re-created implicitly (start a new one explicitly)."""

    code = "user_erased"
