"""API keys: created for a tenant, stored hashed, listed by prefix, revoked."""

from __future__ import annotations

import hashlib
import secrets

from empathic.errors import InvalidInputError

KEY_PREFIX = "emp_"


def hash_key(key: str) -> str:
    # Keys are 32 random bytes: a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def create_key(store, tenant: str) -> str:
    """A new API key for ``tenant``; only its hash is stored."""
    from empathic.service.application import RESERVED_TENANTS, check_tenant

    check_tenant(tenant)
    if tenant in RESERVED_TENANTS:
        raise InvalidInputError(f"tenant {tenant!r} is reserved ({', '.join(sorted(RESERVED_TENANTS))}: "
                                "--no-auth and the MQTT bridge); choose another name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    store.add_api_key(tenant, hash_key(key), key[:12])
    store.audit("key_created", tenant, "admin", tenant, key[:12])
    return key


def revoke_key(store, prefix: str) -> int:
    """Revoke the key(s) starting with ``prefix`` (the 12 characters ``keys list`` shows)."""
    if not isinstance(prefix, str) or len(prefix) != 12 or not prefix.startswith(KEY_PREFIX):
        raise InvalidInputError(f"give the 12-character key prefix that 'empathic keys list' shows (e.g. {KEY_PREFIX}AbC123xY)")
    revoked = store.revoke_api_key(prefix)
    store.audit("key_revoked", None, "admin", prefix, str(revoked))
    return revoked
