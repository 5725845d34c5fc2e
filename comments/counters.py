"""The shared limits store: Django cache backends that make rate limits hold across processes.

With ``DEBUG=False`` and no Redis, every gunicorn worker would otherwise keep its own counters in
local memory (4 workers, 4 times every limit). Two backends fix that:

- ``DatabaseCounterCache`` keeps entries in one table (``RateCounter``). ``incr`` is a single
  ``UPDATE … SET number = number + 1 … RETURNING number`` and ``add`` a single ``INSERT … ON
  CONFLICT DO UPDATE … WHERE expired``, so concurrent processes never lose a count (Django's own
  database cache reads, then writes: two workers can both read 4 and both write 5).
- ``LimitsRoutingCache`` is the default cache in that setup: allauth keeps its limits in the
  default cache (``django.core.cache.cache``, not configurable in allauth 65), so keys under
  ``SHARED_PREFIXES`` (allauth's ``allauth:rl:``) go to the shared store, everything else (the
  menu, related reading) stays in fast local memory.
"""

import pickle
from datetime import UTC, datetime, timedelta

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections, router
from django.utils import timezone

FOREVER = datetime(9999, 1, 1, tzinfo=UTC)


class DatabaseCounterCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        from comments.models import RateCounter

        self.model = RateCounter
        self.table = RateCounter._meta.db_table

    def _cursor(self):
        # Always the primary: counters must never be read from a lagging replica.
        return connections[router.db_for_write(self.model)].cursor()

    def _expires(self, timeout):
        seconds = self.get_backend_timeout(timeout)
        if seconds is None:
            return FOREVER
        return datetime.fromtimestamp(seconds, tz=UTC)

    @staticmethod
    def _encode(value):
        if type(value) is int:
            return value, None
        return None, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    def _upsert(self, key, version, value, timeout, only_if_expired):
        key = self.make_and_validate_key(key, version=version)
        number, data = self._encode(value)
        condition = f"WHERE {self.table}.expires <= %s" if only_if_expired else ""
        params = [key, number, data, self._expires(timeout)] + ([timezone.now()] if only_if_expired else [])
        with self._cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (key, number, data, expires) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET number = EXCLUDED.number, data = EXCLUDED.data, "
                f"expires = EXCLUDED.expires {condition} RETURNING key",
                params,
            )
            return cursor.fetchone() is not None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._upsert(key, version, value, timeout, only_if_expired=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._upsert(key, version, value, timeout, only_if_expired=False)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT number, data FROM {self.table} WHERE key = %s AND expires > %s", [key, timezone.now()]
            )
            row = cursor.fetchone()
        if row is None:
            return default
        number, data = row
        return number if data is None else pickle.loads(bytes(data))

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET number = number + %s "
                "WHERE key = %s AND expires > %s AND number IS NOT NULL RETURNING number",
                [delta, key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET expires = %s WHERE key = %s AND expires > %s RETURNING key",
                [self._expires(timeout), key, timezone.now()],
            )
            return cursor.fetchone() is not None

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE key = %s RETURNING key", [key])
            return cursor.fetchone() is not None

    def has_key(self, key, version=None):
        sentinel = object()
        return self.get(key, sentinel, version=version) is not sentinel

    def clear(self):
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")


def expired_purge(*, grace=timedelta(minutes=5)):
    """Delete expired entries (an hourly job of the task worker). Returns how many went."""
    from comments.models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires__lt=timezone.now() - grace).delete()
    return deleted


class LimitsRoutingCache(BaseCache):
    """Local memory for everything, except keys under ``SHARED_PREFIXES``: those go to ``SHARED``."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._local_alias = options.get("LOCAL", "local")
        self._shared_alias = options.get("SHARED", "ratelimit")
        self._prefixes = tuple(options.get("SHARED_PREFIXES", ["allauth:rl:"]))

    def _for(self, key):
        return caches[self._shared_alias if str(key).startswith(self._prefixes) else self._local_alias]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._for(key).add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._for(key).get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._for(key).set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._for(key).touch(key, timeout, version)

    def delete(self, key, version=None):
        return self._for(key).delete(key, version)

    def incr(self, key, delta=1, version=None):
        return self._for(key).incr(key, delta, version)

    def has_key(self, key, version=None):
        return self._for(key).has_key(key, version)

    def clear(self):
        caches[self._local_alias].clear()
        caches[self._shared_alias].clear()
