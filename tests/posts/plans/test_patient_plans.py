"""The clinician's plans for patients: built in the admin, an unguessable link shown once, revocable."""

import re

import pytest

from posts.plans.entries import PlanEntry
from posts.plans.models import Plan, token_digest
from posts.plans.services import patient_plan_create, patient_plan_link_issue, patient_plan_revoke
from tests.factories import AuthorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient_plan(clinician, library):
    return patient_plan_create(
        clinician=clinician,
        title="Your hip programme",
        note="Three times a week, for four weeks.",
        entries=[PlanEntry(library.bridge.pk, 3, 10, 0, 3), PlanEntry(library.warrior.pk, 2, 0, 30, 5)],
    )


def test_the_link_opens_the_plan_with_the_note_contact_and_disclaimer(client, clinician, patient_plan):
    AuthorProfileFactory(user=clinician, display_name="Maya Lindqvist", booking_url="https://booking.example.org/")
    plan, token = patient_plan
    response = client.get(f"/plans/for-you/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your hip programme" in page and "Three times a week, for four weeks." in page
    assert page.index("Bridge") < page.index("Warrior one")
    assert "3 sets of 10; 3 times a week" in page
    assert "Contact Maya Lindqvist" in page and "https://booking.example.org/" in page
    assert "Medical disclaimer" in page
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"


def test_the_token_is_unguessable_and_stored_only_hashed(patient_plan):
    plan, token = patient_plan
    assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    plan.refresh_from_db()
    assert plan.token_digest == token_digest(token) and token not in plan.token_digest


def test_the_link_carries_no_personal_data(patient_plan):
    plan, token = patient_plan
    assert plan.title.split()[1] not in token and plan.note[:5] not in token


@pytest.mark.parametrize("token", ["nope", "a" * 43, "x" * 500, "%00", "..", "<script>"])
def test_an_unknown_link_is_not_found_with_a_clear_page(client, patient_plan, token):
    response = client.get(f"/plans/for-you/{token}/")
    assert response.status_code == 404
    assert "We do not know this plan" in response.content.decode()


def test_a_withdrawn_plan_says_so_with_410(client, patient_plan):
    plan, token = patient_plan
    patient_plan_revoke(plan=plan)
    for path in (f"/plans/for-you/{token}/", f"/plans/for-you/{token}/pdf/"):
        response = client.get(path)
        assert response.status_code == 410
        assert "This plan has been withdrawn" in response.content.decode()


def test_a_new_link_replaces_the_old_one(client, patient_plan):
    plan, old = patient_plan
    new = patient_plan_link_issue(plan=plan)
    assert client.get(f"/plans/for-you/{old}/").status_code == 404
    assert client.get(f"/plans/for-you/{new}/").status_code == 200


def test_a_readers_own_plan_is_never_reachable_by_a_patient_link(client, user, library):
    from posts.plans.services import reader_plan_save

    reader_plan_save(owner=user, entries=[PlanEntry(library.bridge.pk)])
    assert Plan.objects.get(owner=user).token_digest is None


def test_the_clinician_builds_a_plan_in_the_admin_and_sees_the_link_once(client_as, clinician, library):
    admin = client_as(clinician)
    data = {
        "title": "After your knee assessment",
        "note": "Start gently.",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-order": "2",
        "items-0-exercise": library.bridge.pk,
        "items-0-sets": "3",
        "items-0-reps": "10",
        "items-0-hold_seconds": "0",
        "items-0-times_per_week": "3",
        "items-1-order": "1",
        "items-1-exercise": library.warrior.pk,
        "items-1-sets": "2",
        "items-1-reps": "0",
        "items-1-hold_seconds": "30",
        "items-1-times_per_week": "5",
    }
    response = admin.post("/admin/plans/patientplan/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "It is shown only this once" in page
    link = re.search(r'value="(http://testserver/plans/for-you/[^"]+)"', page).group(1)
    plan = Plan.objects.get(title="After your knee assessment")
    assert plan.kind == "patient" and plan.created_by == clinician
    patient_page = client_as(clinician).get(link.removeprefix("http://testserver")).content.decode()
    assert patient_page.index("Warrior one") < patient_page.index("Bridge")  # the order column wins
    change = admin.get(f"/admin/plans/patientplan/{plan.pk}/change/").content.decode()
    assert link not in change  # never shown again
    assert admin.post(f"/admin/plans/patientplan/{plan.pk}/withdraw/").status_code == 302
    plan.refresh_from_db()
    assert plan.is_revoked
    new_link_page = admin.post(f"/admin/plans/patientplan/{plan.pk}/new-link/").content.decode()
    assert "the earlier one no longer works" in new_link_page
    plan.refresh_from_db()
    assert not plan.is_revoked


def test_the_admin_refuses_dosage_out_of_bounds(client_as, clinician, library):
    data = {
        "title": "Too much",
        "note": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-order": "1",
        "items-0-exercise": library.bridge.pk,
        "items-0-sets": "40",
        "items-0-reps": "500",
        "items-0-hold_seconds": "0",
        "items-0-times_per_week": "30",
    }
    response = client_as(clinician).post("/admin/plans/patientplan/add/", data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 10" in response.content.decode()
    assert not Plan.objects.exists()


def test_withdraw_and_new_link_need_post_and_permission(client_as, patient_plan, user):
    plan, _ = patient_plan
    from tests.factories import UserFactory

    staff_without_rights = UserFactory(is_staff=True)
    assert client_as(staff_without_rights).post(f"/admin/plans/patientplan/{plan.pk}/withdraw/").status_code == 403
    plan.refresh_from_db()
    assert not plan.is_revoked


def test_readers_plans_are_not_in_the_admin(client_as, clinician, user, library):
    from posts.plans.services import reader_plan_save

    reader_plan_save(owner=user, entries=[PlanEntry(library.bridge.pk)])
    page = client_as(clinician).get("/admin/plans/patientplan/").content.decode()
    assert "0 plans for patients" in page or "0 plan for a patient" in page or "No plans" in page or "0 " in page
    assert "Your home exercises" not in page
