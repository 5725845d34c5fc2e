"""Canned replies, editing personal details out (recorded, the reader told), and the queue's links."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail

from comments.models import CannedReply, Comment, CommentEdit
from comments.services import edit_changes
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

HELD_TEXT = "My MRI shows a tear. Please call me on 07700 900123 tonight."


@pytest.fixture
def held(post):
    return CommentFactory(
        post=post,
        state="pending",
        comment=HELD_TEXT,
        user_name="Martin Hale",
        user_email="martin@example.org",
        moderation_reason="may share personal details: personal medical details (“my mri”) and a phone number",
    )


@pytest.fixture
def staff(client_as, queue_moderator):
    return client_as(queue_moderator)


def test_the_migration_seeds_two_canned_replies():
    titles = list(CannedReply.objects.values_list("title", flat=True))
    assert titles[:2] == ["Book an assessment", "See the exercise page"]


def test_the_queue_shows_the_reason_and_the_links_for_a_held_comment(staff, held):
    page = staff.get("/admin/comments/pendingcomment/").content.decode()
    assert "Held: may share personal details" in page
    assert f"/admin/comments/pendingcomment/{held.pk}/edit-details/" in page
    assert f"/admin/comments/pendingcomment/{held.pk}/reply/?canned=book" in page


def test_a_canned_reply_fills_the_reply_box(staff, held):
    book = CannedReply.objects.get(title="Book an assessment")
    page = staff.get(f"/admin/comments/comment/{held.pk}/reply/?canned=book").content.decode()
    assert book.text.split(".")[0] in page
    assert "edit them out first" in page  # warned that approving would publish the details
    assert staff.get(f"/admin/comments/comment/{held.pk}/reply/?canned={book.pk}").status_code == 200
    for hostile in ("999999", "-1", "x" * 5000, "<script>"):
        assert staff.get(f"/admin/comments/comment/{held.pk}/reply/", {"canned": hostile}).status_code == 200


def test_replying_to_a_comment_that_stays_hidden_emails_the_reader(staff, held):
    mail.outbox.clear()
    response = staff.post(f"/admin/comments/comment/{held.pk}/reply/", {"text": "Please book an assessment."})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == Comment.State.PENDING
    assert [message.to for message in mail.outbox] == [["martin@example.org"]]
    assert "Please book an assessment." in mail.outbox[0].body
    assert "07700" not in mail.outbox[0].body


def the_reply_forms_defaults(page):
    """What the browser would send if the moderator only typed a reply and pressed Publish."""
    form = BeautifulSoup(page, "html.parser").find("textarea", attrs={"name": "text"}).find_parent("form")
    data = {"text": "Please book an assessment so we can look at this properly."}
    for box in form.find_all("input", attrs={"type": "checkbox"}):
        if box.has_attr("checked"):
            data[box["name"]] = box.get("value", "on")
    return data


@pytest.mark.parametrize("query", ["", "?canned=book"])
def test_the_default_reply_to_a_held_comment_keeps_the_details_off_the_post(staff, client, post, held, query):
    page = staff.get(f"/admin/comments/pendingcomment/{held.pk}/reply/{query}").content.decode()
    data = the_reply_forms_defaults(page)
    assert "approve" not in data  # "Approve the comment too" starts unticked
    mail.outbox.clear()
    assert staff.post(f"/admin/comments/pendingcomment/{held.pk}/reply/", data).status_code == 302
    held.refresh_from_db()
    assert held.state == Comment.State.PENDING
    public = client.get(post.get_absolute_url()).content.decode()
    assert "07700" not in public and "call me on" not in public
    assert [message.to for message in mail.outbox] == [["martin@example.org"]]


def test_ticking_approve_on_a_held_comment_still_publishes_it(staff, client, post, held):
    staff.post(f"/admin/comments/pendingcomment/{held.pk}/reply/", {"text": "Thanks, Martin.", "approve": "on"})
    held.refresh_from_db()
    assert held.state == Comment.State.APPROVED
    assert "07700 900123" in client.get(post.get_absolute_url()).content.decode()


def test_the_reply_box_still_approves_an_ordinary_pending_comment_by_default(staff, post):
    plain = CommentFactory(post=post, state="pending", comment="Is the boat pose safe after a hip replacement?")
    page = staff.get(f"/admin/comments/pendingcomment/{plain.pk}/reply/").content.decode()
    data = the_reply_forms_defaults(page)
    assert data.get("approve") == "on"
    staff.post(f"/admin/comments/pendingcomment/{plain.pk}/reply/", data)
    plain.refresh_from_db()
    assert plain.state == Comment.State.APPROVED


def test_the_canned_reply_script_leaves_the_approve_box_alone():
    script = (settings.BASE_DIR / "static" / "js" / "canned-replies.js").read_text()
    assert "approve" not in script and "checked" not in script


def test_editing_out_the_details_is_recorded_and_the_reader_told(staff, held, queue_moderator):
    page = staff.get(f"/admin/comments/comment/{held.pk}/edit-details/").content.decode()
    assert "call me on [removed] tonight" in page
    mail.outbox.clear()
    response = staff.post(
        f"/admin/comments/comment/{held.pk}/edit-details/",
        {
            "text": "A scan shows a tear. Is the boat pose safe?",
            "reason": "phone number and scan details taken out",
            "approve": "on",
            "tell_reader": "on",
        },
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == Comment.State.APPROVED
    assert held.comment == "A scan shows a tear. Is the boat pose safe?"
    assert "07700" not in held.comment_html
    record = CommentEdit.objects.get(comment=held)
    assert record.edited_by == queue_moderator and record.reader_told
    assert record.reason == "phone number and scan details taken out"
    assert "07700" not in str(record.changes) and "900123" not in str(record.changes)
    assert any("#####" in change["removed"] for change in record.changes)
    edited_notice = [m for m in mail.outbox if m.to == ["martin@example.org"]]
    assert len(edited_notice) == 1 and "We edited your comment" in edited_notice[0].subject
    assert "A scan shows a tear" in edited_notice[0].body
    change_page = staff.get(f"/admin/comments/comment/{held.pk}/change/").content.decode()
    assert "phone number and scan details taken out" in change_page and "reader told by email" in change_page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "This field is required"),
        ("   ", "This field is required"),
        (HELD_TEXT, "Nothing was changed"),
        ("x" * 3001, ""),
    ],
)
def test_hostile_edits_change_nothing(staff, held, text, error):
    response = staff.post(
        f"/admin/comments/comment/{held.pk}/edit-details/", {"text": text, "reason": "r", "approve": "on"}
    )
    assert response.status_code == 200
    if error:
        assert error in response.content.decode()
    held.refresh_from_db()
    assert held.comment == HELD_TEXT and held.state == Comment.State.PENDING
    assert not CommentEdit.objects.exists()


def test_an_author_cannot_edit_comments_on_other_posts(client_as, author, held):
    assert client_as(author).get(f"/admin/comments/comment/{held.pk}/edit-details/").status_code in (403, 404)
    assert client_as(author).post(f"/admin/comments/comment/{held.pk}/edit-details/", {"text": "x"}).status_code in (
        403,
        404,
    )


def test_the_record_masks_what_was_removed():
    changes = edit_changes("call 07700 900123 now", "call [removed] now")
    assert changes == [{"removed": "##### ######", "added": "[removed]"}]


def test_canned_replies_are_kept_in_the_admin(client_as, clinician):
    client = client_as(clinician)
    response = client.post(
        "/admin/comments/cannedreply/add/", {"title": "Warm up first", "text": "Warm up first.", "order": 3}
    )
    assert response.status_code == 302
    assert CannedReply.objects.filter(title="Warm up first").exists()
    huge = client.post("/admin/comments/cannedreply/add/", {"title": "x" * 500, "text": "y", "order": 1})
    assert huge.status_code == 200 and not CannedReply.objects.filter(text="y").exists()
