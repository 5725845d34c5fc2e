"""Journey: a reader comments, confirms by email, a moderator approves, another reader replies.

Mail goes to Django's test outbox (locmem), which the live server shares with the test.
"""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from posts.demo import load_content
from tests.browser.conftest import SCREENSHOTS
from tests.comments.conftest import moderators_group  # noqa: F401 (a fixture)
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

POST_URL = "/posts/its-the-iliopsoas-stupid/"


@pytest.fixture
def demo(transactional_db, moderators_group, settings):  # noqa: F811
    settings.COMMENTS_MIN_SECONDS = 1  # the test types faster than a person; the rule itself is tested elsewhere
    load_content()
    moderator = verified(UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True))
    moderator.groups.add(moderators_group)
    return moderator


def confirmation_link(mailoutbox, address):
    message = next(m for m in reversed(mailoutbox) if m.to == [address])
    return re.search(r"http://testserver(/comments/confirm/[^/\s]+/)", message.body).group(1)


def write_comment(page, *, name, email, text):
    form = page.locator("#comment-form")
    form.get_by_label("Name (required)").fill(name)
    form.get_by_label("Email (required)").fill(email)
    form.get_by_label("Your comment").fill(text)
    page.wait_for_timeout(1100)
    form.get_by_role("button", name="Post comment").click()


def test_comment_confirm_moderate_approve_and_a_nested_reply(
    demo, live_server, page, browser, screenshot, mailoutbox, offsite_requests
):
    # An anonymous reader comments for the first time.
    page.goto(live_server.url + POST_URL)
    expect(page.get_by_role("heading", name=re.compile(r"7 thoughts on"))).to_be_visible()
    page.get_by_role("link", name="Add yours").click()
    screenshot(page, "comments-thread", full_page=True)
    page.locator("#comments").screenshot(path=str(SCREENSHOTS / "comments-section.png"))
    write_comment(
        page,
        name="Lena Fischer",
        email="lena@example.org",
        text="Does the iliopsoas also explain the ache I get at the front of the hip when cycling uphill?",
    )
    expect(page.get_by_role("heading", name="Almost there: check your email")).to_be_visible()
    assert not Comment.objects.filter(user_email="lena@example.org").exists()

    # The emailed link stores the comment, held because it is her first.
    page.goto(live_server.url + confirmation_link(mailoutbox, "lena@example.org"))
    assert not Comment.objects.filter(user_email="lena@example.org").exists(), "opening the link stores nothing"
    page.get_by_role("button", name="Yes, publish my comment").click()
    expect(page.get_by_role("heading", name=re.compile("awaiting approval"))).to_be_visible()
    screenshot(page, "comment-held")
    lena = Comment.objects.get(user_email="lena@example.org")
    assert lena.state == "pending"
    page.goto(live_server.url + POST_URL)
    expect(page.locator(f"#c{lena.pk}")).to_have_count(0)

    # A moderator approves it from the queue in the admin.
    moderator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = moderator_context.new_page()
    admin.goto(live_server.url + "/admin/")  # staff sign in on the site's (allauth's) login page
    admin.wait_for_url(re.compile(r"/accounts/login/"))
    admin.locator("input[name=login]").fill("sam")
    admin.locator("input[name=password]").fill("pass-for-tests-123")
    admin.locator("form button[type=submit]").last.click()
    expect(admin.locator("#comment-queue")).to_contain_text("3 pending")  # hers, the demo's advert and phone number
    screenshot(admin, "admin-dashboard")
    admin.locator("#comment-queue").get_by_role("link", name=re.compile("pending")).click()
    row = admin.locator("tr", has_text="cycling uphill")
    expect(row).to_be_visible()
    screenshot(admin, "admin-pending-queue")
    row.get_by_role("button", name="Approve").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 comment approved")
    moderator_context.close()
    lena.refresh_from_db()
    assert lena.state == "approved"

    # The reader's comment appears.
    page.goto(live_server.url + POST_URL)
    expect(page.get_by_role("heading", name=re.compile(r"8 thoughts on"))).to_be_visible()
    expect(page.locator(f"#c{lena.pk} > article")).to_contain_text("cycling uphill")

    # Another reader (who commented before) replies under it; the form moves under the comment.
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = reader_context.new_page()
    other.goto(live_server.url + POST_URL)
    other.locator(f"#c{lena.pk} > article").get_by_role("link", name=re.compile("Reply")).click()
    expect(other.locator(f"#c{lena.pk} > #respond")).to_be_visible()
    expect(other.locator("#respond-title")).to_have_text("Reply to Lena Fischer")
    expect(other.locator("#comment-form textarea")).to_be_focused()
    screenshot(other, "reply-form-under-comment", full_page=False)
    write_comment(
        other,
        name="Priya Natarajan",
        email="priya@example.org",
        text="Lena, it did for me: standing pedalling eased it.",
    )
    expect(other.get_by_role("heading", name="Almost there: check your email")).to_be_visible()
    other.goto(live_server.url + confirmation_link(mailoutbox, "priya@example.org"))
    with other.expect_navigation():
        other.get_by_role("button", name="Yes, publish my comment").click()
    reply = Comment.objects.get(comment__startswith="Lena, it did for me")
    assert reply.state == "approved" and reply.parent_id == lena.pk
    other.wait_for_url(re.compile(rf"{POST_URL}#c{reply.pk}$"))
    nested = other.locator(f"#c{lena.pk} > ol.comment-list--children > #c{reply.pk}")
    expect(nested).to_contain_text("standing pedalling")
    other.locator(f"#c{lena.pk}").screenshot(path=str(SCREENSHOTS / "reply-nested.png"))
    reader_context.close()
    assert offsite_requests() == []


def test_without_javascript_the_reply_link_opens_a_reply_page(demo, live_server, browser, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + POST_URL)
    first = Comment.objects.filter(level=0, state="approved").order_by("pk").first()
    page.locator(f"#c{first.pk} > article").get_by_role("link", name=re.compile("Reply")).click()
    expect(page.get_by_role("heading", name=f"Reply to {first.user_name}", level=1)).to_be_visible()
    assert page.locator("input[name=reply_to]").input_value() == str(first.pk)
    screenshot(page, "reply-page-no-js")
    context.close()


def test_the_comment_section_on_a_phone(demo, live_server, phone_page):
    phone_page.goto(live_server.url + POST_URL + "#comments")
    expect(phone_page.locator("#comments")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    phone_page.locator("#comments").screenshot(path=str(SCREENSHOTS / "comments-phone.png"))
