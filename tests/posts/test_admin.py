import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from posts.models import Page, Post
from tests.conftest import role_group
from tests.factories import AuthorProfileFactory, PostFactory, UserFactory, make_image

pytestmark = pytest.mark.django_db


def test_clinician_writes_and_publishes_a_post_in_the_admin(client_as, clinician, client):
    staff = client_as(clinician)
    assert staff.get("/admin/posts/post/add/").status_code == 200
    response = staff.post(
        "/admin/posts/post/add/",
        {
            "title": "Pigeon pose, step by step",
            "slug": "",
            "author": clinician.pk,
            "excerpt": "How to do it safely.",
            "body": "<p>Start on hands and knees.</p><script>steal()</script>",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "comments_open": "on",
            "tags": "yoga, hip",
            "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
            "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
            "exercise_entries-TOTAL_FORMS": "0",
            "exercise_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(title="Pigeon pose, step by step")
    assert post.slug == "pigeon-pose-step-by-step" and post.is_public
    assert "<script" not in post.body
    assert client.get(post.get_absolute_url()).status_code == 200


def test_admin_refuses_a_page_slug_that_clashes(client_as, clinician):
    response = client_as(clinician).post(
        "/admin/posts/page/add/",
        {"title": "Admin", "slug": "admin", "body": "<p>x</p>", "menu_order": 0, "is_published": "on"},
    )
    assert response.status_code == 200
    assert "already an address" in response.content.decode()
    assert not Page.objects.exists()


def test_readers_cannot_reach_the_admin(client_as, user):
    response = client_as(user).get("/admin/posts/post/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_shows_drafts_scheduled_and_reviews_due(client_as, clinician):
    import datetime

    from django.utils import timezone

    from tests.factories import PostFactory

    PostFactory(status=Post.Status.DRAFT, published_at=None, author=clinician)
    PostFactory(published_at=timezone.now() + datetime.timedelta(days=2), author=clinician)
    PostFactory(author=clinician, last_reviewed=datetime.date(2020, 1, 1))
    page = client_as(clinician).get("/admin/").content.decode()
    assert "<strong>1</strong> draft</a>" in page
    assert "<strong>1</strong> scheduled</a>" in page
    # Every factory post without a review date counts as due, and so does the 2020 review.
    assert "<strong>3</strong> due for review</a>" in page
    assert 'href="/admin/posts/post/review-overdue/"' in page


# --- Roles, menus and who may change what ---------------------------------------------


def menu(response):
    """The dashboard's menu: {section: [model names]}."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        table.caption.get_text(strip=True): [
            row.th.get_text(" ", strip=True).split(" ")[0] for row in table.select("tr[class^=model-]")
        ]
        for table in soup.select("#content-main .module table")
    }


@pytest.fixture
def other_author(db):
    user = UserFactory(username="guest-writer", first_name="Sam", last_name="Guest", is_staff=True)
    user.groups.add(role_group("Authors"))
    return user


@pytest.fixture
def queue_moderator(db):
    user = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    user.groups.add(role_group("Moderators"))
    return user


def test_an_author_s_menu_holds_writing_media_library_and_comments_only(client_as, clinician):
    sections = menu(client_as(clinician).get("/admin/"))
    assert sections == {
        "Writing": ["Posts", "Pages", "Categories", "Author"],
        "Media library": ["Images", "Videos"],
        "Clinic library": ["Anatomy", "Conditions", "Exercises", "Goals", "Equipment"],
        "Home-exercise plans": ["Plans"],
        "Comments": ["Pending", "Flagged", "Spam", "All", "Canned", "Moderator's"],
        "Search": ["Searches"],
    }


def test_a_moderator_s_menu_holds_the_comment_queue_only(client_as, queue_moderator):
    assert menu(client_as(queue_moderator).get("/admin/")) == {
        "Comments": ["Pending", "Flagged", "Spam", "All", "Canned", "Moderator's"]
    }


def test_the_operator_sees_everything_including_accounts_and_sites(client_as, operator):
    sections = menu(client_as(operator).get("/admin/"))
    assert list(sections)[:4] == ["Writing", "Media library", "Clinic library", "Comments"]
    assert "Background work" in sections  # the task queue: mail and periodic jobs (waiting, failed)
    rest = {name for models in list(sections.values())[4:] for name in models}
    assert {"Users", "Groups", "Sites", "Tags"} <= rest


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/sites/site/", "/admin/taggit/tag/"])
def test_authors_cannot_open_what_is_not_in_their_menu(client_as, clinician, url):
    assert client_as(clinician).get(url).status_code == 403


def test_an_author_edits_their_own_posts_but_only_views_another_author_s(client_as, clinician, other_author):
    mine = PostFactory(author=clinician, title="Mine")
    theirs = PostFactory(author=other_author, title="Theirs")
    staff = client_as(clinician)
    own_form = staff.get(f"/admin/posts/post/{mine.pk}/change/")
    assert own_form.status_code == 200 and own_form.context["has_change_permission"]
    other_form = staff.get(f"/admin/posts/post/{theirs.pk}/change/")
    assert other_form.status_code == 200 and not other_form.context["has_change_permission"]  # read-only view
    response = staff.post(f"/admin/posts/post/{theirs.pk}/change/", {"title": "Taken over"})
    assert response.status_code == 403
    assert staff.post(f"/admin/posts/post/{theirs.pk}/delete/", {"post": "yes"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_the_edit_others_permission_lets_an_editor_change_any_post(client_as, clinician, other_author):
    from django.contrib.auth.models import Permission

    clinician.user_permissions.add(Permission.objects.get(codename="edit_others_posts"))
    theirs = PostFactory(author=other_author, title="Theirs")
    form = client_as(clinician).get(f"/admin/posts/post/{theirs.pk}/change/")
    assert form.context["has_change_permission"]
    author_choices = [label for _value, label in form.context["adminform"].form.fields["author"].choices][1:]
    assert {"Maya Lindqvist", "Sam Guest"} <= set(author_choices)


def test_an_author_writes_only_as_themselves(client_as, clinician, other_author):
    form = client_as(clinician).get("/admin/posts/post/add/").context["adminform"].form
    assert [label for _value, label in form.fields["author"].choices] == ["---------", "Maya Lindqvist"]
    response = client_as(clinician).post("/admin/posts/post/add/", {**_minimal_post(), "author": other_author.pk})
    assert "author" in response.context["adminform"].form.errors


def _minimal_post(**extra):
    return {
        "title": "A new post",
        "slug": "",
        "body": "<p>Text.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "tags": "",
        "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
        "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
        "exercise_entries-TOTAL_FORMS": "0",
        "exercise_entries-INITIAL_FORMS": "0",
        **extra,
    }


def test_the_post_list_shows_authors_by_name_and_filters_by_staff_writers_only(client_as, clinician, other_author):
    AuthorProfileFactory(user=clinician, display_name="Maya Lindqvist, PT")
    PostFactory(author=clinician)
    PostFactory(author=other_author)
    reader = UserFactory(username="reader-who-wrote", first_name="Ronnie", last_name="Reader")
    PostFactory(author=reader)  # e.g. imported from an old blog under a reader's account
    response = client_as(clinician).get("/admin/posts/post/")
    soup = BeautifulSoup(response.content, "html.parser")
    authors = {cell.get_text() for cell in soup.select("td.field-author_name")}
    assert authors == {"Maya Lindqvist, PT", "Sam Guest", "Ronnie Reader"}
    author_filter = soup.find("details", attrs={"data-filter-title": "author"})
    choices = [a.get_text(strip=True) for a in author_filter.select("li a")]
    assert choices == ["All", "Maya Lindqvist, PT", "Sam Guest"]
    assert "reader-who-wrote" not in response.content.decode()


def test_the_post_list_filters_by_state(client_as, clinician):
    PostFactory(author=clinician, title="Drafted", status="draft", published_at=None)
    PostFactory(author=clinician, title="Later", published_at=timezone.now() + datetime.timedelta(days=3))
    PostFactory(author=clinician, title="Out")
    staff = client_as(clinician)
    for state, title in (("draft", "Drafted"), ("scheduled", "Later"), ("published", "Out")):
        response = staff.get("/admin/posts/post/", {"state": state})
        assert [str(p) for p in response.context["cl"].result_list] == [title]


def test_the_post_list_and_change_page_queries_do_not_grow_with_posts(
    client_as, clinician, other_author, django_assert_max_num_queries
):
    staff = client_as(clinician)
    post = PostFactory(author=clinician, featured_image=make_image())
    staff.get("/admin/posts/post/")
    for n in range(30):
        AuthorProfileFactory(user=UserFactory(is_staff=True, username=f"writer{n}"))
    for n in range(30):
        PostFactory(author=clinician if n % 2 else other_author, last_reviewed=datetime.date(2020, 1, 1))
    # 2 session/user, 2 permissions, 2 filters, counts, the page of posts with authors, the
    # dashboard menu counts, date hierarchy: the same for 1 post or 31.
    with django_assert_max_num_queries(16):
        assert staff.get("/admin/posts/post/").status_code == 200
    # The change page: the post, its categories, tags, topics, conditions, programme, references,
    # the writers to choose from and the featured image, each once (19 measured).
    with django_assert_max_num_queries(20):
        assert staff.get(f"/admin/posts/post/{post.pk}/change/").status_code == 200


def test_publish_and_unpublish_actions_respect_authorship(client_as, clinician, other_author, client):
    mine = PostFactory(author=clinician, status="draft", published_at=None)
    theirs = PostFactory(author=other_author)
    staff = client_as(clinician)
    response = staff.post(
        "/admin/posts/post/", {"action": "publish_selected", "_selected_action": [mine.pk]}, follow=True
    )
    mine.refresh_from_db()
    assert mine.is_public and "1 post published" in response.content.decode()
    assert client.get(mine.get_absolute_url()).status_code == 200
    response = staff.post(
        "/admin/posts/post/", {"action": "unpublish_selected", "_selected_action": [mine.pk, theirs.pk]}, follow=True
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == "draft" and theirs.is_public
    assert "1 post(s) by other authors were left alone" in response.content.decode()
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_a_future_date_schedules_and_the_post_appears_on_its_own(client, clinician):
    from posts.services import post_publish

    when = timezone.now() + datetime.timedelta(hours=2)
    post = post_publish(post=PostFactory(author=clinician, status="draft", published_at=None), at=when)
    assert post.state == "scheduled" and client.get(post.get_absolute_url()).status_code == 404
    post.published_at = timezone.now() - datetime.timedelta(seconds=1)  # the clock reaches it
    post.save()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_the_change_form_links_to_the_preview_and_the_history(client_as, clinician, client):
    post = PostFactory(author=clinician, status="draft", published_at=None)
    staff = client_as(clinician)
    soup = BeautifulSoup(staff.get(f"/admin/posts/post/{post.pk}/change/").content, "html.parser")
    preview = soup.select_one("#post-preview-link")
    assert preview.get_text() == "Preview" and preview["href"] == post.get_absolute_url()
    assert soup.select_one("a.historylink")["href"].endswith(f"/admin/posts/post/{post.pk}/history/")
    preview_page = staff.get(post.get_absolute_url())
    assert preview_page.status_code == 200 and "Only staff can see this page" in preview_page.content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_the_form_has_labels_for_both_halves_of_the_date_and_a_seo_counter(client_as, clinician):
    soup = BeautifulSoup(client_as(clinician).get("/admin/posts/post/add/").content, "html.parser")
    for part in ("id_published_at_0", "id_published_at_1"):
        assert soup.select_one(f'label[for="{part}"]') is not None, part
    assert soup.select_one("#id_seo_description")["data-count-chars"] == "160"
    assert soup.select_one("#id_body")["data-django-prose-editor-configurable"]
    for name in ("topics", "conditions", "featured_image", "categories"):
        assert "admin-autocomplete" in soup.select_one(f"#id_{name}")["class"], name
