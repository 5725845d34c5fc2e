"""The demo conversation: a clinician's answer, and a held comment that shares a phone number."""

import pytest

from comments.models import Comment
from posts.demo import load_content

pytestmark = pytest.mark.django_db


def test_the_demo_post_shows_an_answer_and_the_queue_holds_a_phone_number(client):
    load_content()
    load_content()  # idempotent
    answer = Comment.objects.get(submission_key="demo:its-the-iliopsoas-stupid:clunk-answer")
    assert answer.answer_to_id == answer.thread_id
    page = client.get("/posts/its-the-iliopsoas-stupid/").content.decode()
    assert "Answered by the clinician: 1 question" in page and "The clinician’s answer" in page
    held = Comment.objects.get(submission_key="demo:its-the-iliopsoas-stupid:phone")
    assert held.state == Comment.State.PENDING
    assert held.moderation_reason.startswith("may share personal details:")
    assert "a phone number" in held.moderation_reason
    assert "07700" not in page
