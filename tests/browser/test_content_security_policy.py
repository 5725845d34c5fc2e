"""The Content-Security-Policy as chromium enforces it: every page type, public and admin, loads
with no violation reported (a ``securitypolicyviolation`` event or a CSP console error), and the
click-to-load video still reaches only youtube-nocookie.com, only after the click.
"""

import pytest
from django.test import Client
from django_comments_xtd import signed as xtd_signed
from django_comments_xtd.conf import settings as xtd_settings

from comments.models import Comment
from posts.demo import load_content
from posts.models import AnatomyTopic, AuthorProfile, Condition, Exercise, Post
from tests.browser.conftest import CSP_LISTENER as LISTEN
from tests.comments.factories import CommentFactory
from tests.conftest import role_group
from tests.factories import PostFactory, UserFactory, make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def csp_page(context):
    """A page that records every CSP violation the browser reports; ``csp_page.violations()``."""
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def violations():
        reported = page.evaluate("() => window.__cspViolations || []")
        return reported + console

    page.violations = violations
    return page


def visit(page, url, wait_for=None):
    response = page.goto(url)
    if wait_for:
        page.locator(wait_for).first.wait_for()
    page.wait_for_load_state("networkidle")
    return response


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def site(transactional_db, clinician):
    load_content(clinician=clinician)
    make_image(alt="A drawing of the knee", title="Knee")
    post = Post.objects.published().exclude(tags=None).exclude(categories=None).first()
    return {
        "post": post,
        "topic": AnatomyTopic.objects.first(),
        "condition": Condition.objects.first(),
        "exercise": Exercise.objects.first(),
    }


def public_pages(site):
    post = site["post"]
    return [
        "/",
        post.get_absolute_url(),
        "/anatomy/",
        site["topic"].get_absolute_url(),
        "/conditions/",
        site["condition"].get_absolute_url(),
        "/exercises/",
        "/exercises/?goal=stretch",
        site["exercise"].get_absolute_url(),
        f"/posts/tag/{post.tags.first().slug}/",
        post.categories.first().get_absolute_url(),
        AuthorProfile.objects.first().get_absolute_url(),
        f"/posts/{post.published_at:%Y}/{post.published_at:%m}/",
        "/search/?q=psoas",
        "/search/?q=soas",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/notifications/follow/",
        "/plans/",
        "/no-such-page-anywhere/",
    ]


def test_every_public_page_type_loads_without_a_csp_violation(site, live_server, csp_page):
    seen = {}
    for path in public_pages(site):
        response = visit(csp_page, live_server.url + path)
        assert response.status in (200, 404), f"{path} answered {response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        seen[path] = csp_page.violations()
    assert {path: found for path, found in seen.items() if found} == {}


def test_a_reader_s_plan_and_the_comment_form_raise_no_violation(site, live_server, csp_page):
    """Pages whose scripts do most: adding exercises to a plan, the plan page, a comment posted."""
    post_url = live_server.url + "/posts/its-the-iliopsoas-stupid/"
    visit(csp_page, post_url)
    csp_page.get_by_role("button", name="Add all to my plan").click()
    csp_page.wait_for_url("**/posts/its-the-iliopsoas-stupid/**")
    assert csp_page.violations() == []
    visit(csp_page, live_server.url + "/plans/")
    assert csp_page.locator(".plan-exercise").count() > 0
    assert csp_page.violations() == []


def test_the_video_player_loads_from_youtube_nocookie_only_after_the_click(clinician, live_server, csp_page):
    post = PostFactory(
        author=clinician,
        title="A stretch to watch",
        body='<p>Watch it first.</p><figure data-video="https://youtu.be/dQw4w9WgXcQ">'
        "<figcaption>Kneeling hip flexor stretch</figcaption></figure>",
    )
    offsite = []
    csp_page.context.on(
        "request", lambda request: offsite.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    csp_page.context.route(
        "**/*", lambda route: route.abort() if not route.request.url.startswith(live_server.url) else route.continue_()
    )
    visit(csp_page, live_server.url + post.get_absolute_url())
    assert offsite == []
    csp_page.get_by_role("link", name="Play the video: Kneeling hip flexor stretch").click()
    csp_page.locator("iframe.video-embed__iframe").wait_for(state="attached")
    csp_page.wait_for_timeout(300)
    assert offsite and all(url.startswith("https://www.youtube-nocookie.com/") for url in offsite)
    assert csp_page.violations() == [], "frame-src lets the player in"


@pytest.fixture
def moderator(site):
    for n in range(2):
        CommentFactory(post=site["post"], state=Comment.State.PENDING, comment=f"A question, number {n}?")
    user = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    user.groups.add(role_group("Moderators"))
    return user


@pytest.mark.parametrize(
    ("path", "wait_for"),
    [
        ("/admin/", None),
        ("/admin/posts/post/", None),
        ("/admin/posts/post/add/", ".ProseMirror[contenteditable=true]"),
        ("/admin/posts/image/picker/", None),
    ],
)
def test_the_clinician_s_admin_pages_raise_no_violation(site, clinician, live_server, csp_page, path, wait_for):
    sign_in(csp_page, live_server, clinician)
    response = visit(csp_page, live_server.url + path, wait_for=wait_for)
    assert response.status == 200
    assert response.headers["content-security-policy"]
    assert csp_page.violations() == []


def test_the_editor_works_under_the_admin_policy(site, clinician, live_server, csp_page):
    sign_in(csp_page, live_server, clinician)
    visit(csp_page, live_server.url + "/admin/posts/post/add/", wait_for=".ProseMirror[contenteditable=true]")
    editor = csp_page.locator(".ProseMirror[contenteditable=true]").first
    editor.click()
    csp_page.keyboard.type(" More words.")
    assert "More words." in editor.inner_text()
    # The media library opens in a frame: the admin may frame its picker (and only that page).
    csp_page.get_by_role("button", name="figure").click()
    csp_page.frame_locator("iframe.clinic-library__frame").locator("#id_upload").wait_for(state="attached")
    assert csp_page.violations() == []


def test_the_moderation_queue_raises_no_violation(moderator, live_server, csp_page):
    sign_in(csp_page, live_server, moderator)
    response = visit(csp_page, live_server.url + "/admin/comments/pendingcomment/")
    assert response.status == 200
    assert csp_page.locator("#result_list tbody tr").count() >= 2
    assert csp_page.violations() == []


def test_the_listener_reports_a_violation(site, live_server, csp_page):
    """The check can fail: markup with an inline style attribute is refused and reported."""
    visit(csp_page, live_server.url + "/")
    csp_page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">inline</p>')")
    csp_page.wait_for_timeout(200)
    assert any("style-src" in line for line in csp_page.violations())


