"""The personal-details rule: what it holds, what it lets through, and what the reader is told.

Decision: a date on its own ("since 12/03/2024") is not a date of birth. Readers say when their
pain began all the time, and that is useful to others; only a date or year next to "born",
"DOB" or "date of birth" is held.
"""

import pytest
from django.core import mail

from comments.models import Comment
from comments.moderation import judge
from comments.personal_details import describe, find_personal_details, nhs_number_valid, without_details
from tests.comments.factories import CommentFactory
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HELD = [
    # (text, what the queue says)
    ("call me on 07700 900123", "a phone number"),
    ("Ring 07700900123 after six", "a phone number"),
    ("my mobile is +44 7700 900123", "a phone number"),
    ("+44 (0)20 7946 0958 is the office", "a phone number"),
    ("landline 01223 000 000", "a phone number"),
    ("in Paris: +33 1 23 45 67 89", "a phone number"),
    ("from abroad 0049 30 1234567", "a phone number"),
    ("US cell (555) 123-4567", "a phone number"),
    ("write to jo.bloggs+hip@example.com please", "an email address"),
    ("DOB 12/03/1980, if it matters", "a date of birth"),
    ("I was born on 3 March 1980", "a date of birth"),
    ("born in 1962 and still running", "a date of birth"),
    ("my date of birth is in the form", "a date of birth"),
    ("my NHS number is 943 476 5919", "an NHS number"),
    ("9434765919", "an NHS number"),
    ("NI number AB 12 34 56 C", "a National Insurance number"),
    ("policy number AXA-77812-3", "an insurance or patient number"),
    ("hospital number: RGT123456", "an insurance or patient number"),
    ("My MRI shows a small labral tear", "personal medical details (“my mri”)"),
    ("I was diagnosed with bursitis last year", "personal medical details (“i was diagnosed with”)"),
    ("my surgeon says no running", "personal medical details (“my surgeon”)"),
    ("I’ve been diagnosed with FAI", "personal medical details (“i’ve been diagnosed with”)"),
]

NOT_HELD = [
    "I did 3 sets of 10",
    "10 reps at 90 degrees",
    "since 12/03/2024 my hip clicks",
    "between 2010 and 2015 I ran marathons",
    "2019-2024 were my running years",
    "hold 30 seconds, 2 times each side",
    "week 1: 3x10, week 2: 3x12",
    "I am 45 and run 5k in 25:30",
    "I paid £1,000,000 for nothing",
    "ISBN 978-0-306-40615-7 is a good book",
    "an MRI can show a tear, my friend says",  # not "my MRI"
    "surgeons disagree about this",
    "1234567890",  # ten digits that fail the NHS check digit and do not start with 0
]


@pytest.mark.parametrize(("text", "label"), HELD)
def test_personal_details_are_found(text, label):
    assert describe(find_personal_details(text)) == label


@pytest.mark.parametrize("text", NOT_HELD)
def test_ordinary_exercise_talk_is_not_a_detail(text):
    assert find_personal_details(text) == []


def test_the_nhs_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("94347659")


def test_the_phrases_come_from_the_setting(settings):
    settings.COMMENTS_HEALTH_PHRASES = ["my physio"]
    assert describe(find_personal_details("My physio said rest")) == "personal medical details (“my physio”)"
    assert find_personal_details("My MRI shows a tear") == []
    settings.COMMENTS_HEALTH_PHRASES = []
    assert find_personal_details("my surgeon said") == []


def test_the_rule_holds_with_its_reason_and_staff_are_exempt(settings, clinician):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    verdict = judge(text="call me on 07700 900123", email="a@example.org")
    assert verdict.state == Comment.State.PENDING
    assert verdict.reason == "may share personal details: a phone number"
    assert judge(text="I did 3 sets of 10", email="a@example.org").state == Comment.State.APPROVED
    assert judge(text="call me on 07700 900123", user=clinician).state == Comment.State.APPROVED


def test_several_kinds_are_named_once_each(settings):
    verdict = judge(text="My MRI shows a tear, call 07700 900123 or 07700 900124, or jo@example.org")
    assert verdict.reason == (
        "may share personal details: personal medical details (“my mri”), a phone number and an email address"
    )


def test_the_rule_can_be_switched_off(settings):
    settings.COMMENTS_HOLD_PERSONAL_DETAILS = False
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    assert judge(text="call me on 07700 900123").state == Comment.State.APPROVED


def test_spam_words_still_win(settings):
    settings.COMMENTS_DISALLOWED_WORDS = ["casino"]
    assert judge(text="casino 07700 900123").state == Comment.State.SPAM


def test_without_details_cuts_numbers_and_keeps_phrases_for_rewording():
    text = "My MRI shows a tear; call 07700 900123."
    assert without_details(text, find_personal_details(text)) == "My MRI shows a tear; call [removed]."


def test_huge_and_hostile_text_is_handled_quickly():
    text = ("0" * 5000 + " +" + "1 " * 3000 + "my mri " * 500) * 2
    assert find_personal_details(text)  # finishes, finds something
    assert find_personal_details("<script>07700 900123</script>")[0].kind == "phone"


def test_an_anonymous_comment_with_a_phone_number_is_held_and_the_reader_advised(client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post, comment="Please call me on 07700 900123"))
    assert response.status_code == 302
    sent = client.get(response["Location"]).content.decode()
    assert "private appointment" in sent
    confirmation = mail.outbox[-1].body
    link = next(word for word in confirmation.split() if "/comments/confirm/" in word)
    held = client.post(link[link.index("/comments/") :]).content.decode()
    assert "seems to include personal details" in held and "a phone number" in held
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert comment.moderation_reason == "may share personal details: a phone number"


def test_a_logged_in_reader_sees_the_specific_advice_at_once(client_as, post, comment_form):
    reader = verified(UserFactory(username="martin"))
    CommentFactory(post=post, user=reader)  # an approved comment already, so only the new rule can hold
    response = client_as(reader).post("/comments/post/", comment_form(post, comment="my surgeon wants to operate"))
    page = client_as(reader).get(response["Location"]).content.decode()
    assert "seems to include personal details" in page
    assert Comment.objects.filter(state="pending").get().moderation_reason.endswith("(“my surgeon”)")


def test_the_comment_form_carries_the_advice_and_its_script(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="health-advice"' in page and "js/health-advice.js" in page
    assert "my MRI|" in page  # the phrases, for the script's early warning


def test_editing_a_comment_to_add_a_number_holds_it_again(client_as, post, settings):
    from comments.services import comment_edit

    reader = UserFactory()
    comment = CommentFactory(post=post, user=reader)
    comment = comment_edit(comment=comment, editor=reader, text="ring me on 07700 900123")
    assert comment.state == Comment.State.PENDING
    assert comment.held_for_personal_details
