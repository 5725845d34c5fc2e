"""schema.org JSON-LD for posts and library pages, as plain dicts.

Every page is a MedicalWebPage (who reviewed it and when, for patients) whose
``mainEntity`` is the post, muscle, condition or exercise plan. The builders read only
what the views already fetched, so they add no queries.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from .models import AnatomyTopic, Condition, Exercise, Post
from .seo import featured_image

TOPIC_TYPES = {
    AnatomyTopic.Kind.MUSCLE: "Muscle",
    AnatomyTopic.Kind.MUSCLE_GROUP: "Muscle",
    AnatomyTopic.Kind.BONE: "Bone",
    AnatomyTopic.Kind.JOINT: "Joint",
    AnatomyTopic.Kind.NERVE: "Nerve",
}
# schema.org's PhysicalActivityCategory for the goals that have one.
GOAL_CATEGORIES = {
    "stretch": "https://schema.org/Flexibility",
    "mobilise": "https://schema.org/Flexibility",
    "strengthen": "https://schema.org/StrengthTraining",
    "stabilise": "https://schema.org/Balance",
}


def absolute(url):
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def image_object(obj, caption=""):
    """The ImageObject for ``obj``'s picture (from ``posts.seo.featured_image``), or None."""
    image = featured_image(obj)
    if image is None:
        return None
    return _compact(
        {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
            "caption": caption or image.alt,
        }
    )


def breadcrumb_list(trail):
    """A BreadcrumbList from ``[(name, path), …]``, home first, the page itself last."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def breadcrumbs_for(obj):
    """The same trail the page shows (or would show) above its heading."""
    trail = [("Home", reverse("posts:list"))]
    if isinstance(obj, Post):
        categories = list(obj.categories.all())
        if categories:
            trail.append((categories[0].name, categories[0].get_absolute_url()))
    elif isinstance(obj, AnatomyTopic):
        trail.append(("Anatomy", reverse("posts:anatomy_list")))
        if obj.parent_id and obj.parent is not None:
            trail.append((obj.parent.name, obj.parent.get_absolute_url()))
    elif isinstance(obj, Condition):
        trail.append(("Conditions", reverse("posts:condition_list")))
    elif isinstance(obj, Exercise):
        trail.append(("Exercises", reverse("posts:exercise_list")))
    trail.append((str(obj), obj.get_absolute_url()))
    return breadcrumb_list(trail)


def _compact(data):
    """Leave out empty values: schema.org prefers a missing property to an empty one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def person(user):
    """The author's public profile when the view fetched it; never a query of its own."""
    if user is None:
        return None
    descriptor = type(user).author_profile
    profile = getattr(user, "author_profile", None) if descriptor.is_cached(user) else None
    if profile is not None:
        return _compact(
            {
                "@type": "Person",
                "name": profile.display_name,
                "url": absolute(profile.get_absolute_url()),
                "description": profile.credentials,
            }
        )
    return {"@type": "Person", "name": user.get_full_name() or user.get_username()}


def topic_ref(topic):
    return {
        "@type": TOPIC_TYPES.get(topic.kind, "AnatomicalStructure"),
        "name": topic.name,
        "url": absolute(topic.get_absolute_url()),
    }


def condition_ref(condition):
    return {"@type": "MedicalCondition", "name": condition.name, "url": absolute(condition.get_absolute_url())}


def citation(reference):
    links = [link for link in (reference.doi_url, reference.pubmed_url, reference.url) if link]
    return _compact(
        {"@type": "CreativeWork", "name": reference.citation, "url": links[0] if links else "", "sameAs": links[1:]}
    )


def medical_web_page(obj, entity, *, name, description, cite=True):
    """Wrap ``entity`` in the MedicalWebPage that presents it."""
    url = absolute(obj.get_absolute_url())
    page = _compact(
        {
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": name,
            "description": description,
            "inLanguage": "en-GB",
            "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute("/")},
            "medicalAudience": {"@type": "Patient"},
            "mainEntity": {"@id": entity["@id"]},
            "lastReviewed": obj.last_reviewed.isoformat() if obj.last_reviewed else None,
            "reviewedBy": person(obj.reviewed_by),
            "author": person(obj.author),
            "dateModified": obj.updated_at.isoformat() if obj.updated_at else None,
            "citation": [citation(ref) for ref in obj.references.all()] if cite else None,
            "breadcrumb": breadcrumbs_for(obj),
        }
    )
    return {"@context": "https://schema.org", "@graph": [page, _compact(entity)]}


