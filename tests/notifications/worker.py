"""Test helpers for the task queue: one turn of the worker, in the test's own transaction."""

import datetime

from django.utils import timezone

from notifications.queue import run_due, schedules_ensure


def worker_turn():
    """Everything the worker would do now: every periodic job falls due, then all queued tasks run."""
    from django_q.models import Schedule

    schedules_ensure()
    Schedule.objects.filter(schedule_type=Schedule.MINUTES).update(
        next_run=timezone.now() - datetime.timedelta(seconds=1)
    )
    return run_due()


def queued_tasks():
    """The tasks waiting in the (ORM) queue, as django-q2 task packages."""
    from django_q.models import OrmQ

    return [row.task for row in OrmQ.objects.order_by("pk")]
