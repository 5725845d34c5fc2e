"""Home-exercise plans: exercises in order, each with its dosage.

A reader's plan lives in the session (or in a signed link) until they have an account, which
keeps it as a ``Plan`` of kind ``reader``. The clinician's plans for patients (kind ``patient``)
are reached through an unguessable link whose token is stored only as its SHA-256 digest.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from posts.models.exercise import Exercise

# Sensible bounds for a home programme; the forms, the signed links and the admin share them.
DOSAGE_BOUNDS = {
    "sets": (1, 10),
    "reps": (0, 50),
    "hold_seconds": (0, 300),
    "times_per_week": (1, 14),
}
MAX_EXERCISES = 30


def bounded(field):
    low, high = DOSAGE_BOUNDS[field]
    return [MinValueValidator(low), MaxValueValidator(high)]


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class PlanQuerySet(models.QuerySet):
    def for_patients(self):
        return self.filter(kind=Plan.Kind.PATIENT)

    def live(self):
        """Patient plans whose link still works."""
        return self.for_patients().filter(revoked_at__isnull=True)

    def by_token(self, token):
        """The live patient plan this link token opens, or none (a revoked plan is ``revoked()``)."""
        return self.for_patients().filter(token_digest=token_digest(token))

    def with_exercises(self):
        return self.prefetch_related(
            models.Prefetch("items", queryset=PlanExercise.objects.select_related("exercise").order_by("order", "pk"))
        )


class Plan(models.Model):
    class Kind(models.TextChoices):
        READER = "reader", "A reader's own plan"
        PATIENT = "patient", "For a patient, from the clinician"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PATIENT)
    title = models.CharField(
        max_length=120, default="Your home exercises", help_text="Shown at the top of the plan. No names, please."
    )
    note = models.TextField(
        blank=True,
        max_length=2000,
        help_text="A few words for the patient (how often, what to expect). Shown above the exercises.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exercise_plans",
        editable=False,
        help_text="The reader whose own plan this is.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="clinician",
    )
    token_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner"], condition=Q(kind="reader"), name="plan_one_per_reader"),
            models.CheckConstraint(condition=Q(kind="patient") | Q(owner__isnull=False), name="plan_reader_has_owner"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class PatientPlan(Plan):
    """The admin's view of plans: only those the clinician makes for patients."""

    class Meta:
        proxy = True
        verbose_name = "plan for a patient"
        verbose_name_plural = "plans for patients"


class PlanExercise(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(default=2, validators=bounded("sets"))
    reps = models.PositiveSmallIntegerField(
        "repetitions", default=0, validators=bounded("reps"), help_text="0 for a held exercise."
    )
    hold_seconds = models.PositiveSmallIntegerField("hold (seconds)", default=0, validators=bounded("hold_seconds"))
    times_per_week = models.PositiveSmallIntegerField(default=3, validators=bounded("times_per_week"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "exercise in the plan"
        verbose_name_plural = "exercises in the plan"
        constraints = [models.UniqueConstraint(fields=["plan", "exercise"], name="plan_exercise_once")]

    def __str__(self):
        return f"{self.order}. {self.exercise}"
