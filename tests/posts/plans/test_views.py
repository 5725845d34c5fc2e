"""A reader's plan without an account, kept by an account, shared by a signed link; every bad input."""

import re

import pytest
from django.core import signing

from posts.plans.entries import PlanEntry
from posts.plans.links import SALT, share_token
from posts.plans.models import Plan
from tests.factories import ExerciseFactory, PostFactory, UserFactory
from tests.posts.plans.conftest import add_all, names_in

pytestmark = pytest.mark.django_db


def dosages(page):
    return re.findall(r"<strong>Dosage:</strong> ([^<]*)", page)


def plan_page(client):
    response = client.get("/plans/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_post_offers_add_all_and_the_library_one_by_one(client, post, programme, library):
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'action="/plans/add/"' in page and "Add all to my plan" in page
    for url in ("/exercises/", "/exercises/warrior-one/"):
        assert 'action="/plans/add/"' in client.get(url).content.decode()


def test_a_reader_without_an_account_adds_a_post_programme_in_order(client, post, programme):
    response = add_all(client, post)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    page = plan_page(client)
    assert names_in(page, programme) == [e.name for e in programme]
    assert "Hold 30 seconds, 2 times each side; 3 times a week" in page  # warrior one's own dosage
    assert "Medical disclaimer" in page and "Questions, or not getting better?" in page
    assert not Plan.objects.exists()  # in the session only
    add_all(client, post)
    assert plan_page(client).count('class="plan-exercise"') == 3  # no repeats


def test_one_exercise_from_the_library(client, library):
    response = client.post("/plans/add/", {"exercise": library.bridge.pk, "next": "/exercises/?goal=strengthen"})
    assert response["Location"] == "/exercises/?goal=strengthen"
    assert "Bridge" in plan_page(client)


def test_reorder_remove_and_change_dosage(client, post, programme):
    add_all(client, post)
    warrior, ball, bridge = programme
    client.post("/plans/change/", {"exercise": bridge.pk, "action": "up"})
    assert names_in(plan_page(client), programme) == ["Warrior one", "Bridge", "Ball release"]
    client.post("/plans/change/", {"exercise": warrior.pk, "action": "remove"})
    response = client.post(
        "/plans/change/",
        {"exercise": bridge.pk, "action": "dosage", "sets": 4, "reps": 12, "hold_seconds": 0, "times_per_week": 5},
    )
    assert response.status_code == 302 and response["Location"] == f"/plans/#exercise-{bridge.pk}"
    page = plan_page(client)
    assert "Warrior one" not in page.split('id="plan-title"')[1].split("plan-sheet__footer")[0]
    assert "4 sets of 12; 5 times a week" in page


@pytest.mark.parametrize(
    "dosage",
    [
        {"sets": 0, "reps": 10, "hold_seconds": 0, "times_per_week": 3},
        {"sets": 11, "reps": 10, "hold_seconds": 0, "times_per_week": 3},
        {"sets": 2, "reps": 51, "hold_seconds": 0, "times_per_week": 3},
        {"sets": 2, "reps": 10, "hold_seconds": 301, "times_per_week": 3},
        {"sets": 2, "reps": 10, "hold_seconds": 0, "times_per_week": 15},
        {"sets": -1, "reps": 10, "hold_seconds": 0, "times_per_week": 3},
        {"sets": "ten", "reps": 10, "hold_seconds": 0, "times_per_week": 3},
        {"sets": "9" * 400, "reps": 10, "hold_seconds": 0, "times_per_week": 3},
        {"sets": 2, "reps": 10, "times_per_week": 3},
    ],
)
def test_dosage_out_of_bounds_is_refused_and_nothing_is_lost(client, post, programme, dosage):
    add_all(client, post)
    before = dosages(plan_page(client))
    response = client.post("/plans/change/", {"exercise": programme[0].pk, "action": "dosage", **dosage})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nothing was changed" in body and 'class="plan-field__error"' in body
    assert dosages(plan_page(client)) == before


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"exercise": "abc", "action": "remove"},
        {"exercise": "1" * 40, "action": "remove"},
        {"exercise": 999999, "action": "remove"},
        {"exercise": 999999, "action": "dosage", "sets": 2, "reps": 1, "hold_seconds": 0, "times_per_week": 1},
        {"action": "explode"},
    ],
)
def test_forged_changes_get_a_clear_page(client, post, programme, data):
    add_all(client, post)
    if "action" in data and data["action"] == "explode":
        data = {"exercise": programme[0].pk, "action": "explode"}
    response = client.post("/plans/change/", data)
    assert response.status_code == 400
    assert "That did not work" in response.content.decode()
    assert plan_page(client).count('class="plan-exercise"') == 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"exercise": "x"},
        {"exercise": 1, "post": 1},
        {"exercise": "9" * 30},
        {"post": -3},
    ],
)
def test_forged_additions_get_a_clear_page(client, data):
    response = client.post("/plans/add/", data)
    assert response.status_code == 400


def test_unknown_exercises_and_unpublished_posts_are_not_found(client, library):
    assert client.post("/plans/add/", {"exercise": 987654}).status_code == 404
    draft = PostFactory(status="draft", published_at=None)
    assert client.post("/plans/add/", {"post": draft.pk}).status_code == 404


