"""New posts reach followers once: at once when published now, when its time comes when
scheduled (a periodic job of the task worker), never twice, never after unsubscribing."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import services
from notifications.models import Announcement, Delivery, Subscriber
from posts.models import Post
from tests.factories import PostFactory, UserFactory
from tests.notifications.worker import queued_tasks, worker_turn

pytestmark = pytest.mark.django_db


def following(email, *, since=None):
    return Subscriber.objects.create(
        email=email, status=Subscriber.Status.ACTIVE, confirmed_at=since or timezone.now() - datetime.timedelta(days=1)
    )


def new_post_mails(outbox):
    return [m for m in outbox if m.subject.startswith("New on ")]


def publish(post, when=None, capture=None):
    post.status, post.published_at = Post.Status.PUBLISHED, when or timezone.now()
    with capture(execute=True):
        post.save()
    return post


@pytest.fixture
def draft(clinician):
    return PostFactory(author=clinician, status=Post.Status.DRAFT, published_at=None, title="Hamstrings, gently")


def test_a_post_published_now_is_announced_at_once(draft, mailoutbox, django_capture_on_commit_callbacks):
    lena, dev = following("lena@example.org"), following("dev@example.org")
    publish(draft, capture=django_capture_on_commit_callbacks)
    sent = new_post_mails(mailoutbox)
    assert sorted(m.to[0] for m in sent) == ["dev@example.org", "lena@example.org"]
    message = next(m for m in sent if m.to == ["lena@example.org"])
    assert message.subject == "New on Clinic Blog: Hamstrings, gently"
    assert f"http://testserver{draft.get_absolute_url()}" in message.body
    unsubscribe = services.unsubscribe_url(lena)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>" and unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Delivery.objects.values_list("subscriber", "status")) == {(lena.pk, "sent"), (dev.pk, "sent")}
    assert Announcement.objects.get(post=draft).recipients == 2


def test_saving_the_post_again_or_running_the_worker_sends_nothing_more(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    following("lena@example.org")
    publish(draft, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Hamstrings, gently (updated)"
        draft.save()
    assert services.announcements_process() == (0, 0)
    worker_turn()
    assert len(new_post_mails(mailoutbox)) == 1 and Delivery.objects.count() == 1


def test_a_scheduled_post_is_announced_by_the_worker_when_its_time_comes(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    following("lena@example.org")
    publish(draft, when=timezone.now() + datetime.timedelta(hours=2), capture=django_capture_on_commit_callbacks)
    assert new_post_mails(mailoutbox) == [] and not Delivery.objects.exists()
    assert services.announcements_process() == (0, 0)  # not yet

    Post.objects.filter(pk=draft.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    worker_turn()  # the worker's turn: the periodic job announces and sends
    assert [m.to for m in new_post_mails(mailoutbox)] == [["lena@example.org"]]
    worker_turn()  # and a second turn sends nothing again
    assert len(new_post_mails(mailoutbox)) == 1
    assert Delivery.objects.get().status == "sent"


def test_followers_get_only_posts_that_came_out_after_they_followed(
    draft, mailoutbox, django_capture_on_commit_callbacks
):
    PostFactory(published_at=timezone.now() - datetime.timedelta(days=30))  # the archive
    following("late@example.org", since=timezone.now() + datetime.timedelta(minutes=5))
    publish(draft, capture=django_capture_on_commit_callbacks)
    assert services.announcements_process() == (0, 0)
    assert new_post_mails(mailoutbox) == []


def test_nobody_following_means_the_archive_is_never_announced(clinician, mailoutbox):
    PostFactory.create_batch(3, author=clinician)
    assert services.announcements_process() == (0, 0)
    assert not Announcement.objects.exists()


def test_an_unsubscribed_reader_gets_nothing_even_if_a_delivery_was_queued(draft, mailoutbox):
    lena = following("lena@example.org")
    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()  # no on-commit run here: the delivery is written, not yet sent
    services.post_announce(post=draft)
    services.subscriber_unsubscribe(subscriber=lena)
    assert Delivery.objects.get().status == "skipped"
    assert services.deliveries_send() == 0 and new_post_mails(mailoutbox) == []


def test_the_sender_checks_the_subscription_again_at_send_time(draft, mailoutbox):
    lena = following("lena@example.org")
    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()
    services.post_announce(post=draft)
    Subscriber.objects.filter(pk=lena.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    assert services.deliveries_send() == 1
    assert Delivery.objects.get().status == "skipped" and new_post_mails(mailoutbox) == []


def test_one_delivery_row_per_subscriber_and_post_in_the_database(draft):
    lena = following("lena@example.org")
    Delivery.objects.create(subscriber=lena, post=draft)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(subscriber=lena, post=draft)


def test_a_failed_send_is_tried_again_on_the_next_run_and_then_sent_once(draft, monkeypatch, mailoutbox):
    following("lena@example.org")
    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()
    services.post_announce(post=draft)

    class Broken:
        def send_messages(self, messages):
            raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(services, "get_connection", lambda **kwargs: Broken())
        with pytest.raises(ConnectionRefusedError):
            services.deliveries_send()
    assert Delivery.objects.get().status == "queued"  # rolled back: not marked sent
    assert services.deliveries_send() == 1
    assert services.deliveries_send() == 0
    assert len(new_post_mails(mailoutbox)) == 1


def test_announcing_on_publish_survives_a_failure_and_the_worker_catches_up(
    draft, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    following("lena@example.org")
    with monkeypatch.context() as patch:
        patch.setattr(services, "post_announce", lambda **kwargs: 1 / 0)
        publish(draft, capture=django_capture_on_commit_callbacks)  # no error reaches the clinician
    assert new_post_mails(mailoutbox) == []
    assert services.announcements_process() == (1, 1)
    assert len(new_post_mails(mailoutbox)) == 1


def test_with_the_mail_queue_each_delivery_is_marked_sent_with_its_queued_email(
    draft, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
    settings.MAIL_QUEUE_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    following("lena@example.org")
    following("dev@example.org")
    publish(draft, capture=django_capture_on_commit_callbacks)
    queued = [task["args"][2][0] for task in queued_tasks() if task["args"][2][0]["subject"].startswith("New on ")]
    assert len(queued) == 2 == Delivery.objects.filter(status="sent").count()
    lena = next(data for data in queued if data["to"] == ["lena@example.org"])
    assert lena["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox = []
    worker_turn()
    sent = [m for m in mail.outbox if m.subject.startswith("New on ")]
    assert sorted(m.to[0] for m in sent) == ["dev@example.org", "lena@example.org"]
    assert sent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert queued_tasks() == []


def test_a_periodic_job_that_fails_does_not_stop_the_others(monkeypatch, mailoutbox, draft):
    from django_q.models import Failure

    monkeypatch.setattr(services, "deliveries_send", exploding_step)
    following("lena@example.org")
    Post.objects.filter(pk=draft.pk).update(
        status=Post.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    worker_turn()  # the announcement job fails and is recorded; the other jobs still run
    assert Failure.objects.filter(func="notifications.services.announcements_process").exists()
    monkeypatch.undo()
    worker_turn()
    assert [m.to for m in new_post_mails(mailoutbox)] == [["lena@example.org"]]


def exploding_step():
    raise RuntimeError("a step that fails")


def test_batches_send_everyone(draft, settings, mailoutbox):
    settings.NOTIFICATIONS_BATCH = 3
    for n in range(7):
        following(f"reader{n}@example.org")
    draft.status, draft.published_at = Post.Status.PUBLISHED, timezone.now()
    draft.save()
    assert services.post_announce(post=draft) == 7
    assert services.deliveries_send() == 7
    assert len(new_post_mails(mailoutbox)) == 7


def test_a_deleted_account_takes_its_subscriptions(user):
    Subscriber.objects.create(email=user.email, status="active")
    Subscriber.objects.create(email="other@example.org", status="active", user=user)
    keeper = UserFactory(username="keeper")
    Subscriber.objects.create(email=keeper.email, status="active")
    user.delete()
    assert list(Subscriber.objects.values_list("email", flat=True)) == [keeper.email]
