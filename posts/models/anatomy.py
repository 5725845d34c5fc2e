from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse

from .library import LibraryEntry, LibraryQuerySet, split_aliases, split_lines

# What, when changed, changes how a post's mentions of the topic are linked.
MENTION_FIELDS = ("name", "slug", "aliases", "pronunciation", "pronunciation_note", "link_mentions")


class AnatomyTopicQuerySet(LibraryQuerySet):
    def with_part_ids(self, topic):
        """The ids of ``topic`` and everything below it (parts, parts of parts), in one query."""
        children = {}
        for pk, parent_id in self.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, todo = {topic.pk}, [topic.pk]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found


class AnatomyTopic(LibraryEntry):
    """A muscle, bone, joint or other structure, with its own page at /anatomy/<slug>/."""

    class Kind(models.TextChoices):
        MUSCLE_GROUP = "muscle_group", "Muscle group"
        MUSCLE = "muscle", "Muscle"
        BONE = "bone", "Bone"
        LANDMARK = "landmark", "Bony landmark"
        JOINT = "joint", "Joint"
        TENDON = "tendon", "Tendon"
        BURSA = "bursa", "Bursa"
        NERVE = "nerve", "Nerve"
        REGION = "region", "Region"

    class Region(models.TextChoices):
        HEAD_NECK = "head-neck", "Head and neck"
        SHOULDER_ARM = "shoulder-arm", "Shoulder and arm"
        SPINE_TRUNK = "spine-trunk", "Spine and trunk"
        HIP_PELVIS = "hip-pelvis", "Hip and pelvis"
        THIGH_KNEE = "thigh-knee", "Thigh and knee"
        LEG_FOOT = "leg-foot", "Lower leg and foot"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MUSCLE)
    region = models.CharField(
        "body region", max_length=20, choices=Region.choices, blank=True, help_text="Groups the anatomy index."
    )
    pronunciation = models.CharField(max_length=120, blank=True, help_text="e.g. ILL-ee-oh-SO-as")
    pronunciation_note = models.CharField(
        "pronunciation note", max_length=200, blank=True, help_text="In plain words, e.g. “the p in psoas is silent”."
    )
    link_mentions = models.BooleanField(
        "link mentions in posts",
        default=True,
        help_text="Link the first mention of this topic's name or aliases in every post to this page.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text="The larger structure this is part of (psoas major → iliopsoas).",
    )
    origin = models.TextField(blank=True, help_text="Where it starts (plain text).")
    insertion = models.TextField(blank=True, help_text="Where it attaches at the moving end (plain text).")
    actions = models.TextField(blank=True, help_text="What it does, one action per line.")
    innervation = models.CharField(max_length=200, blank=True, help_text="The nerve that supplies it.")
    synergists = models.ManyToManyField("self", blank=True, help_text="Structures that work with it.")
    antagonists = models.ManyToManyField("self", blank=True, help_text="Muscles that do the opposite.")
    illustration = models.ForeignKey(
        "posts.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="illustrated_topics"
    )
    illustration_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the illustration shows, for readers who cannot see it. "
        "Left empty, the library's alt text is used.",
    )
    illustration_caption = models.CharField(
        "caption", max_length=300, blank=True, help_text="Left empty, the library's caption is used."
    )

    objects = AnatomyTopicQuerySet.as_manager()

    class Meta(LibraryEntry.Meta):
        verbose_name = "anatomy topic"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if all(field in instance.__dict__ for field in MENTION_FIELDS):  # never query for deferred fields
            instance._mention_state = instance.mention_state()
        return instance

    def mention_state(self):
        return tuple(getattr(self, field, None) for field in MENTION_FIELDS)

    def get_absolute_url(self):
        return reverse("posts:anatomy_detail", kwargs={"slug": self.slug})

    @property
    def action_list(self):
        return split_lines(self.actions)

    @property
    def is_muscle(self):
        return self.kind in (self.Kind.MUSCLE, self.Kind.MUSCLE_GROUP)

    @property
    def mention_terms(self):
        """The words in a post that mean this topic: its name and its aliases."""
        return [self.name, *self.alias_list]

    @property
    def illustration_alt_text(self):
        return (self.illustration_alt.strip() or self.illustration.alt) if self.illustration_id else ""

    @property
    def illustration_caption_text(self):
        return (self.illustration_caption.strip() or self.illustration.caption) if self.illustration_id else ""

    def clean(self):
        if self.illustration_id and not self.illustration_alt_text.strip():
            raise ValidationError({"illustration_alt": "Describe the illustration for readers who cannot see it."})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A topic cannot be part of itself or of one of its own parts."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        from posts.services import topic_mentions_refresh

        previous = getattr(self, "_mention_state", None)
        if previous is None and not self._state.adding:
            previous = type(self).objects.filter(pk=self.pk).values_list(*MENTION_FIELDS).first()
        old_terms = [] if previous is None else [previous[0], *split_aliases(previous[2])]
        old_url = None if previous is None else reverse("posts:anatomy_detail", kwargs={"slug": previous[1]})
        super().save(*args, **kwargs)
        if previous != self.mention_state():
            topic_mentions_refresh(terms=[*old_terms, *self.mention_terms], old_url=old_url)
        self._mention_state = self.mention_state()


@receiver(post_delete, sender=AnatomyTopic, dispatch_uid="posts.unlink_deleted_topic")
def unlink_deleted_topic(sender, instance, **kwargs):
    """A deleted topic must not leave links to a missing page in rendered posts."""
    from posts.services import topic_mentions_refresh

    topic_mentions_refresh(terms=instance.mention_terms, old_url=instance.get_absolute_url())