def test_the_next_address_cannot_leave_the_site(client, library):
    for hostile in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/plans/add/", {"exercise": library.bridge.pk, "next": hostile})
        assert response["Location"] == "/plans/"


def test_a_full_plan_says_so(client, settings):
    exercises = [ExerciseFactory() for _ in range(31)]
    for exercise in exercises[:30]:
        client.post("/plans/add/", {"exercise": exercise.pk})
    response = client.post("/plans/add/", {"exercise": exercises[30].pk}, follow=True)
    assert "at most 30 exercises" in response.content.decode()


def test_get_is_not_allowed_for_changes(client):
    assert client.get("/plans/add/").status_code == 405
    assert client.get("/plans/change/").status_code == 405


def test_an_account_keeps_the_plan_and_adopts_the_session_one(client, client_as, post, programme):
    add_all(client, post)
    reader = UserFactory()
    client.force_login(reader)
    assert names_in(plan_page(client), programme) == [e.name for e in programme]
    stored = Plan.objects.get(owner=reader, kind="reader")
    assert [item.exercise_id for item in stored.items.all()] == [e.pk for e in programme]
    other_browser = client_as(reader)
    assert "Warrior one" in plan_page(other_browser)


def test_a_reader_never_sees_another_readers_plan(client_as, post, programme):
    alice, bob = UserFactory(), UserFactory()
    add_all(client_as(alice), post)
    bob_page = plan_page(client_as(bob))
    assert "Your plan is empty" in bob_page and "Warrior one" not in bob_page
    assert "Warrior one" not in client_as(bob).get("/plans/pdf/", follow=True).content.decode()


def test_a_share_link_opens_the_plan_read_only_and_can_be_copied(client, post, programme):
    add_all(client, post)
    page = plan_page(client)
    link = page.split('id="plan-share-link" type="text" readonly value="')[1].split('"')[0]
    path = link.removeprefix("http://testserver")
    assert path.startswith("/plans/shared/") and len(path) < 200
    stranger = client.__class__()
    shared = stranger.get(path)
    assert shared.status_code == 200 and shared["Cache-Control"] == "private, no-store"
    assert names_in(shared.content.decode(), programme) == [e.name for e in programme]
    assert 'action="/plans/change/"' not in shared.content.decode()
    stranger.post(path + "copy/")
    assert "Warrior one" in plan_page(stranger)


def test_a_share_link_carries_nothing_about_the_reader(client_as, post, programme):
    reader = UserFactory(username="jo-private", email="jo-private@example.org")
    client = client_as(reader)
    add_all(client, post)
    token = plan_page(client).split("/plans/shared/")[1].split("/")[0]
    data = signing.loads(token, salt=SALT)
    assert data == [[e.pk, *_dosage(e)] for e in programme]


def _dosage(exercise):
    entry = __import__("posts.plans.entries", fromlist=["entry_for"]).entry_for(exercise)
    return [entry.sets, entry.reps, entry.hold_seconds, entry.times_per_week]


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a" * 5000,
        "eyJmb28iOiJiYXIifQ:1abc:forged",
        signing.dumps([[1, 2, 10, 0, 3]], salt="another-salt", compress=True),
        signing.dumps("not a list", salt=SALT),
        signing.dumps([], salt=SALT),
    ],
)
def test_a_tampered_share_link_gets_a_clear_page(client, library, token):
    for path in (f"/plans/shared/{token}/", f"/plans/shared/{token}/pdf/"):
        response = client.get(path)
        assert response.status_code == 400
        assert "This plan link does not work" in response.content.decode()
    assert client.post(f"/plans/shared/{token}/copy/").status_code == 400


def test_a_changed_share_link_is_refused(client, library):
    token = share_token([PlanEntry(library.bridge.pk, 2, 10, 0, 3)])
    payload, _, signature = token.rpartition(":")
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + signature
    assert client.get(f"/plans/shared/{tampered}/").status_code == 400
    assert client.get(f"/plans/shared/{token}/").status_code == 200


def test_a_share_link_with_a_forged_exercise_id_skips_it(client, library):
    token = share_token([PlanEntry(library.bridge.pk), PlanEntry(987654321)])
    page = client.get(f"/plans/shared/{token}/").content.decode()
    assert "Bridge" in page and page.count('class="plan-exercise"') == 1


def test_plan_pages_are_not_indexed_or_cached(client, post, programme):
    add_all(client, post)
    response = client.get("/plans/")
    assert response["X-Robots-Tag"] == "noindex" and "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_plan_page_costs_few_queries(client, post, programme, django_assert_max_num_queries):
    add_all(client, post)
    client.get("/plans/")
    with django_assert_max_num_queries(5):  # session, exercises, contact profile (+ menu when cold)
        client.get("/plans/")


def test_the_plan_page_query_count_does_not_grow_with_exercises(client, django_assert_max_num_queries):
    exercises = [ExerciseFactory() for _ in range(25)]
    for exercise in exercises:
        client.post("/plans/add/", {"exercise": exercise.pk})
    client.get("/plans/")
    with django_assert_max_num_queries(5):
        client.get("/plans/")


def test_the_post_page_query_count_is_unchanged_by_the_plan_form(client, post, programme):
    from tests.comments.test_queries import PAGE_BUDGET, queries_for

    assert len(queries_for(client, post.get_absolute_url())) <= PAGE_BUDGET
