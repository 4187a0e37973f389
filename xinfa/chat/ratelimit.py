"""Token-bucket rate limits (per chat session, per client address), kept in the cache so
every process agrees."""

import time
from dataclasses import dataclass

from django.core.cache import cache

from xinfa.chat.conf import chat_setting


@dataclass
class TokenBucket:
    """A bucket of `burst` tokens refilled at `rate` per second; one message takes one."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    def take(self, now: float) -> float:
        """Take a token; return 0.0 when allowed, else the seconds until one is free."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


def rate_limit_take(
    *, key: str, now: float | None = None, rate: float | None = None, burst: float | None = None
) -> float:
    """Charge one request to the bucket named `key`; 0.0 = allowed, else retry-after seconds.

    `rate` (tokens per second) and `burst` default to the per-session message limits.
    The read-modify-write is not atomic across processes; a race lets through at most a
    request or two more, which is acceptable for flood control.
    """
    rate = float(chat_setting("CHAT_RATE_PER_SECOND") if rate is None else rate)
    burst = float(chat_setting("CHAT_RATE_BURST") if burst is None else burst)
    now = time.monotonic() if now is None else now
    cache_key = f"chat:bucket:{key}"
    stored = cache.get(cache_key)
    if stored is None:
        bucket = TokenBucket(rate=rate, burst=burst, tokens=burst, stamp=now)
    else:
        bucket = TokenBucket(rate=rate, burst=burst, tokens=stored[0], stamp=stored[1])
    wait = bucket.take(now)
    cache.set(cache_key, (bucket.tokens, bucket.stamp), timeout=max(60, int(burst / rate) + 5))
    return wait


def client_rate_limit_take(*, action: str, address: str | None, now: float | None = None) -> float:
    """Charge one anonymous `action` (e.g. "phone-code", "session-start") to an address.

    Anonymous endpoints have no session to charge, so each address gets the burst and
    per-minute allowance of CHAT_CLIENT_LIMITS[action]. Callers without a known address
    share one bucket.

    Raises:
        KeyError: `action` has no configured limit.
    """
    per_minute, burst = chat_setting("CHAT_CLIENT_LIMITS")[action]
    return rate_limit_take(
        key=f"client:{action}:{address or 'unknown'}",
        now=now,
        rate=float(per_minute) / 60.0,
        burst=float(burst),
    )
