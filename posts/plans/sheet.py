"""What a plan sheet shows: each exercise with its dosage, image and words, and whom to contact."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from posts.models import AuthorProfile, Exercise
from posts.models.page import menu_pages

ABOUT_PAGE_SLUG = "about"


def exercise_image(exercise):
    """The picture shown for an exercise on a plan: ``(file, alt)`` or ``None``.

    The one place plans read an exercise's image (an entry of the media library: its ``url``
    is the largest rendition, at most 1600 px wide).
    """
    if not exercise.image_id:
        return None
    return exercise.image, exercise.image_alt_text


@dataclass
class SheetItem:
    entry: object  # entries.PlanEntry
    exercise: Exercise
    number: int

    @property
    def dosage(self):
        return self.entry.dosage_text(per_side=self.exercise.per_side)

    @property
    def image(self):
        return exercise_image(self.exercise)


def sheet_items(entries):
    """The exercises of ``entries`` in order, in one query; exercises that no longer exist are skipped."""
    ids = [entry.exercise_id for entry in entries]
    exercises = Exercise.objects.select_related("image").in_bulk(ids) if ids else {}
    items = []
    for entry in entries:
        exercise = exercises.get(entry.exercise_id)
        if exercise is not None:
            items.append(SheetItem(entry=entry, exercise=exercise, number=len(items) + 1))
    return items


def plan_contact(*, clinician=None):
    """Whom the plan tells readers to contact: the clinician's profile and booking link, and the About page."""
    profiles = AuthorProfile.objects.only("display_name", "credentials", "booking_url", "slug")
    profile = None
    if clinician is not None:
        profile = profiles.filter(user=clinician).first()
    if profile is None or not profile.booking_url:
        profile = profiles.exclude(booking_url="").order_by("pk").first() or profile
    try:
        about_url = reverse("pages:detail", kwargs={"slug": ABOUT_PAGE_SLUG})
    except NoReverseMatch:  # pragma: no cover - the pages URLconf is always installed
        about_url = None
    if about_url and not any(page["url"] == about_url for page in menu_pages()):
        about_url = None
    return {"profile": profile, "about_url": about_url}
