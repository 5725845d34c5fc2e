"""Who is asking (the real client address behind trusted proxies) and how often.

Counters live in the "ratelimit" cache (fixed one-minute and one-hour windows, per address and
per account), which every process shares: Redis, or a table with atomic counters
(``comments.counters``); see the README's "Limits".
"""

import ipaddress
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import caches

from comments.conf import setting

WINDOWS = (("minute", 60, "COMMENTS_RATE_PER_MINUTE"), ("hour", 3600, "COMMENTS_RATE_PER_HOUR"))


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(ip, networks):
    return any(ip.version == network.version and ip in network for network in networks)


def _parse(value):
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_ip(request):
    """REMOTE_ADDR, or, when it is a trusted proxy, the first untrusted hop of X-Forwarded-For.

    The header is read from the right: each trusted proxy appends the address it saw, so the
    rightmost address that is not ours is the client. Anything left of it could be forged.
    """
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(setting("TRUSTED_PROXIES")))
    if remote is None:
        return None
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        ip = _parse(hop)
        if ip is None:
            break
        remote = ip
        if not _trusted(ip, networks):
            break
    return str(remote)


def _address_key(ip):
    """IPv6 readers are counted per /64, the block one household or phone gets."""
    if ip and ":" in ip:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return ip or "unknown"


@dataclass
class Attempt:
    keys: list = field(default_factory=list)
    retry_after: int = 0

    @property
    def refused(self):
        return self.retry_after > 0

    def refund(self):
        """The submission did not go through (a form error): it does not count."""
        for key in self.keys:
            try:
                caches["ratelimit"].decr(key)
            except ValueError:
                pass
        self.keys = []


def count_attempt(request, scope="comment"):
    """Count one submission; ``Attempt.refused`` when the reader is over a limit. Staff are exempt."""
    attempt = Attempt()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return attempt
    who = [f"ip:{_address_key(client_ip(request))}"]
    if user is not None and user.is_authenticated:
        who.append(f"user:{user.pk}")
    now = time.time()
    for window, seconds, name in WINDOWS:
        limit = setting(name)
        if not limit:
            continue
        bucket = int(now // seconds)
        for ident in who:
            key = f"ratelimit:{scope}:{window}:{bucket}:{ident}"
            store = caches["ratelimit"]
            store.add(key, 0, timeout=seconds + 60)
            try:
                count = store.incr(key)
            except ValueError:  # evicted between add and incr
                store.set(key, 1, timeout=seconds + 60)
                count = 1
            attempt.keys.append(key)
            if count > limit:
                attempt.retry_after = max(attempt.retry_after, math.ceil(seconds - now % seconds))
    return attempt