@pytest.fixture
def mailed_links(transactional_db, post, mailoutbox, settings):
    """A confirmation link and a data link, as a reader without an account gets them."""
    import re

    from tests.comments.conftest import form_data

    settings.COMMENTS_MIN_SECONDS = 0
    client = Client()
    client.post("/comments/post/", form_data(post, email="lena@example.org"))
    CommentFactory(post=post, user_email="kofi@example.org", comment="My hip clicks on the stairs.")
    client.post("/comments/my-data/", {"email": "kofi@example.org"})
    confirm = re.search(r"http://testserver(/comments/confirm/[^/\s]+/)", mailoutbox[0].body).group(1)
    data = re.search(r"http://testserver(/comments/my-data/[^/\s]+/)", mailoutbox[-1].body).group(1)
    follower = CommentFactory(post=post, user_email="fola@example.org", followup=True)
    key = xtd_signed.dumps(follower, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT).decode()
    return {"confirm": confirm, "data": data, "mute": f"/comments/mute/{key}/", "follower": follower}


def test_the_emailed_link_pages_pass_axe_and_the_policy(mailed_links, live_server, sized_page, axe):
    """The pages a confirmation link and a data link open, and the page after erasing: buttons, not GETs."""
    sized_page.context.add_init_script(LISTEN)
    width = sized_page.width
    sized_page.goto(live_server.url + mailed_links["confirm"])
    axe(sized_page, label=f"confirm page at {width} px")
    assert not Comment.objects.filter(user_email="lena@example.org").exists()
    sized_page.get_by_role("button", name="Yes, publish my comment").click()
    sized_page.wait_for_load_state()
    assert Comment.objects.filter(user_email="lena@example.org").exists()

    sized_page.goto(live_server.url + mailed_links["data"])
    axe(sized_page, label=f"data link page at {width} px")
    sized_page.get_by_role("button", name="Erase all of them").click()
    sized_page.get_by_role("heading", name="Erased 1 comment").wait_for()
    axe(sized_page, label=f"erased page at {width} px")
    assert sized_page.evaluate("() => window.__cspViolations") == []
    sized_page.goto(live_server.url + mailed_links["data"])
    assert sized_page.get_by_role("heading", name="This link has been used").is_visible()

    sized_page.goto(live_server.url + mailed_links["mute"])
    axe(sized_page, label=f"mute page at {width} px")
    sized_page.get_by_role("button", name="Stop these emails").click()
    sized_page.get_by_role("heading", name="You will get no more emails about this post").wait_for()
    assert not Comment.objects.get(pk=mailed_links["follower"].pk).followup
    assert sized_page.evaluate("() => window.__cspViolations") == []


def test_a_provider_button_beside_the_comment_form_may_post_on_to_the_provider(site, live_server, csp_page, settings):
    """form-action: the button posts here, and the redirect to the provider's sign-in page is allowed."""
    from tests.comments.social import APPS

    settings.SOCIALACCOUNT_PROVIDERS = {"twitter_oauth2": APPS["twitter_oauth2"]}
    reached = []

    def provider_page(route):
        reached.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>X</title><p>Sign in to X</p>")

    csp_page.route("https://x.com/**", provider_page)
    visit(csp_page, live_server.url + site["post"].get_absolute_url() + "#respond")
    csp_page.locator("#respond").get_by_role("button", name="X").click()
    csp_page.wait_for_url("https://x.com/**")
    assert reached and reached[0].startswith("https://x.com/i/oauth2/authorize")
