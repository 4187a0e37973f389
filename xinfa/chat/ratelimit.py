"""Token-bucket rate limit per chat session, kept in the cache so every process agrees."""

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


def rate_limit_take(*, key: str, now: float | None = None) -> float:
    """Charge one message to the bucket named `key`; 0.0 = allowed, else retry-after seconds.

    The read-modify-write is not atomic across processes; a race lets through at most a
    message or two more, which is acceptable for flood control.
    """
    rate = float(chat_setting("CHAT_RATE_PER_SECOND"))
    burst = float(chat_setting("CHAT_RATE_BURST"))
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