def topic_data(topic):
    url = absolute(topic.get_absolute_url())
    schema_type = TOPIC_TYPES.get(topic.kind, "AnatomicalStructure")
    # schema.org retired Muscle.origin; the origin is told in words instead.
    description = " ".join(part for part in (topic.summary, f"Origin: {topic.origin}" if topic.origin else "") if part)
    entity = {
        "@type": schema_type,
        "@id": f"{url}#topic",
        "name": topic.name,
        "alternateName": topic.alias_list,
        "url": url,
        "description": description,
        "bodyLocation": topic.get_region_display(),
        "image": image_object(topic, topic.illustration_caption),
        "subStructure": [topic_ref(part) for part in topic.parts.all()],
        "relatedCondition": [condition_ref(condition) for condition in topic.conditions.all()],
    }
    if schema_type == "Muscle":
        entity.update(
            muscleAction=topic.action_list,
            insertion={"@type": "AnatomicalStructure", "name": topic.insertion} if topic.insertion else None,
            nerve={"@type": "Nerve", "name": topic.innervation} if topic.innervation else None,
            antagonist=[topic_ref(other) for other in topic.antagonists.all()],
        )
    return medical_web_page(topic, entity, name=topic.name, description=topic.summary)


def condition_data(condition):
    url = absolute(condition.get_absolute_url())
    entity = {
        "@type": "MedicalCondition",
        "@id": f"{url}#condition",
        "name": condition.name,
        "alternateName": condition.alias_list,
        "url": url,
        "description": condition.summary,
        "associatedAnatomy": [topic_ref(topic) for topic in condition.topics.all()],
        "signOrSymptom": [{"@type": "MedicalSymptom", "name": symptom} for symptom in condition.symptom_list],
        "possibleTreatment": [
            {"@type": "PhysicalTherapy", "name": exercise.name, "url": absolute(exercise.get_absolute_url())}
            for exercise in condition.exercises.all()
        ],
    }
    return medical_web_page(condition, entity, name=condition.name, description=condition.summary)


def exercise_data(exercise):
    url = absolute(exercise.get_absolute_url())
    goals = list(exercise.goals.all())
    anatomy = {}
    for link in exercise.target_links.all():
        anatomy.setdefault(link.topic_id, topic_ref(link.topic))
    entity = {
        "@type": "ExercisePlan",
        "@id": f"{url}#exercise",
        "name": exercise.name,
        "alternateName": exercise.alias_list,
        "url": url,
        "description": exercise.summary,
        "exerciseType": [goal.name for goal in goals],
        "category": sorted({GOAL_CATEGORIES[goal.slug] for goal in goals if goal.slug in GOAL_CATEGORIES}),
        "repetitions": exercise.reps,
        "activityDuration": f"PT{exercise.hold_seconds}S" if exercise.hold_seconds else None,
        "intensity": exercise.get_difficulty_display(),
        "associatedAnatomy": list(anatomy.values()),
        "image": image_object(exercise),
    }
    return medical_web_page(exercise, entity, name=exercise.name, description=exercise.summary)


def post_data(post):
    """The post page: a MedicalWebPage whose main entity is the BlogPosting."""
    url = absolute(post.get_absolute_url())
    image = image_object(post, post.featured_caption)
    entity = {
        "@type": "BlogPosting",
        "@id": f"{url}#post",
        "headline": post.title[:110],
        "url": url,
        "mainEntityOfPage": {"@id": url},
        "description": post.description,
        "author": person(post.author),
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "logo": {"@type": "ImageObject", "url": absolute(static("img/logo.svg"))},
        },
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat() if post.updated_at else None,
        "image": image,
        "about": [topic_ref(topic) for topic in post.topics.all()]
        + [condition_ref(condition) for condition in post.conditions.all()],
        "citation": [citation(ref) for ref in post.references.all()],
        "keywords": [tag.name for tag in post.tags.all()],
        "articleSection": [category.name for category in post.categories.all()],
        "timeRequired": f"PT{post.reading_time}M",
        "inLanguage": "en-GB",
    }
    # The BlogPosting carries the citations; the page does not repeat them.
    return medical_web_page(post, entity, name=post.title, description=post.description, cite=False)


BUILDERS = {AnatomyTopic: topic_data, Condition: condition_data, Exercise: exercise_data, Post: post_data}


def structured_data_for(obj, **extra):
    """The page's JSON-LD; ``extra`` properties (e.g. commentCount) go on the main entity."""
    data = BUILDERS[type(obj)](obj)
    data["@graph"][1].update({key: value for key, value in extra.items() if value is not None})
    return data
