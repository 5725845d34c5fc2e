"""Writes for plans: a reader's saved plan, and the clinician's plan links."""

import secrets

from django.db import transaction
from django.utils import timezone

from posts.models import Exercise

from .models import MAX_EXERCISES, Plan, PlanExercise, token_digest


@transaction.atomic
def reader_plan_save(*, owner, entries):
    """Store ``entries`` as the reader's own plan (one per account), replacing what was there."""
    plan, _ = Plan.objects.select_for_update().get_or_create(kind=Plan.Kind.READER, owner=owner)
    plan.full_clean()
    plan.save()
    _replace_items(plan, entries)
    return plan


def _replace_items(plan, entries):
    existing = set(Exercise.objects.filter(pk__in=[e.exercise_id for e in entries]).values_list("pk", flat=True))
    rows = []
    for order, entry in enumerate((e for e in entries if e.exercise_id in existing), start=1):
        row = PlanExercise(
            plan=plan,
            exercise_id=entry.exercise_id,
            order=order,
            sets=entry.sets,
            reps=entry.reps,
            hold_seconds=entry.hold_seconds,
            times_per_week=entry.times_per_week,
        )
        row.full_clean(exclude=["plan", "exercise"], validate_unique=False)
        rows.append(row)
    plan.items.all().delete()
    PlanExercise.objects.bulk_create(rows[:MAX_EXERCISES])


@transaction.atomic
def patient_plan_create(*, clinician, title, note="", entries=()):
    """A plan for a patient, and the one link that opens it (returned once, stored only hashed)."""
    plan = Plan(kind=Plan.Kind.PATIENT, title=title, note=note, created_by=clinician)
    plan.full_clean()
    plan.save()
    _replace_items(plan, entries)
    return plan, patient_plan_link_issue(plan=plan)


@transaction.atomic
def patient_plan_link_issue(*, plan):
    """A new unguessable link for ``plan``; any earlier link stops working."""
    token = secrets.token_urlsafe(24)
    plan = Plan.objects.select_for_update().get(pk=plan.pk, kind=Plan.Kind.PATIENT)
    plan.token_digest, plan.revoked_at = token_digest(token), None
    plan.full_clean()
    plan.save(update_fields=["token_digest", "revoked_at", "updated_at"])
    return token


@transaction.atomic
def patient_plan_revoke(*, plan):
    """The link stops working: the patient sees a page saying the plan was withdrawn."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk, kind=Plan.Kind.PATIENT)
    if plan.revoked_at is None:
        plan.revoked_at = timezone.now()
        plan.save(update_fields=["revoked_at", "updated_at"])
    return plan
