"""Every page type, at 1280 and 390 px: axe (WCAG 2.2 A/AA and best practice), the Nu HTML
checker, the Content-Security-Policy and the heading scale.

The pages are listed in tests/browser/pages.py (a URL walk keeps that list complete). One test
per width opens them all on one set of demo content, runs axe on each as it is shown, records
any CSP violation the browser reports while the page loads and is put in its state, checks that
no heading renders smaller than one of a lower level (every H2 at least as large as any H3, and
so on), saves its HTML and a full-page screenshot (tests/browser/screenshots/pages/, git-ignored),
then runs the Nu HTML checker once over all the saved HTML. Findings of every page are reported
together.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from comments.models import Comment
from posts.demo import load_content
from posts.models import Post
from tests.browser.conftest import (
    AXE_TAGS,
    CSP_LISTENER,
    LAPTOP,
    PHONE,
    SCREENSHOTS,
    _axe_source,
    format_violations,
    heading_scale_problems,
)
from tests.browser.pages import PAGES, POST
from tests.comments.factories import CommentFactory, PingbackFactory
from tests.conftest import role_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

VNU_JAR = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java") or "/usr/bin/java"


def make_scene(clinician):
    """The demo content plus what the other page types need: comments, a reader, a moderator, links."""
    from comments.services import data_link_create
    from notifications import services as notifications
    from notifications.models import Subscriber
    from posts.models import Exercise
    from posts.plans.entries import PlanEntry
    from posts.plans.links import share_token

    load_content(clinician=clinician)
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    reader = UserFactory(username="priya", first_name="Priya", last_name="Shah", email="priya@example.org")
    comment = CommentFactory(post=post, user_name="Tom Baker", comment="Does this help with a stiff back?")
    own = CommentFactory(post=post, user=reader, user_name="Priya Shah", user_email=reader.email)
    pending = CommentFactory(post=post, state=Comment.State.PENDING, comment="Is the psoas a hip flexor?")
    PingbackFactory(post=post)  # as a WordPress import keeps them
    moderator = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    moderator.groups.add(role_group("Moderators"))
    subscriber = Subscriber.objects.create(email="follower@example.org")
    entries = [PlanEntry(exercise_id=pk, sets=2, reps=10) for pk in Exercise.objects.values_list("pk", flat=True)[:3]]
    return {
        "post": post,
        "comment": comment,
        "own_comment": own,
        "pending": pending,
        "month": f"/posts/{post.published_at:%Y/%m}/",
        "data_token": data_link_create(email="priya@example.org"),
        "confirm_token": notifications.confirm_token(subscriber),
        "unsubscribe_token": notifications.unsubscribe_token(subscriber),
        "plan_token": share_token(entries),
        "users": {"reader": reader, "clinician": clinician, "moderator": moderator},
    }


def session_cookie(user, url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def audit(browser, live_server, scene, size, folder):
    """Open every page at one size; return the findings (axe, CSP, heading scale, wrong statuses) by page."""
    options = LAPTOP if size == "laptop" else PHONE
    width = options["viewport"]["width"]
    axe_source = _axe_source()
    contexts = {}
    findings = []

    def context_for(who, js):
        if (who, js) not in contexts:
            context = browser.new_context(**options, locale="en-GB")
            context.set_default_timeout(15_000)
            context.add_init_script(CSP_LISTENER)
            if not js:
                # The page's own scripts are not loaded (axe still runs, through DevTools).
                context.route("**/*.js", lambda route: route.abort())
            if who != "anonymous":
                context.add_cookies([session_cookie(scene["users"][who], live_server.url)])
            contexts[(who, js)] = context
        return contexts[(who, js)]

    def visit(entry, path):
        """The findings on one page state."""
        findings = []
        page = context_for(entry.who, entry.js).new_page()
        try:
            errors, documents, refused = [], [], []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            # The console keeps what chromium refused on every document of the page's state (a form sent, a reload).
            page.on("console", lambda m, r=refused: r.append(m.text) if "Content Security Policy" in m.text else None)
            # The HTML as the server sent it (the Nu checker validates markup, not what scripts did to the DOM).
            page.on("response", lambda r, d=documents: d.append(r) if r.request.resource_type == "document" else None)
            response = page.goto(live_server.url + path)
            if entry.then is not None:
                entry.then(page)
            status = response.status if entry.then is None else None
            if status is not None and status != entry.status:
                findings.append(f"{entry.name} ({path}): status {status}, expected {entry.status}")
            page.emulate_media(media=entry.media)
            name = f"{entry.name}-{width}"
            (folder / f"{name}.html").write_text(documents[-1].text())
            page.screenshot(path=str(SCREENSHOTS / "pages" / f"{name}.png"), full_page=True)
            violations = page.evaluate("() => window.__cspViolations || []") + refused
            if violations:
                findings.append(f"{entry.name} ({path}): Content-Security-Policy violations {violations}")
            for problem in heading_scale_problems(page):
                findings.append(f"{entry.name} ({path}) at {width} px: heading scale: {problem}")
            page.evaluate(axe_source)
            context = {"include": [["html"]]}
            run_options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
            result = page.evaluate("([c, o]) => axe.run(c, o)", [context, run_options])
            if result["violations"]:
                findings.append(f"{entry.name} ({path}) at {width} px:\n{format_violations(result['violations'])}")
            if errors:
                findings.append(f"{entry.name} ({path}): JavaScript errors {errors}")
        finally:
            page.close()
        return findings

    for entry in PAGES:
        path = entry.path(scene) if callable(entry.path) else entry.path
        if path is None:
            findings.append(f"{entry.name}: no URL in the scene")
            continue
        try:
            findings += visit(entry, path)
        except PlaywrightTimeoutError:
            # The browser, not the page, was slow (a loaded machine): one more try, then a finding.
            try:
                findings += visit(entry, path)
            except PlaywrightTimeoutError as error:
                findings.append(f"{entry.name} ({path}): timed out twice: {str(error).splitlines()[0]}")
    for context in contexts.values():
        context.close()
    return findings


def nu_check(folder):
    """The Nu HTML checker over every saved page: its errors, one line each."""
    if not VNU_JAR.exists() or not Path(JAVA).exists():
        message = f"the Nu HTML checker needs {VNU_JAR} (make install) and java (apt-get install default-jre-headless)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(str(path) for path in folder.glob("*.html"))
    run = subprocess.run(
        [JAVA, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in errors]


@pytest.fixture
def scene(transactional_db, clinician, settings):
    settings.COMMENTS_MIN_SECONDS = 0  # the error state is what is audited, not the too-fast refusal
    return make_scene(clinician)


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_every_page_type_has_no_axe_violations_and_valid_html(scene, live_server, browser, size, tmp_path):
    (SCREENSHOTS / "pages").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    findings = audit(browser, live_server, scene, size, tmp_path)
    audited = time.monotonic()
    findings += [f"Nu HTML checker: {line}" for line in nu_check(tmp_path)]
    checked = time.monotonic()
    (SCREENSHOTS / "pages" / f"timings-{size}.txt").write_text(
        f"{len(PAGES)} pages: browser and axe {audited - started:.1f} s, Nu checker {checked - audited:.1f} s\n"
    )
    (SCREENSHOTS / "pages" / f"findings-{size}.txt").write_text("\n".join(findings) + "\n")
    assert not findings, f"{len(findings)} finding(s):\n" + "\n".join(findings)


def test_axe_fixture_reports_a_real_violation(scene, live_server, page, axe):
    """The fixture can fail: an image without alt text is caught."""
    page.goto(live_server.url + "/")
    page.evaluate("() => document.querySelector('main').append(Object.assign(new Image(), {src: '/favicon.svg'}))")
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)


def test_the_database_down_page_has_no_axe_violations(live_server, sized_page, axe, monkeypatch):
    """templates/503.html, what readers see while PostgreSQL restarts."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = sized_page.goto(live_server.url + "/")
    assert response.status == 503 and sized_page.get_by_role("heading", name="Back in a moment").is_visible()
    axe(sized_page, label=f"503 page at {sized_page.width} px")


def test_the_nu_checker_reports_a_real_error(tmp_path):
    """The checker can fail: an element where it may not be is caught."""
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><ul><p>not a list item</p></ul>")
    assert any("not allowed as child" in line for line in nu_check(tmp_path))


def test_the_post_page_is_listed(scene):
    assert any(page.path == POST for page in PAGES)
