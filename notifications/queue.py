"""Background work on django-q2: enqueueing with the change, retries with back-off, periodic jobs.

- ``enqueue`` puts a task on the queue as part of the caller's transaction. With the ORM broker
  (the default) the queue row is written by the same database connection, so a rolled-back
  change queues nothing and a committed one loses nothing. With the Redis broker the push waits
  for the commit (``transaction.on_commit``).
- ``run_with_retries`` is what the worker runs: it calls the task and, when it raises, queues the
  next attempt after a growing delay (a django-q2 one-off ``Schedule``), then lets the failure
  be recorded, so every failed attempt is visible in the admin's "Failed tasks".
- ``SCHEDULES`` are the periodic jobs. django-q2's scheduler picks due schedules with
  ``SELECT … FOR UPDATE``, so two workers never start the same run twice.
- ``queue_state`` feeds ``/healthz``; ``run_due`` runs what is due in this process (tests and
  one-shot runs), through django-q2's own worker and monitor functions.
"""

import contextlib
import datetime
import logging
from multiprocessing import Value
from queue import Queue
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)

# (name, function, schedule type, minutes between runs): created or updated by ``schedules_ensure``.
SCHEDULES = [
    ("Announce scheduled posts", "notifications.services.announcements_process", "I", 1),
    ("Review reminders", "posts.reviews.services.review_reminders_send", "I", 60),
    ("Forget commenters' IP addresses", "comments.services.comment_ips_purge", "I", 24 * 60),
    ("Forget finished tasks", "notifications.queue.results_purge", "I", 24 * 60),
    ("Forget expired rate counters", "comments.counters.expired_purge", "I", 60),
    ("Roll up old search counts", "posts.search.services.search_counts_roll_up", "I", 24 * 60),
]


SCHEDULES_LOCK = 0x71_5C_4E_D0  # the advisory lock key for ``schedules_ensure``


def _setting(name, default):
    return getattr(settings, name, default)


def uses_orm_broker():
    return "orm" in settings.Q_CLUSTER


def enqueue(func, *args, task_name=None, **kwargs):
    """Queue ``func`` (a dotted path) with JSON-like arguments, retried on failure.

    Call it inside the transaction that makes the change: the task exists exactly when the change does.
    """
    from django_q.tasks import async_task

    def push():
        async_task(
            "notifications.queue.run_with_retries",
            func,
            1,
            list(args),
            kwargs,
            q_options={"task_name": task_name or func.rsplit(".", 1)[-1]},
        )

    def push_or_keep():
        """Redis broker: a Redis that does not answer must not lose the task or fail the request
        whose change has committed; the task waits in the database as a one-off schedule, which
        the worker's scheduler pushes once Redis answers again."""
        from redis.exceptions import RedisError

        try:
            push()
        except RedisError as exc:
            logger.warning("Redis does not answer (%s); %s kept in the database until it does", exc, func)
            _run_later(func, 1, args, kwargs, name=f"Waiting for Redis: {task_name or func.rsplit('.', 1)[-1]}")

    if uses_orm_broker():
        push()
    else:
        transaction.on_commit(push_or_keep)


def _run_later(func, attempt, args, kwargs, *, name, when=None):
    """A one-off django-q2 schedule that queues attempt ``attempt`` of ``func`` at ``when`` (now):
    the worker's scheduler pushes it to the broker then, and deletes the schedule."""
    from django_q.models import Schedule

    return Schedule.objects.create(
        name=name[:100],
        func="notifications.queue.run_with_retries",
        args=repr((func, attempt, list(args), kwargs)),
        schedule_type=Schedule.ONCE,
        repeats=-1,  # deleted once it has run
        next_run=when or timezone.now(),
    )


def retry_delay(attempt):
    """The wait after failed attempt number ``attempt``: 1 min, 2, 4 … at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempt - 1, 0), LONGEST_RETRY)


def run_with_retries(func, attempt, args, kwargs):
    """The worker's entry point for enqueued work: on failure, queue the next attempt and re-raise."""

    try:
        return import_string(func)(*args, **kwargs)
    except Exception as exc:
        max_attempts = _setting("TASK_MAX_ATTEMPTS", 8)
        if attempt >= max_attempts:
            logger.error("Gave up on %s after %s attempts: %s", func, attempt, exc)
        else:
            next_run = timezone.now() + retry_delay(attempt)
            _run_later(
                func,
                attempt + 1,
                args,
                kwargs,
                name=f"Retry {attempt + 1}/{max_attempts} of {func.rsplit('.', 1)[-1]}",
                when=next_run,
            )
            logger.warning(
                "%s failed (attempt %s of %s), retrying at %s: %s",
                func,
                attempt,
                max_attempts,
                next_run.isoformat(timespec="seconds"),
                exc,
            )
        raise


