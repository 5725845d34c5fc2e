"""The clinician's answer: author-only, one per conversation, shown first with a label, counted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.models import Comment
from comments.services import comment_mark_answer
from tests.comments.factories import CommentFactory
from tests.comments.test_queries import queries_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(post, clinician):
    question = CommentFactory(post=post, comment="Does the clunk matter?")
    other = CommentFactory(parent=question, comment="Mine clunks too.")
    answer = CommentFactory(parent=question, user=clinician, user_name="Maya Lindqvist", comment="Usually harmless.")
    return question, other, answer


def test_the_post_author_marks_her_reply_and_it_shows_first_with_a_label(client_as, clinician, post, conversation):
    question, other, answer = conversation
    response = client_as(clinician).post(f"/comments/answer/{answer.pk}/", {"action": "mark"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.answer_to_id == question.pk
    page = client_as(UserFactory()).get(post.get_absolute_url()).content.decode()
    assert page.index(f'id="c{answer.pk}"') < page.index(f'id="c{other.pk}"')
    assert "The clinician’s answer" in page
    assert "Answered by the clinician: 1 question" in page


def test_without_an_answer_replies_keep_their_order(client, post, conversation):
    _, other, answer = conversation
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.index(f'id="c{other.pk}"') < page.index(f'id="c{answer.pk}"')
    assert "Answered by the clinician" not in page


def test_a_deeper_answer_brings_its_branch_first(client, post, clinician):
    question = CommentFactory(post=post)
    first = CommentFactory(parent=question)
    second = CommentFactory(parent=question)
    deep_answer = CommentFactory(parent=second, user=clinician)
    comment_mark_answer(comment=deep_answer, user=clinician)
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.index(f'id="c{second.pk}"') < page.index(f'id="c{deep_answer.pk}"') < page.index(f'id="c{first.pk}"')


def test_one_answer_per_conversation(clinician, post, conversation):
    question, _, answer = conversation
    later = CommentFactory(parent=question, user=clinician)
    comment_mark_answer(comment=answer, user=clinician)
    comment_mark_answer(comment=later, user=clinician)
    assert list(Comment.objects.filter(answer_to=question)) == [later]


def test_only_the_post_author_may_mark(client_as, post, conversation, moderator):
    _, other, answer = conversation
    reader = UserFactory()
    assert client_as(reader).post(f"/comments/answer/{answer.pk}/").status_code == 403
    assert client_as(moderator).post(f"/comments/answer/{answer.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        comment_mark_answer(comment=answer, user=reader)
    answer.refresh_from_db()
    assert answer.answer_to_id is None


def test_staff_with_the_permission_may_mark(post, conversation):
    from django.contrib.auth.models import Permission

    _, _, answer = conversation
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="mark_answer"))
    editor = editor.__class__.objects.get(pk=editor.pk)  # fresh permission cache
    comment_mark_answer(comment=answer, user=editor)
    answer.refresh_from_db()
    assert answer.answer_to_id is not None


def test_only_her_published_replies_can_be_the_answer(clinician, post, conversation):
    question, other, _ = conversation
    with pytest.raises(ValidationError):
        comment_mark_answer(comment=other, user=clinician)  # a reader's reply
    with pytest.raises(ValidationError):
        comment_mark_answer(comment=question, user=clinician)  # not a reply
    held = CommentFactory(parent=question, user=clinician, state="pending")
    with pytest.raises(ValidationError):
        comment_mark_answer(comment=held, user=clinician)


def test_the_mark_button_shows_only_to_the_post_author_on_her_replies(client, client_as, clinician, post, conversation):
    _, other, answer = conversation
    hers = client_as(clinician).get(post.get_absolute_url()).content.decode()
    assert f'action="/comments/answer/{answer.pk}/"' in hers
    assert f'action="/comments/answer/{other.pk}/"' not in hers
    for page in (client.get(post.get_absolute_url()), client_as(UserFactory()).get(post.get_absolute_url())):
        assert "/comments/answer/" not in page.content.decode()


def test_unmark_and_hostile_requests(client_as, clinician, post, conversation):
    _, _, answer = conversation
    comment_mark_answer(comment=answer, user=clinician)
    client = client_as(clinician)
    assert client.post(f"/comments/answer/{answer.pk}/", {"action": "unmark"}).status_code == 302
    answer.refresh_from_db()
    assert answer.answer_to_id is None
    assert client.get(f"/comments/answer/{answer.pk}/").status_code == 405
    assert client.post("/comments/answer/999999999/").status_code == 404
    assert client.post("/comments/answer/12345678901234567890/").status_code == 404


def test_the_admin_action_is_author_only(client_as, clinician, post, conversation, queue_moderator):
    _, _, answer = conversation
    data = {"action": "mark_answer_selected", "_selected_action": [answer.pk]}
    client_as(queue_moderator).post("/admin/comments/comment/", data)
    answer.refresh_from_db()
    assert answer.answer_to_id is None
    client_as(clinician).post("/admin/comments/comment/", data)
    answer.refresh_from_db()
    assert answer.answer_to_id is not None


def test_answers_cost_no_extra_query_on_the_post_page(client, clinician):
    from tests.comments.test_queries import PAGE_BUDGET, with_comments

    post = with_comments(30)
    before = queries_for(client, post.get_absolute_url())
    for reply in Comment.objects.filter(user=post.author, level=1)[:5]:
        comment_mark_answer(comment=reply, user=post.author)
    after = queries_for(client, post.get_absolute_url())
    assert len(after) == len(before) <= PAGE_BUDGET
