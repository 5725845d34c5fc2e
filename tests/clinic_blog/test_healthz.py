import json

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "queue": "ok"}


def test_healthz_is_never_redirected_even_when_https_is_forced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error: OperationalError"


def test_healthz_reports_a_cache_that_does_not_answer_and_stays_200_unless_strict(client, settings, monkeypatch):
    """Pages are served without Redis (clinic_blog/cache.py): a load balancer keeps the server."""
    settings.CACHE_CONFIGURED = True
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["cache"].startswith("error")
    assert client.get("/healthz?strict=1").status_code == 503


def test_healthz_refuses_posts(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_reports_a_stalled_queue_but_stays_200_unless_strict(client, settings):
    import datetime

    from django_q.models import OrmQ

    from notifications.queue import enqueue

    settings.TASK_STALLED_AFTER = 600
    enqueue("notifications.queue.results_purge")
    assert json.loads(client.get("/healthz?strict=1").content)["queue"] == "ok"  # a fresh task is fine

    row = OrmQ.objects.get()
    package = row.task
    package["started"] -= datetime.timedelta(minutes=11)  # nobody took it for 11 minutes
    from django_q.signing import SignedPackage

    OrmQ.objects.filter(pk=row.pk).update(payload=SignedPackage.dumps(package))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "queue": "stalled"}
    strict = client.get("/healthz?strict=1")
    assert strict.status_code == 503 and json.loads(strict.content)["queue"] == "stalled"


def test_a_task_being_worked_on_is_not_waiting(client):
    import datetime

    from django.utils import timezone
    from django_q.models import OrmQ

    from notifications.queue import enqueue, oldest_waiting_age

    enqueue("notifications.queue.results_purge")
    OrmQ.objects.update(lock=timezone.now() + datetime.timedelta(minutes=5))  # a worker holds it
    assert oldest_waiting_age() is None


def test_a_page_answers_a_clean_503_while_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    client.raise_request_exception = False
    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Back in a moment" in page and "Traceback" not in page and "administrator command" not in page


def test_other_errors_still_answer_500(client, monkeypatch):
    from posts import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    client.raise_request_exception = False
    monkeypatch.setattr(views.PostListView, "get", broken, raising=False)
    response = client.get("/")
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
