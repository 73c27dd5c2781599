"""Every default and limit of the service, in one object read from the environment.

``Settings.from_env()`` reads ``EMPATHIC_<FIELD>`` (upper case) for each plain field, e.g.
``EMPATHIC_DATABASE_URL``, ``EMPATHIC_RATE_LIMIT_PER_MINUTE``, ``EMPATHIC_REDIS_URL``;
command-line flags override it. Changing a limit never needs a code change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from empathic.errors import InvalidInputError


@dataclass
class Settings:
    database_url: str = "sqlite:///empathic.db"
    no_auth: bool = False
    # cost units per minute per tenant: a short text turn costs 1, long text, seconds of audio
    # and megapixels add to it (service/limits.py); shared across workers through Redis when set
    rate_limit_per_minute: int = 120
    redis_url: str | None = None
    max_text_chars: int = 10_000
    max_body_bytes: int = 12_000_000  # any request, chunked or not, counted as it streams in
    max_json_bytes: int = 1_000_000
    max_audio_bytes: int = 10_000_000
    max_image_bytes: int = 8_000_000
    max_image_pixels: int = 16_000_000  # decoded pixels for a turn; the face detector works at ~1 Mpx
    max_id_chars: int = 100
    default_preset: str = "default"
    retention_days: int = 90  # product rule 8: stored conversations are purged after this
    audit_retention_days: int = 365  # audit rows prove what was done; kept longer
    purge_interval_s: float = 3600.0  # first purge at start-up, then this often; 0 turns it off
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]", "testserver")  # --no-auth only
    docs: bool = True  # /docs and /redoc, with assets served locally
    locale: str | None = None
    crisis_model: bool = False  # the learned risk model beside the rules (opt-in: docs/safety.md has why)
    # the per-tenant strategy learner (conversation/learner.py): off unless the operator opts in,
    # since it trains on users' feedback (product rule 12); exploration bounded by this share
    learning: bool = False
    explore_share: float = 0.1
    llm: object | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ=None, **overrides) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"EMPATHIC_{f.name.upper()}")
            if raw is None or f.name in ("llm", "extra"):
                continue
            values[f.name] = _parse(f.name, str(f.type), raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(name: str, kind: str, raw: str):
    try:
        if kind.startswith("bool"):
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes")
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError:
        raise InvalidInputError(f"EMPATHIC_{name.upper()}={raw!r} is not a valid {kind}") from None
    return raw