def schedules_ensure():
    """Create or update the periodic jobs (the worker command calls this on start)."""
    from django.db import connection
    from django_q.models import Schedule

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two workers starting together must not both create a job (the name is not unique).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULES_LOCK])
        for name, func, schedule_type, minutes in SCHEDULES:
            fields = {"func": func, "schedule_type": schedule_type, "minutes": minutes, "repeats": -1}
            # An UPDATE of these columns only: saving the whole row (update_or_create) would write back
            # a ``next_run`` read before another worker's scheduler moved it on, and run the job twice.
            if not Schedule.objects.filter(name=name).update(**fields):
                Schedule.objects.create(name=name, **fields)


def results_purge(*, days=None):
    """Forget finished task records after ``TASK_KEEP_DAYS``: mail tasks hold readers' addresses.

    The keys of sent mail go too: a task is never handed out again that long after it ran.
    """
    from django_q.models import Task

    from notifications.models import SentMail

    days = _setting("TASK_KEEP_DAYS", 30) if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = Task.objects.filter(stopped__lt=cutoff).delete()
    SentMail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def oldest_waiting_age():
    """How long the oldest task ready to run has waited, or None when nothing waits."""
    from django_q.brokers import get_broker
    from django_q.models import OrmQ
    from django_q.signing import SignedPackage

    now = timezone.now()
    if uses_orm_broker():
        waiting = OrmQ.objects.using(settings.Q_CLUSTER["orm"]).filter(lock__lte=now).order_by("pk")
        row = waiting.first()
        if row is None:
            return None
        started = row.task.get("started")
    else:
        broker = get_broker()
        payload = broker.connection.lindex(broker.list_key, 0)
        if payload is None:
            return None
        started = SignedPackage.loads(payload).get("started")
    return now - started if started else datetime.timedelta(0)


def queue_state():
    """ "ok", or "stalled" when a task has waited longer than ``TASK_STALLED_AFTER`` seconds."""
    age = oldest_waiting_age()
    limit = datetime.timedelta(seconds=_setting("TASK_STALLED_AFTER", 600))
    return "stalled" if age is not None and age > limit else "ok"


def run_due(*, limit=100):
    """Run the schedules and queued tasks that are due, here and now; returns how many tasks ran.

    Uses django-q2's scheduler, worker and monitor functions (what ``qcluster`` runs in its
    processes), so results, failures and acknowledgements are recorded exactly as in production.
    ORM broker only.
    """
    from django_q.brokers import get_broker
    from django_q.scheduler import scheduler

    broker = get_broker()
    with _keeping_the_connection():
        scheduler(broker=broker)
        ran = 0
        while ran < limit and broker.queue_size():
            ran += _run_batch(broker, broker.dequeue() or [])
    return ran


@contextlib.contextmanager
def _keeping_the_connection():
    """django-q2 (1.11) closes "old" database connections before each task and result; inside a
    transaction (a test) that would be the caller's own connection, so the three modules that
    call it get a no-op meanwhile. Outside a transaction nothing is changed."""
    if transaction.get_autocommit():
        yield
        return
    with contextlib.ExitStack() as stack:
        for module in ("django_q.scheduler", "django_q.worker", "django_q.monitor"):
            stack.enter_context(mock.patch(f"{module}.close_old_django_connections", lambda: None))
        yield


def _run_batch(broker, batch):
    from django_q.monitor import monitor
    from django_q.signing import SignedPackage
    from django_q.worker import worker

    task_queue, result_queue = Queue(), Queue()
    for ack_id, payload in batch:
        task = SignedPackage.loads(payload)
        task["ack_id"] = ack_id
        task_queue.put(task)
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1), timeout=None)
    result_queue.put("STOP")
    monitor(result_queue, broker=broker)
    return len(batch)
