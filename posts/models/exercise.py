from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .anatomy import AnatomyTopic
from .library import LibraryEntry, LibraryQuerySet, split_lines


class Goal(models.Model):
    """Why one does an exercise: stretch, strengthen, mobilise, stabilise, warm up."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in the exercise filter: ?goal=<slug>.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Equipment(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in the exercise filter: ?equipment=<slug>.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self):
        return self.name


def dosage_text(*, sets=None, reps=None, hold_seconds=None, per_side=False):
    """'3 sets of 10, each side' or 'Hold 30 seconds, 2 times each side', as an exercise sheet says it."""
    if reps:
        text = f"{sets} {'set' if sets == 1 else 'sets'} of {reps}" if sets else f"{reps} repetitions"
        if hold_seconds:
            text += f", holding {hold_seconds} seconds"
        side = ", each side"
    elif hold_seconds:
        text = f"hold {hold_seconds} seconds"
        if sets and sets > 1:
            text += f", {sets} times"
            side = " each side"
        else:
            side = ", each side"
    elif sets:
        text, side = f"{sets} {'round' if sets == 1 else 'rounds'}", ", each side"
    else:
        return ""
    if per_side:
        text += side
    return text[:1].upper() + text[1:]


class ExerciseQuerySet(LibraryQuerySet):
    def for_topic(self, topic):
        """Exercises that target ``topic`` or any of its parts (iliopsoas → psoas major, iliacus)."""
        topic_ids = AnatomyTopic.objects.with_part_ids(topic)
        return self.filter(pk__in=ExerciseTarget.objects.filter(topic_id__in=topic_ids).values("exercise_id"))

    def for_goal(self, goal):
        return self.filter(pk__in=Exercise.goals.through.objects.filter(goal=goal).values("exercise_id"))

    def for_equipment(self, equipment):
        """``None`` means exercises that need no equipment at all."""
        through = Exercise.equipment.through.objects
        if equipment is None:
            return self.exclude(pk__in=through.values("exercise_id"))
        return self.filter(pk__in=through.filter(equipment=equipment).values("exercise_id"))

    def for_cards(self):
        """What an exercise card shows, fetched up front: goals and equipment."""
        return self.prefetch_related("goals", "equipment")


class Exercise(LibraryEntry):
    """An exercise with honest steps and cautions, at /exercises/<slug>/."""

    class Discipline(models.TextChoices):
        YOGA = "yoga", "Yoga"
        MOBILITY = "mobility", "Mobility"
        STRENGTH = "strength", "Strength"
        SOFT_TISSUE = "soft_tissue", "Soft-tissue self-care"
        PILATES = "pilates", "Pilates"

    class Difficulty(models.IntegerChoices):
        GENTLE = 1, "Gentle"
        MODERATE = 2, "Moderate"
        DEMANDING = 3, "Demanding"

    goals = models.ManyToManyField(Goal, related_name="exercises")
    discipline = models.CharField(max_length=20, choices=Discipline.choices, default=Discipline.MOBILITY)
    source_credit = models.CharField(
        "source", max_length=200, blank=True, help_text="Where the exercise comes from, e.g. “Hatha yoga (Navasana)”."
    )
    equipment = models.ManyToManyField(Equipment, blank=True, related_name="exercises")
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty.choices, default=Difficulty.GENTLE)
    steps = models.TextField(help_text="One step per line; they are numbered on the page.")
    cues = models.TextField(blank=True, help_text="What to feel and to watch for, one per line.")
    cautions = models.TextField(blank=True, help_text="When to stop or not to do it, one per line.")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField("repetitions", null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField("hold (seconds)", null=True, blank=True)
    per_side = models.BooleanField("each side", default=False)
    targets = models.ManyToManyField(
        AnatomyTopic, through="ExerciseTarget", related_name="exercises", verbose_name="targeted anatomy"
    )
    image = models.ForeignKey(
        "posts.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="illustrated_exercises"
    )
    image_alt = models.CharField(
        "alt text", max_length=250, blank=True, help_text="Left empty, the library's alt text is used."
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta(LibraryEntry.Meta):
        pass

    def get_absolute_url(self):
        return reverse("posts:exercise_detail", kwargs={"slug": self.slug})

    @property
    def image_alt_text(self):
        return (self.image_alt.strip() or self.image.alt) if self.image_id else ""

    def clean(self):
        if self.image_id and not self.image_alt_text.strip():
            raise ValidationError({"image_alt": "Describe the image for readers who cannot see it."})
        if not self.step_list:
            raise ValidationError({"steps": "Write at least one step."})

    @property
    def step_list(self):
        return split_lines(self.steps)

    @property
    def cue_list(self):
        return split_lines(self.cues)

    @property
    def caution_list(self):
        return split_lines(self.cautions)

    @property
    def dosage(self):
        return dosage_text(sets=self.sets, reps=self.reps, hold_seconds=self.hold_seconds, per_side=self.per_side)


class ExerciseTarget(models.Model):
    """What an exercise does to a structure: stretches, strengthens or mobilises it."""

    class Role(models.TextChoices):
        STRETCHED = "stretched", "Stretched"
        STRENGTHENED = "strengthened", "Strengthened"
        MOBILISED = "mobilised", "Mobilised"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="target_links")
    topic = models.ForeignKey(AnatomyTopic, on_delete=models.CASCADE, related_name="exercise_links")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "topic__name"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "topic", "role"], name="exercise_target_unique_role")
        ]

    def __str__(self):
        return f"{self.exercise} — {self.get_role_display().lower()}: {self.topic}"


class PostExercise(models.Model):
    """An exercise in a post's programme: in order, with the post's own note and dosage."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="exercise_entries")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="post_entries")
    order = models.PositiveSmallIntegerField(default=0)
    dosage = models.CharField(max_length=120, blank=True, help_text="Leave empty to use the exercise's default dosage.")
    note = models.CharField(max_length=300, blank=True, help_text="Why this exercise, in this post.")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "exercise in this post"
        verbose_name_plural = "exercises in this post"
        constraints = [models.UniqueConstraint(fields=["post", "exercise"], name="post_exercise_once")]

    def __str__(self):
        return f"{self.order}. {self.exercise}"

    @property
    def dosage_shown(self):
        return self.dosage or self.exercise.dosage
