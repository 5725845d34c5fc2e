"""Journey: the demo reader logs in, likes the iliopsoas post (with and without JavaScript),
comments without the email step and follows the blog; the account pages and the comment
form, logged in and out, have no axe violations at 1280 and 390 px."""

import json
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from comments.models import Comment, PostLike
from notifications.models import Subscriber
from posts.demo import DEMO_ACCOUNTS, ensure_demo_accounts, load_content
from tests.browser.conftest import SCREENSHOTS
from tests.comments.social import APPS

pytestmark = pytest.mark.django_db(transaction=True)

POST_URL = "/posts/its-the-iliopsoas-stupid/"
READER_PASSWORD = DEMO_ACCOUNTS["reader"][0]


@pytest.fixture
def demo(transactional_db, settings):
    settings.COMMENTS_MIN_SECONDS = 1  # the test types faster than a person; the rule is tested elsewhere
    settings.SOCIALACCOUNT_PROVIDERS = json.loads(json.dumps(APPS))  # buttons only: no request is made
    cache.clear()
    accounts = ensure_demo_accounts()
    load_content(clinician=accounts["clinician"])
    return accounts


def log_in(page, live_server, username="reader", password=READER_PASSWORD):
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.locator(".account-form").get_by_role("button", name="Log in").click()


def test_the_demo_reader_logs_in_likes_comments_and_follows(
    demo, live_server, page, mailoutbox, offsite_requests, screenshot
):
    page.goto(live_server.url + POST_URL)
    expect(page.locator("#likes")).to_contain_text("3 bloggers like this.")
    page.locator("#respond").get_by_role("link", name="log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    log_in(page, live_server)

    page.wait_for_url(re.compile(re.escape(POST_URL)))
    expect(page.locator(".comment-form__who")).to_contain_text("You are commenting as Jo Reader")
    expect(page.get_by_role("link", name="Your account")).to_be_visible()

    # Like, with JavaScript: no reload (a marker set on the page survives).
    page.evaluate("window.stillTheSamePage = true")
    like = page.locator("#likes").get_by_role("button", name="Like")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#likes")).to_contain_text("4 bloggers like this.")
    expect(page.locator("#likes li[title='Jo Reader'] .avatar--initials")).to_have_text("JR")  # as on comments
    assert page.evaluate("window.stillTheSamePage") is True
    assert PostLike.objects.filter(user=demo["reader"]).count() == 1
    page.locator("#likes").screenshot(path=str(SCREENSHOTS / "likes-after-liking.png"))

    # Comment: no email step, and published at once (the demo reader has an approved comment).
    form = page.locator("#comment-form")
    expect(form.locator("input[name=email]")).to_have_count(0)
    form.get_by_label("Your comment").fill("The ball release before bed has made my mornings easier.")
    page.wait_for_timeout(1100)
    form.get_by_role("button", name="Post comment").click()
    comment = Comment.objects.get(comment__startswith="The ball release")
    page.wait_for_url(re.compile(rf"#c{comment.pk}$"))
    assert comment.state == "approved" and comment.user == demo["reader"]
    assert not [m for m in mailoutbox if "confirm" in m.subject.lower() and m.to == ["reader@example.org"]]

    # Follow the blog: a confirmation email (the console, under make run).
    follow = page.locator(".follow")
    expect(follow.get_by_label("Get new posts by email")).to_have_value("reader@example.org")
    follow.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (message,) = [m for m in mailoutbox if m.to == ["reader@example.org"] and "follow" in m.subject]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = re.search(r"http://testserver(/notifications/confirm/[^/\s]+/)", message.body).group(1)
    page.goto(live_server.url + confirm)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="You follow Clinic Blog")).to_be_visible()
    assert Subscriber.objects.get(email="reader@example.org").status == "active"
    assert offsite_requests() == []


