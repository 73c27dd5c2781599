"""Rate limiting by cost, per tenant: a token bucket of cost units per minute.

A short text turn costs 1 unit; long text, seconds of audio and megapixels add to it, so a
10,000-character turn (seconds of CPU) counts for much more than "hello". The bucket lives
in process memory, or in Redis when ``redis_url`` is set so that every worker process of a
deployment shares one budget.
"""

from __future__ import annotations

import math
import threading
import time

from empathic.errors import require

CHARS_FREE, CHARS_PER_UNIT = 500, 500  # an ordinary message costs exactly 1
AUDIO_SECONDS_PER_UNIT = 5.0
PIXELS_PER_UNIT = 1_000_000


def cost(text: str | None = None, audio_seconds: float = 0.0, pixels: int = 0) -> float:
    extra_chars = max(0, len(text or "") - CHARS_FREE)
    return 1.0 + extra_chars / CHARS_PER_UNIT + audio_seconds / AUDIO_SECONDS_PER_UNIT + pixels / PIXELS_PER_UNIT


class MemoryBuckets:
    def __init__(self, per_minute: int):
        self.rate, self.capacity = per_minute / 60.0, float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, units: float) -> float:
        """0 when allowed (units taken), else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= units:
                self._buckets[key] = (tokens - units, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (units - tokens) / self.rate


# KEYS[1] bucket; ARGV rate/s, capacity, units, now. Returns seconds to wait (0 = taken), as a string.
_LUA = """
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local rate, cap, units, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens, at = tonumber(b[1]) or cap, tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= units then tokens = tokens - units else wait = (units - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('EXPIRE', KEYS[1], math.ceil(cap / rate) + 60)
return tostring(wait)
"""


class RedisBuckets:
    def __init__(self, per_minute: int, url: str, namespace: str = "empathic:rl:"):
        redis = require("redis", "server", "redis")
        self.rate, self.capacity = per_minute / 60.0, float(per_minute)
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.namespace = namespace
        self._script = self.client.register_script(_LUA)

    def take(self, key: str, units: float) -> float:
        # Redis's clock, not ours: workers on several machines agree on it
        seconds, micros = self.client.time()
        return float(self._script(keys=[self.namespace + key],
                                  args=[self.rate, self.capacity, units, seconds + micros / 1e6]))


class CostLimiter:
    def __init__(self, per_minute: int, redis_url: str | None = None):
        self.enabled = per_minute > 0
        self.shared = bool(redis_url)
        self.buckets = RedisBuckets(per_minute, redis_url) if redis_url else MemoryBuckets(max(per_minute, 1))
        self.capacity = float(per_minute)

    def check(self, key: str, units: float = 1.0) -> int:
        """0 when allowed, else whole seconds to wait. A request dearer than the whole bucket
        is charged the full bucket, so it can still pass once, when the bucket is full."""
        if not self.enabled:
            return 0
        wait = self.buckets.take(key, min(units, self.capacity))
        return math.ceil(wait) if wait > 0 else 0
