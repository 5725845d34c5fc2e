"""Revision history with restore (django-reversion) for posts, pages, library entries and images."""

import pytest
import reversion
from bs4 import BeautifulSoup
from reversion.models import Version

from posts.models import AnatomyTopic, Image, Page, Post
from tests.factories import AnatomyTopicFactory, PageFactory, make_image

pytestmark = pytest.mark.django_db


def form_data(html):
    """What a browser would send for the change form on this page."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("form#post_form, form[id$=_form]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type", "")
        if kind in ("submit", "file", "button"):
            continue
        if kind == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [o.get("value", o.get_text()) for o in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        else:
            data[name] = field.get("value", "")
    return data


def edit(staff, url, **changes):
    data = form_data(staff.get(url).content)
    data.update(changes)
    response = staff.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".errorlist")
    return response


def test_each_save_of_a_post_is_kept_and_an_old_one_can_be_restored(client_as, clinician, client):
    staff = client_as(clinician)
    add = staff.post(
        "/admin/posts/post/add/",
        {
            "title": "First title",
            "body": "<p>The first version of the text.</p>",
            "status": "published",
            "author": clinician.pk,
            "comments_open": "on",
            "tags": "",
            "published_at_0": "",
            "published_at_1": "",
            "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
            "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
            "exercise_entries-TOTAL_FORMS": "0",
            "exercise_entries-INITIAL_FORMS": "0",
        },
    )
    assert add.status_code == 302
    post = Post.objects.get()
    url = f"/admin/posts/post/{post.pk}/change/"
    edit(staff, url, title="Second title", body="<p>A rewrite that lost something important.</p>")
    versions = Version.objects.get_for_object(post)
    assert versions.count() == 2
    history = staff.get(f"/admin/posts/post/{post.pk}/history/").content.decode()
    assert history.count(f"/admin/posts/post/{post.pk}/history/") >= 2

    oldest = versions.last()
    revision_url = f"/admin/posts/post/{post.pk}/history/{oldest.pk}/"
    preview = staff.get(revision_url)
    assert preview.status_code == 200 and "First title" in preview.content.decode()
    post.refresh_from_db()
    assert post.title == "Second title", "looking at an old version changes nothing"
    edit(staff, revision_url)
    post.refresh_from_db()
    assert post.title == "First title" and "first version" in post.body_html
    assert "first version" in client.get(post.get_absolute_url()).content.decode()
    assert Version.objects.get_for_object(post).count() == 3


def test_an_author_cannot_restore_another_author_s_post(client_as, clinician, django_user_model):
    from tests.conftest import role_group
    from tests.factories import PostFactory, UserFactory

    other = UserFactory(username="other", is_staff=True)
    other.groups.add(role_group("Authors"))
    with reversion.create_revision():
        post = PostFactory(author=other, title="Theirs")
    version = Version.objects.get_for_object(post).first()
    staff = client_as(clinician)
    assert staff.post(f"/admin/posts/post/{post.pk}/history/{version.pk}/", {"title": "Mine now"}).status_code == 403


@pytest.mark.parametrize(
    "model,make,field,new",
    [
        (Page, lambda: PageFactory(title="About"), "title", "About the clinic"),
        (
            AnatomyTopic,
            lambda: AnatomyTopicFactory(name="Iliacus", slug="iliacus"),
            "summary",
            "Fills the iliac fossa.",
        ),
        (Image, lambda: make_image(alt="A hip"), "alt", "The hip joint from the front"),
    ],
)
def test_pages_library_entries_and_images_have_history_too(client_as, clinician, model, make, field, new):
    obj = make()
    opts = model._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    staff = client_as(clinician)
    edit(staff, url)
    edit(staff, url, **{field: new})
    versions = Version.objects.get_for_object(obj)
    assert versions.count() == 2
    edit(staff, f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/{versions.last().pk}/")
    obj.refresh_from_db()
    assert getattr(obj, field) != new