def test_without_javascript_the_like_button_is_a_form(demo, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/?next=" + POST_URL)
    log_in(page, live_server)
    page.wait_for_url(re.compile(re.escape(POST_URL)))
    page.locator("#likes").get_by_role("button", name="Like").click()
    page.wait_for_url(re.compile(re.escape(POST_URL) + "#likes$"))
    expect(page.locator("#likes").get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#likes")).to_contain_text("4 bloggers like this.")
    context.close()


def test_an_anonymous_like_leads_to_log_in_and_back(demo, live_server, page):
    page.goto(live_server.url + POST_URL)
    page.locator("#likes").get_by_role("link", name=re.compile("Like")).click()
    log_in(page, live_server)
    page.wait_for_url(re.compile(re.escape(POST_URL) + "#likes$"))
    expect(page.locator("#likes").get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "false")


# --- Accessibility of the account pages and the comment form --------------------------------


def submit_without_browser_checks(page, form_selector):
    page.evaluate(f"document.querySelector('{form_selector}').noValidate = true")
    page.locator(form_selector).locator("button[type=submit]").last.click()


def test_login_with_errors_has_no_axe_violations(demo, live_server, sized_page, axe, screenshot):
    sized_page.goto(live_server.url + "/accounts/login/")
    axe(sized_page, label=f"login at {sized_page.width} px")
    screenshot(sized_page, f"login-{sized_page.width}")
    log_in(sized_page, live_server, password="not-the-password")
    expect(sized_page.locator(".form-errors")).to_be_visible()
    axe(sized_page, label=f"login with errors at {sized_page.width} px")


def test_signup_with_errors_has_no_axe_violations(demo, live_server, sized_page, axe, screenshot):
    sized_page.goto(live_server.url + "/accounts/signup/")
    axe(sized_page, label=f"signup at {sized_page.width} px")
    sized_page.locator("#id_email").fill("not an address")
    sized_page.locator("#id_username").fill("reader")
    sized_page.locator("#id_password1").fill("short")
    sized_page.locator("#id_password2").fill("different")
    submit_without_browser_checks(sized_page, "form.account-form")
    expect(sized_page.locator(".field--error").first).to_be_visible()
    screenshot(sized_page, f"signup-errors-{sized_page.width}")
    axe(sized_page, label=f"signup with errors at {sized_page.width} px")


def test_password_reset_has_no_axe_violations(demo, live_server, sized_page, axe):
    sized_page.goto(live_server.url + "/accounts/password/reset/")
    axe(sized_page, label=f"password reset at {sized_page.width} px")
    submit_without_browser_checks(sized_page, "form.account-form")
    axe(sized_page, label=f"password reset with errors at {sized_page.width} px")


def test_the_comment_form_logged_out_and_in_has_no_axe_violations(demo, live_server, sized_page, axe, screenshot):
    sized_page.goto(live_server.url + POST_URL + "#respond")
    axe(sized_page, label=f"post, logged out, at {sized_page.width} px")
    sized_page.locator("#respond").screenshot(path=str(SCREENSHOTS / f"comment-form-logged-out-{sized_page.width}.png"))
    sized_page.goto(live_server.url + "/accounts/login/?next=" + POST_URL)
    log_in(sized_page, live_server)
    sized_page.wait_for_url(re.compile(re.escape(POST_URL)))
    axe(sized_page, label=f"post, logged in, at {sized_page.width} px")
    sized_page.locator("#respond").screenshot(path=str(SCREENSHOTS / f"comment-form-logged-in-{sized_page.width}.png"))
    sized_page.goto(live_server.url + "/comments/mine/")
    axe(sized_page, label=f"your account at {sized_page.width} px")
    sized_page.goto(live_server.url + "/accounts/email/")
    axe(sized_page, label=f"email addresses at {sized_page.width} px")
    sized_page.goto(live_server.url + "/comments/mine/delete-account/")
    axe(sized_page, label=f"delete account at {sized_page.width} px")
    width = sized_page.evaluate("document.documentElement.scrollWidth")
    assert width <= sized_page.width, f"the page scrolls sideways ({width}px)"


def test_an_x_reader_gives_an_email_once_on_a_page_without_axe_violations(
    demo, live_server, sized_page, axe, monkeypatch, screenshot
):
    """X's pages are stood in for by a route in the browser and X's API by mocked HTTP (no internet)."""
    from urllib.parse import parse_qs, urlsplit

    from tests.comments.social import Person, mocked_http, x_answers

    monkeypatch.setattr("comments.avatars.download_image", lambda url: b"")  # a refused picture keeps the identicon

    def x_consents(route):
        query = parse_qs(urlsplit(route.request.url).query)
        back = f"{query['redirect_uri'][0]}?code=the-code&state={query['state'][0]}"
        route.fulfill(status=302, headers={"Location": back})

    sized_page.route("https://x.com/**", x_consents)
    sized_page.goto(live_server.url + POST_URL + "#respond")
    with mocked_http(*x_answers(Person(uid="2244994945", name="Jo Runner"))):
        sized_page.locator("#respond").get_by_role("button", name="X").click()
        sized_page.wait_for_url(re.compile(r"/accounts/3rdparty/signup/"))
    expect(sized_page.get_by_role("heading", name="One more step")).to_be_visible()
    axe(sized_page, label=f"the provider-email step at {sized_page.width} px")
    screenshot(sized_page, f"provider-email-step-{sized_page.width}")
    sized_page.get_by_label(re.compile("Your email for replies")).fill("jo.runner@example.org")
    sized_page.get_by_role("button", name="Continue").click()
    sized_page.wait_for_url(re.compile(re.escape(POST_URL)))
    who = sized_page.locator(".comment-form__who")
    expect(who).to_contain_text("You are commenting using your X account")
    # Not confirmed yet: the form offers the address it was given and explains the one email.
    expect(sized_page.locator("#comment-form input[name=email]")).to_have_value("jo.runner@example.org")
    axe(sized_page, label=f"the comment form of an unconfirmed account at {sized_page.width} px")


def test_the_follow_pages_have_no_axe_violations(demo, live_server, sized_page, axe, mailoutbox):
    sized_page.goto(live_server.url + "/notifications/follow/")
    submit_without_browser_checks(sized_page, "form.account-form")
    axe(sized_page, label=f"follow with errors at {sized_page.width} px")
    sized_page.get_by_label(re.compile("Your email")).fill("lena@example.org")
    sized_page.get_by_role("button", name="Follow").click()
    axe(sized_page, label=f"follow sent at {sized_page.width} px")
    body = mailoutbox[-1].body
    for path in re.findall(r"http://testserver(/notifications/[a-z]+/[^/\s]+/)", body):
        sized_page.goto(live_server.url + path)
        axe(sized_page, label=f"{path.split('/')[2]} at {sized_page.width} px")
