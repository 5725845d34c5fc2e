"""Reads from PostgreSQL read replicas, writes to the primary, and readers see their own writes.

``DATABASE_REPLICA_URLS`` (zero or more) adds the aliases ``replica_1``, ``replica_2``… With
none, everything uses ``default`` and this module changes nothing.

A request reads from the primary when it

- is not a safe method (POST and friends write, and what they read must be current),
- is under the admin (the clinician's and moderators' tools always see the truth),
- renders a page the page cache will keep (``request.page_cache_candidate``, set by
  posts/pagecache/middleware.py on a miss) or nginx's refresh of a changed page (the
  ``X-Clinic-Refresh`` header): a page rendered from a lagging replica would be served, stale,
  to every anonymous reader for PAGE_CACHE_SECONDS, after the change that should have replaced it,
- runs inside a transaction on the primary (``select_for_update`` and reads that follow a write),
- has written anything already (every INSERT/UPDATE/DELETE is seen by a wrapper on the primary), or
- reads sessions (whether a reader is logged in must never lag), or
- carries the ``primary`` cookie, set for ``REPLICA_PIN_SECONDS`` after a request that wrote, so the
  reader who just commented, liked or logged in reads their own writes from the primary while the
  replicas catch up.

A replica that fails to answer is left alone for ``REPLICA_RETRY_SECONDS`` by this process, and
the safe request that met the failure is answered again from the primary.
"""

import contextvars
import random
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections

PIN_COOKIE = "primary"
REFRESH_HEADER = "HTTP_X_CLINIC_REFRESH"  # posts.pagecache.purge.NginxRefresh
PRIMARY_ONLY_APPS = frozenset({"sessions"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("insert", "update", "delete", "merge", "create", "alter", "drop", "truncate")

_state = contextvars.ContextVar("replica_request_state", default=None)
_down_until = {}
_down_lock = threading.Lock()


class RequestState:
    __slots__ = ("pinned", "wrote", "replicas_used")

    def __init__(self, pinned=False):
        self.pinned = pinned
        self.wrote = False
        self.replicas_used = set()


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def replica_is_up(alias):
    with _down_lock:
        until = _down_until.get(alias)
        if until is None:
            return True
        if until <= time.monotonic():
            del _down_until[alias]
            return True
        return False


def mark_replica_down(alias):
    with _down_lock:
        _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS


class PrimaryReplicaRouter:
    """Writes, migrations and transactions on ``default``; other reads spread over live replicas."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        # Outside a request (workers, commands) reads stay on the primary: they read, then write.
        if state is None or state.pinned or state.wrote:
            return "default"
        # Sessions decide who is logged in: a lagging replica must never log a reader out.
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        live = [alias for alias in replica_aliases() if replica_is_up(alias)]
        if not live:
            return "default"
        alias = random.choice(live)
        state.replicas_used.add(alias)
        return alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _notice_writes(execute, sql, params, many, context):
    state = _state.get()
    if state is not None and not state.wrote and sql.lstrip().lower().startswith(WRITES):
        state.wrote = True
    return execute(sql, params, many, context)


class ReplicaMiddleware:
    """Decides, per request, whether reads may go to a replica (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def must_use_primary(self, request):
        if request.method not in SAFE_METHODS or request.COOKIES.get(PIN_COOKIE):
            return True
        if getattr(request, "page_cache_candidate", False) or request.META.get(REFRESH_HEADER) == "1":
            return True  # what this renders is stored for every anonymous reader: it must be current
        if self.admin_prefix is None:
            from django.urls import reverse

            self.admin_prefix = reverse("admin:index")
        return request.path.startswith(self.admin_prefix)

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        state = RequestState(pinned=self.must_use_primary(request))
        token = _state.set(state)
        try:
            with connections["default"].execute_wrapper(_notice_writes):
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A replica that failed mid-request: answer a safe request again, from the primary."""
        state = _state.get()
        if not (isinstance(exception, OperationalError) and state is not None and state.replicas_used):
            return None
        for alias in state.replicas_used:
            mark_replica_down(alias)
            connections[alias].close()
        if request.method not in SAFE_METHODS or state.wrote:
            return None
        state.pinned = True
        state.replicas_used.clear()
        return self.get_response(request)
