"""The queue with real worker processes: two workers send each mail once and start each periodic
job once; the Redis broker queues on commit only and its worker delivers to a real SMTP server."""

import datetime
import time

import pytest
import redis
from django.core import mail
from django.db import connection, transaction
from django_q.models import OrmQ, Success

from notifications.queue import SCHEDULES
from tests.loopback.apps import production_env
from tests.loopback.workers import SmtpSink, Worker, database_url

pytestmark = pytest.mark.django_db(transaction=True)


QUEUED = "notifications.mail.QueuedEmailBackend"


@pytest.fixture
def sink():
    server = SmtpSink().start()
    yield server
    server.stop()


def worker_env(sink, **overrides):
    from django.conf import settings

    return production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        SECRET_KEY=settings.SECRET_KEY,  # queued tasks are signed with it
        EMAIL_URL=sink.email_url,
        LOG_LEVEL="INFO",
        **overrides,
    )


def wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.3)
    return condition()


def test_two_workers_send_each_mail_once_and_run_each_periodic_job_once(settings, sink):
    settings.EMAIL_BACKEND = QUEUED
    for n in range(20):
        mail.send_mail(f"Message {n}", "Body", "blog@localhost", [f"reader{n}@example.org"])
    assert OrmQ.objects.count() == 20
    workers = [Worker(worker_env(sink), name=f"worker-{n}").start() for n in range(2)]
    try:
        assert sink.wait_for(20) == 20, workers[0].log()[-3000:]
        assert wait_until(lambda: Success.objects.filter(group__isnull=False).count() >= len(SCHEDULES))
        time.sleep(3)  # time for a duplicate, if there were one, to arrive
    finally:
        for worker in workers:
            worker.stop()
    subjects = sorted(text.split("Subject: ", 1)[1].split("\n", 1)[0].strip() for _rcpt, text in sink.messages)
    assert subjects == sorted(f"Message {n}" for n in range(20)), "each mail exactly once"
    assert not OrmQ.objects.exists()
    runs = sorted(Success.objects.filter(group__isnull=False).values_list("group", flat=True))
    assert runs == sorted(name for name, *_rest in SCHEDULES), (
        "each periodic job started once though two schedulers were running"
    )
    assert all("clinic_blog" in worker.log() for worker in workers)


@pytest.fixture
def redis_broker(settings, monkeypatch, redis_url):
    """This process enqueues to Redis (as with TASK_BROKER=redis) instead of the database."""
    from django_q.conf import Conf

    client = redis.Redis.from_url(redis_url)
    client.delete("django_q:clinic_blog:q")
    settings.Q_CLUSTER = {key: value for key, value in settings.Q_CLUSTER.items() if key != "orm"}
    settings.Q_CLUSTER["redis"] = redis_url
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_url)
    yield client
    client.delete("django_q:clinic_blog:q")


def test_with_redis_mail_is_pushed_on_commit_only_and_the_worker_sends_it(settings, sink, redis_broker, redis_url):
    from notifications.queue import oldest_waiting_age

    settings.EMAIL_BACKEND = QUEUED
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Rolled back", "Body", "blog@localhost", ["reader@example.org"])
        raise RuntimeError("the change failed")
    assert redis_broker.llen("django_q:clinic_blog:q") == 0

    with transaction.atomic():
        mail.send_mail("Committed", "Body", "blog@localhost", ["reader@example.org"])
        assert redis_broker.llen("django_q:clinic_blog:q") == 0, "nothing is pushed before the commit"
    assert redis_broker.llen("django_q:clinic_blog:q") == 1
    assert not OrmQ.objects.exists()
    assert datetime.timedelta(0) <= oldest_waiting_age() < datetime.timedelta(seconds=30)

    worker = Worker(worker_env(sink, TASK_BROKER="redis", REDIS_URL=redis_url), name="redis-worker").start()
    try:
        assert sink.wait_for(1) == 1, worker.log()[-3000:]
    finally:
        worker.stop()
    assert "Subject: Committed" in sink.messages[0][1]
    assert redis_broker.llen("django_q:clinic_blog:q") == 0 and oldest_waiting_age() is None
