"""axe-core on the clinician's and moderator's admin pages at 1280 and 390 px: 0 violations.

The dashboard, the post list, the add-post page (editor, date/time, autocompletes) with an
autocomplete open, the media picker, and the moderation queue; on a phone the queue's rows
are cards whose moderation buttons are all on screen, destructive ones styled apart.
"""

import pytest
from django.test import Client

from comments.models import Comment
from posts.demo import load_content
from tests.comments.factories import CommentFactory
from tests.conftest import role_group
from tests.factories import UserFactory, make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db, clinician):
    load_content(clinician=clinician)
    make_image(alt="A drawing of the knee", title="Knee")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/posts/post/", "/admin/posts/post/add/", "/admin/posts/image/", "/admin/posts/image/picker/"],
)
def test_the_clinician_s_admin_pages_have_no_axe_violations(
    demo, clinician, live_server, sized_page, axe, screenshot, path
):
    sign_in(sized_page, live_server, clinician)
    sized_page.goto(live_server.url + path)
    if path.endswith("/add/"):
        sized_page.locator(".ProseMirror[contenteditable=true]").wait_for()
    axe(sized_page, label=f"{path} at {sized_page.width} px")
    name = path.strip("/").replace("/", "-") or "admin"
    screenshot(sized_page, f"admin-{name}-{sized_page.width}")


def test_an_open_autocomplete_and_the_date_fields_are_labelled(demo, clinician, live_server, sized_page, axe):
    sign_in(sized_page, live_server, clinician)
    sized_page.goto(live_server.url + "/admin/posts/post/add/")
    sized_page.locator("#id_topics + .select2-container").click()
    sized_page.locator(".select2-container--open .select2-search__field").fill("ili")
    sized_page.locator(".select2-results__option", has_text="Iliopsoas").first.wait_for()
    axe(sized_page, label=f"add post with an open autocomplete at {sized_page.width} px")
    assert sized_page.get_by_label("Time:").count() >= 1


@pytest.fixture
def queue(demo, clinician):
    from posts.models import Post

    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    for n in range(3):
        CommentFactory(post=post, state=Comment.State.PENDING, comment=f"Question number {n} about the psoas?")
    moderator = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    moderator.groups.add(role_group("Moderators"))
    return moderator


def test_the_moderation_queue_has_no_axe_violations_and_works_on_a_phone(
    queue, live_server, sized_page, axe, screenshot
):
    sign_in(sized_page, live_server, queue)
    sized_page.goto(live_server.url + "/admin/comments/pendingcomment/")
    waiting = sized_page.locator("#result_list tbody tr").count()
    assert waiting >= 3
    axe(sized_page, label=f"pending comments at {sized_page.width} px")
    screenshot(sized_page, f"admin-queue-{sized_page.width}")
    row = sized_page.locator("#result_list tbody tr").first
    approve = row.get_by_role("button", name="Approve")
    spam = row.get_by_role("button", name="Spam")
    remove = row.get_by_role("button", name="Remove")
    width = sized_page.viewport_size["width"]
    for button in (approve, spam, remove, row.get_by_role("link", name="Reply")):
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "every action is on screen"
    colour = lambda b: b.evaluate("el => getComputedStyle(el).backgroundColor + ' ' + getComputedStyle(el).color")  # noqa: E731
    assert colour(approve) != colour(spam) and colour(spam) == colour(remove)
    assert sized_page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    approve.click()
    sized_page.wait_for_url("**/admin/comments/pendingcomment/")
    assert sized_page.locator("#result_list tbody tr").count() == waiting - 1


@pytest.fixture
def background_work(transactional_db, settings):
    """One email waiting and one that failed, as the operator would find them."""
    from django.core import mail

    from notifications.queue import run_due

    settings.EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
    settings.MAIL_QUEUE_BACKEND = "tests.comments.test_mail_queue.FailingBackend"
    mail.send_mail("A reply to your comment", "Body", "blog@localhost", ["reader@example.org"])
    run_due()
    mail.send_mail("Please confirm your comment", "Body", "blog@localhost", ["reader@example.org"])


@pytest.mark.parametrize("path", ["/admin/django_q/ormq/", "/admin/django_q/failure/", "/admin/django_q/schedule/"])
def test_the_operator_s_background_work_pages_have_no_axe_violations(
    background_work, operator, live_server, sized_page, axe, path
):
    sign_in(sized_page, live_server, operator)
    sized_page.goto(live_server.url + path)
    axe(sized_page, label=f"{path} at {sized_page.width} px")
