"""Review reminders: the author hears once per review cycle, through the mail worker's loop."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from posts.reviews.models import ReviewReminder
from posts.reviews.services import review_reminders_send
from tests.factories import ConditionFactory, ExerciseFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.localdate() - datetime.timedelta(days=500)


@pytest.fixture
def writer():
    return UserFactory(username="writer", email="writer@example.org", is_staff=True)


def test_the_author_is_told_once_about_what_passed_its_review_date(writer):
    post = PostFactory(author=writer, title="Old post", last_reviewed=LONG_AGO)
    condition = ConditionFactory(author=writer, name="Old condition", last_reviewed=LONG_AGO)
    ExerciseFactory(author=writer, name="Fresh exercise")  # reviewed today
    PostFactory(author=writer, title="Old draft", status="draft", published_at=None, last_reviewed=LONG_AGO)
    mail.outbox.clear()
    assert review_reminders_send() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["writer@example.org"] and "Due for review: 2 items" in message.subject
    assert "Old post" in message.body and "Old condition" in message.body
    assert "Fresh exercise" not in message.body and "Old draft" not in message.body
    assert f"/admin/posts/post/{post.pk}/change/" in message.body
    assert f"/admin/posts/condition/{condition.pk}/change/" in message.body
    mail.outbox.clear()
    assert review_reminders_send() == 0 and mail.outbox == []
    assert ReviewReminder.objects.count() == 2


def test_a_new_review_starts_a_new_cycle(writer):
    post = PostFactory(author=writer, last_reviewed=LONG_AGO)
    review_reminders_send()
    post.last_reviewed = LONG_AGO + datetime.timedelta(days=30)  # reviewed again, and due again
    post.save()
    mail.outbox.clear()
    assert review_reminders_send() == 1 and len(mail.outbox) == 1
    post.last_reviewed = timezone.localdate()
    post.save()
    assert review_reminders_send() == 0


def test_authors_without_an_email_are_skipped(writer):
    writer.email = ""
    writer.save()
    PostFactory(author=writer, last_reviewed=LONG_AGO)
    assert review_reminders_send() == 0 and not ReviewReminder.objects.exists()


def test_each_author_gets_their_own(writer):
    other = UserFactory(email="other@example.org", is_staff=True)
    PostFactory(author=writer, last_reviewed=LONG_AGO)
    PostFactory(author=other, last_reviewed=LONG_AGO)
    mail.outbox.clear()
    review_reminders_send()
    assert sorted(message.to[0] for message in mail.outbox) == ["other@example.org", "writer@example.org"]


def test_the_task_worker_sends_them(writer):
    from tests.notifications.worker import worker_turn

    PostFactory(author=writer, last_reviewed=LONG_AGO)
    worker_turn()
    assert ReviewReminder.objects.count() == 1
