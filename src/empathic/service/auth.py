"""API keys (stored hashed) and per-key rate limits."""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time

KEY_PREFIX = "emp_"


def hash_key(key: str) -> str:
    # Keys are 32 random bytes: a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(store, tenant: str) -> str:
    """A new API key for ``tenant``; only its hash is stored."""
    if not tenant or len(tenant) > 128:
        raise ValueError("tenant must be 1-128 characters")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    store.add_api_key(tenant, hash_key(key), key[:10])
    store.audit("key_created", tenant, "admin", tenant)
    return key


class RateLimiter:
    """Token bucket per key: ``per_minute`` requests, bursts up to the same number."""

    def __init__(self, per_minute: int):
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        """0 when allowed, else seconds to wait before the next request."""
        if self.capacity <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return math.ceil((1 - tokens) / self.rate)
