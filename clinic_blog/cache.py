"""Redis as the shared cache, without making it a hard dependency for readers.

Django's ``RedisCache`` raises when Redis cannot be reached, so a Redis outage turned every page
into the error page. ``ResilientRedisCache`` (Django's backend, wrapped at its methods) keeps the
site working through one:

- reads miss: the page cache, related reading and the menus are computed from the database;
- writes are dropped, except lasting ones (a ``set`` without expiry, as the cache generations
  are written, and every ``delete``): this process keeps those and writes them when Redis answers
  again, so a page cached before the outage never outlives a change made during it;
- keys under ``FALLBACK_PREFIXES`` (rate limits) go to the ``FALLBACK`` cache, the database
  counters of ``comments/counters.py``, so limits keep holding for every process;
- after a failure Redis is left alone for ``RETRY_SECONDS`` (otherwise every request would wait
  for a timeout), and the socket timeouts set in settings bound the wait of the one that fails.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
OWED_AT_MOST = 10_000  # lasting writes one process keeps for later; more is logged and dropped
_DELETE = object()


class _Outage:
    """What one process knows of one Redis server: since when it stopped answering, and until
    when it is left alone; the lasting writes owed to it (by full key)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.since = None
        self.down_until = 0.0
        self.owed = {}


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK", None)
        self._fallback_prefixes = tuple(options.pop("FALLBACK_PREFIXES", []))  # "" for every key
        self._retry_seconds = options.pop("RETRY_SECONDS", 10)
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage_for(server if isinstance(server, str) else ",".join(server))

    # --- deciding where an operation goes ---------------------------------------------------------

    def _falls_back(self, key):
        return str(key).startswith(self._fallback_prefixes)

    @property
    def _fallback(self):
        return caches[self._fallback_alias]

    def _elsewhere(self, method, args, *, otherwise):
        """What an operation gives while Redis is down: the fallback cache's answer for keys under
        FALLBACK_PREFIXES (``args[0]`` is the key), else ``otherwise`` (a miss)."""
        if self._falls_back(args[0]):
            return lambda: getattr(self._fallback, method)(*args)
        return lambda: otherwise

    @property
    def reachable(self):
        """False from a failed operation until one succeeds again (in this process)."""
        return self._outage.since is None

    def _attempt(self, operation, during_outage):
        if time.monotonic() < self._outage.down_until:  # left alone for a while after a failure
            return during_outage()
        try:
            self._owed_write()
            result = operation()
        except UNREACHABLE as exc:
            self._down(exc)
            return during_outage()
        if self._outage.since is not None:
            self._up()
        return result

    def _down(self, exc):
        outage = self._outage
        with outage.lock:
            outage.down_until = time.monotonic() + self._retry_seconds
            if outage.since is None:
                outage.since = time.time()
                logger.warning(
                    "Redis does not answer (%s: %s); serving without the shared cache, retrying every %s s",
                    type(exc).__name__,
                    exc,
                    self._retry_seconds,
                )

    def _up(self):
        outage = self._outage
        with outage.lock:
            if outage.since is not None:
                logger.warning("Redis answers again after %.0f s", time.time() - outage.since)
                outage.since = None

    def _owe(self, full_key, value):
        outage = self._outage
        with outage.lock:
            if full_key in outage.owed or len(outage.owed) < OWED_AT_MOST:
                outage.owed[full_key] = value
            else:
                logger.error("Redis is down and %s writes are already owed; dropping %s", OWED_AT_MOST, full_key)

    def _owed_write(self):
        """Write what this process owes Redis from an outage (raises while Redis is unreachable)."""
        outage = self._outage
        if not outage.owed:
            return
        with outage.lock:
            owed, outage.owed = outage.owed, {}
        try:
            for full_key, value in owed.items():
                if value is _DELETE:
                    self._cache.delete(full_key)
                else:
                    self._cache.set(full_key, value, None)
        except UNREACHABLE:
            with outage.lock:
                outage.owed = {**owed, **outage.owed}  # writes made since then win
            raise

    # --- Django's cache API -------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        args = (key, value, timeout, version)
        return self._attempt(lambda: RedisCache.add(self, *args), self._elsewhere("add", args, otherwise=False))

    def get(self, key, default=None, version=None):
        args = (key, default, version)
        return self._attempt(lambda: RedisCache.get(self, *args), self._elsewhere("get", args, otherwise=default))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def during_outage():
            if self._falls_back(key):
                self._fallback.set(key, value, timeout, version)
            elif self.get_backend_timeout(timeout) is None:
                self._owe(self.make_and_validate_key(key, version=version), value)

        return self._attempt(lambda: RedisCache.set(self, key, value, timeout, version), during_outage)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        args = (key, timeout, version)
        return self._attempt(lambda: RedisCache.touch(self, *args), self._elsewhere("touch", args, otherwise=False))

    def delete(self, key, version=None):
        def during_outage():
            if self._falls_back(key):
                return self._fallback.delete(key, version)
            self._owe(self.make_and_validate_key(key, version=version), _DELETE)
            return False

        return self._attempt(lambda: RedisCache.delete(self, key, version), during_outage)

    def get_many(self, keys, version=None):
        keys = list(keys)

        def during_outage():
            fallen = [key for key in keys if self._falls_back(key)]
            return self._fallback.get_many(fallen, version) if fallen else {}

        return self._attempt(lambda: RedisCache.get_many(self, keys, version), during_outage)

    def has_key(self, key, version=None):
        args = (key, version)
        return self._attempt(lambda: RedisCache.has_key(self, *args), self._elsewhere("has_key", args, otherwise=False))

    def incr(self, key, delta=1, version=None):
        def during_outage():
            if self._falls_back(key):
                return self._fallback.incr(key, delta, version)
            raise ValueError(f"Key '{key}' not found")  # what a missing key gives; callers handle it

        return self._attempt(lambda: RedisCache.incr(self, key, delta, version), during_outage)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        def during_outage():
            for key, value in data.items():
                self.set(key, value, timeout, version)  # Redis is marked down: this only owes or falls back
            return [key for key in data if not self._falls_back(key)]

        return self._attempt(lambda: RedisCache.set_many(self, data, timeout, version), during_outage)

    def delete_many(self, keys, version=None):
        keys = list(keys)

        def during_outage():
            for key in keys:
                self.delete(key, version)

        return self._attempt(lambda: RedisCache.delete_many(self, keys, version), during_outage)

    def clear(self):
        return self._attempt(lambda: RedisCache.clear(self), lambda: False)
