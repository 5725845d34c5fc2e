"""What search knows about each kind of page: its title, other names, keywords, summary and text.

Builders read fields only (no model methods), so the migration that fills the index for
existing content can use them with historical models too.
"""

from dataclasses import dataclass, field

from posts.models.library import split_aliases, split_lines

from .text import fold, plain_text

TOPIC, CONDITION, EXERCISE, POST = "topic", "condition", "exercise", "post"


@dataclass
class Document:
    kind: str
    object_id: int
    slug: str
    title: str
    eyebrow: str = ""
    names: list = field(default_factory=list)
    pronunciation: str = ""
    keywords: list = field(default_factory=list)
    summary: str = ""
    body: str = ""
    published_at: object = None

    def entry_fields(self):
        return {
            "slug": self.slug,
            "title": self.title[:200],
            "eyebrow": self.eyebrow[:200],
            "names": "\n".join(self.names),
            "pronunciation": self.pronunciation[:120],
            "keywords": "\n".join([*self.keywords, self.spoken] if self.spoken else self.keywords),
            "summary": self.summary,
            "body": self.body,
            "published_at": self.published_at,
        }

    @property
    def spoken(self):
        """The pronunciation as syllables: its hyphens part sounds, they do not join words ("SO as MAY jer")."""
        return " ".join(self.pronunciation.replace("-", " ").split())

    def terms(self):
        """The title, other names and the spoken form, folded, each once (at most 200 characters)."""
        names = [self.title, *self.names, self.spoken]
        return list(dict.fromkeys(term[:200] for term in (fold(name) for name in names) if term))


def _join(*parts):
    return " ".join(part for part in parts if part)


def _display(obj, name):
    """``get_<name>_display()`` where the field has choices (historical models have it too)."""
    method = getattr(obj, f"get_{name}_display", None)
    return method() if method else getattr(obj, name, "")


def topic_document(topic):
    kind = _display(topic, "kind")
    region = _display(topic, "region") if topic.region else ""
    return Document(
        kind=TOPIC,
        object_id=topic.pk,
        slug=topic.slug,
        title=topic.name,
        eyebrow=" · ".join(part for part in (kind, region) if part),
        names=split_aliases(topic.aliases),
        pronunciation=topic.pronunciation,
        keywords=[part for part in (kind, region, topic.pronunciation_note) if part],
        summary=topic.summary,
        body=_join(
            topic.origin,
            topic.insertion,
            " ".join(split_lines(topic.actions)),
            topic.innervation,
            plain_text(topic.body),
        ),
    )


def condition_document(condition):
    return Document(
        kind=CONDITION,
        object_id=condition.pk,
        slug=condition.slug,
        title=condition.name,
        eyebrow="Condition",
        names=split_aliases(condition.aliases),
        summary=condition.summary,
        body=_join(
            " ".join(split_lines(condition.symptoms)),
            condition.pain_pattern,
            " ".join(split_lines(condition.when_to_seek_help)),
            plain_text(condition.body),
        ),
    )


def exercise_document(exercise, *, goals=()):
    discipline = _display(exercise, "discipline")
    return Document(
        kind=EXERCISE,
        object_id=exercise.pk,
        slug=exercise.slug,
        title=exercise.name,
        eyebrow=" · ".join(part for part in (discipline, ", ".join(goals)) if part),
        names=split_aliases(exercise.aliases),
        keywords=[part for part in (discipline, exercise.source_credit, *goals) if part],
        summary=exercise.summary,
        body=_join(
            " ".join(split_lines(exercise.steps)),
            " ".join(split_lines(exercise.cues)),
            " ".join(split_lines(exercise.cautions)),
            plain_text(exercise.body),
        ),
    )


def post_document(post, *, tags=(), categories=()):
    return Document(
        kind=POST,
        object_id=post.pk,
        slug=post.slug,
        title=post.title,
        eyebrow=" · ".join(categories),
        keywords=[*tags, *categories],
        summary=post.excerpt or post.seo_description,
        body=plain_text(post.body_html or post.body),
        published_at=post.published_at,
    )
