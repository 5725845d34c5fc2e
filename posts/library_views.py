"""The clinic library: anatomy topics, conditions and exercises."""

from collections import OrderedDict

from django import forms
from django.db.models import Prefetch
from django.http import QueryDict
from django.views.generic import DetailView, ListView

from .models import AnatomyTopic, Condition, Equipment, Exercise, ExerciseTarget, Goal, Post

NO_EQUIPMENT = "none"


def published_posts():
    """The posts a library page lists: published ones, newest first, nothing more fetched."""
    return Post.objects.published().order_by("-published_at").only("title", "slug", "published_at", "excerpt")


def topic_link_queryset():
    return AnatomyTopic.objects.order_by("name").only("name", "slug", "kind", "parent_id")


class AnatomyListView(ListView):
    """Every topic, grouped by body region."""

    template_name = "posts/library/anatomy_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return AnatomyTopic.objects.select_related("parent").order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = OrderedDict((value, (label, [])) for value, label in AnatomyTopic.Region.choices)
        groups[""] = ("Elsewhere in the body", [])
        for topic in context["topics"]:
            groups[topic.region][1].append(topic)
        context["regions"] = [(value, label, topics) for value, (label, topics) in groups.items() if topics]
        return context


class AnatomyDetailView(DetailView):
    template_name = "posts/library/anatomy_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return (
            AnatomyTopic.objects.with_writer()
            .select_related("parent", "illustration")
            .prefetch_related(
                Prefetch("parts", queryset=topic_link_queryset()),
                Prefetch("synergists", queryset=topic_link_queryset()),
                Prefetch("antagonists", queryset=topic_link_queryset()),
                Prefetch("conditions", queryset=Condition.objects.order_by("name").only("name", "slug", "summary")),
                Prefetch("posts", queryset=published_posts()),
                "references",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        topic_ids = AnatomyTopic.objects.with_part_ids(topic)
        links = (
            ExerciseTarget.objects.filter(topic_id__in=topic_ids)
            .select_related("exercise", "topic")
            .prefetch_related("exercise__goals")
            .order_by("exercise__name", "topic__name")
        )
        by_role = {role: OrderedDict() for role in ExerciseTarget.Role.values}
        for link in links:
            exercise, topics = by_role[link.role].setdefault(link.exercise_id, (link.exercise, []))
            if link.topic_id != topic.pk:
                topics.append(link.topic)  # reached through a part: say which one
        context["exercises_by_role"] = [
            (role, label, list(by_role[role].values())) for role, label in ExerciseTarget.Role.choices if by_role[role]
        ]
        return context


class ConditionListView(ListView):
    template_name = "posts/library/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.order_by("name").prefetch_related(Prefetch("topics", queryset=topic_link_queryset()))


class ConditionDetailView(DetailView):
    template_name = "posts/library/condition_detail.html"
    context_object_name = "condition"

    def get_queryset(self):
        return Condition.objects.with_writer().prefetch_related(
            Prefetch("topics", queryset=topic_link_queryset()),
            Prefetch("exercises", queryset=Exercise.objects.order_by("name").prefetch_related("goals")),
            Prefetch("posts", queryset=published_posts()),
            "references",
        )


class TopicChoiceField(forms.ChoiceField):
    """Offers the topics that have exercises, but accepts any topic in the library."""

    valid_slugs = frozenset()

    def valid_value(self, value):
        return value in self.valid_slugs


class ExerciseFilterForm(forms.Form):
    """The exercise list's filters; choices come from the library, so any other value is refused."""

    topic = TopicChoiceField(label="Body part", required=False)
    goal = forms.ChoiceField(label="Goal", required=False)
    equipment = forms.ChoiceField(label="Equipment", required=False)

    def __init__(self, *args, goals, topics, equipment, targeted_topic_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {goal.slug: goal for goal in goals}
        self.topics = {topic.slug: topic for topic in topics}
        self.equipment = {item.slug: item for item in equipment}
        self.fields["goal"].choices = [("", "Any")] + [(g.slug, g.name) for g in goals]
        self.fields["equipment"].choices = [("", "Any"), (NO_EQUIPMENT, "None needed")] + [
            (e.slug, e.name) for e in equipment
        ]
        self.has_parts = has_parts = {topic.parent_id for topic in topics}
        regions = OrderedDict((value, (label, [])) for value, label in AnatomyTopic.Region.choices)
        regions[""] = ("Elsewhere", [])
        selected = self.data.get("topic") if self.is_bound else None
        for topic in topics:
            if topic.pk in targeted_topic_ids or topic.slug == selected:
                label = f"{topic.name} (and its parts)" if topic.pk in has_parts else topic.name
                regions[topic.region][1].append((topic.slug, label))
        self.fields["topic"].choices = [("", "Any")] + [
            (label, options) for label, options in regions.values() if options
        ]
        self.fields["topic"].valid_slugs = frozenset(self.topics)

    def problems(self):
        """Plain-words explanations of the values we did not recognise."""
        names = {"topic": "body part", "goal": "goal", "equipment": "kind of equipment"}
        return [f"We have no {names[field]} called “{self.data.get(field, '')[:60]}”." for field in self.errors]


class ExerciseListView(ListView):
    template_name = "posts/library/exercise_list.html"
    context_object_name = "exercises"
    paginate_by = 24

    def get(self, request, *args, **kwargs):
        topics = list(AnatomyTopic.objects.order_by("name").only("name", "slug", "kind", "region", "parent_id"))
        targeted = set(ExerciseTarget.objects.order_by().values_list("topic_id", flat=True).distinct())
        by_pk = {topic.pk: topic for topic in topics}
        # A topic is offered when it, or one of its parts, is targeted by an exercise.
        offered = set()
        for topic_id in targeted:
            seen = set()
            while topic_id is not None and topic_id not in seen:
                seen.add(topic_id)
                offered.add(topic_id)
                topic_id = by_pk[topic_id].parent_id if topic_id in by_pk else None
        self.form = ExerciseFilterForm(
            request.GET,
            goals=list(Goal.objects.all()),
            topics=topics,
            equipment=list(Equipment.objects.all()),
            targeted_topic_ids=offered,
        )
        self.form_valid = self.form.is_valid()
        response = super().get(request, *args, **kwargs)
        if not self.form_valid:
            response.status_code = 404  # an address for something that does not exist
        return response

    def get_queryset(self):
        exercises = Exercise.objects.order_by("name")
        if not self.form_valid:
            return exercises.none()
        data = self.form.cleaned_data
        if data["goal"]:
            exercises = exercises.for_goal(self.form.goals[data["goal"]])
        if data["topic"]:
            exercises = exercises.for_topic(self.form.topics[data["topic"]])
        if data["equipment"]:
            exercises = exercises.for_equipment(self.form.equipment.get(data["equipment"]))
        return exercises.for_cards().prefetch_related(
            Prefetch("target_links", queryset=ExerciseTarget.objects.select_related("topic"))
        )

    def active_filters(self):
        if not self.form_valid:
            return []
        data, active = self.form.cleaned_data, []
        if data["goal"]:
            active.append(("goal", "Goal", self.form.goals[data["goal"]].name))
        if data["topic"]:
            topic = self.form.topics[data["topic"]]
            active.append(
                ("topic", "Body part", f"{topic.name} and its parts" if topic.pk in self.form.has_parts else topic.name)
            )
        if data["equipment"]:
            item = self.form.equipment.get(data["equipment"])
            active.append(("equipment", "Equipment", item.name if item else "none needed"))
        filters = []
        for key, label, value in active:
            # Keep the other filters, drop this one, empty ones and the page number.
            query = QueryDict(mutable=True)
            for other, *_ in active:
                if other != key:
                    query[other] = data[other]
            filters.append({"label": label, "value": value, "remove_query": query.urlencode()})
        return filters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form,
            problems=[] if self.form_valid else self.form.problems(),
            active_filters=self.active_filters(),
            extra_query=query.urlencode(),
            is_filtered=any(self.request.GET.get(key) for key in ("goal", "topic", "equipment")),
        )
        return context


class ExerciseDetailView(DetailView):
    template_name = "posts/library/exercise_detail.html"
    context_object_name = "exercise"

    def get_queryset(self):
        return (
            Exercise.objects.with_writer()
            .select_related("image")
            .prefetch_related(
                "goals",
                "equipment",
                Prefetch("target_links", queryset=ExerciseTarget.objects.select_related("topic")),
                Prefetch("conditions", queryset=Condition.objects.order_by("name").only("name", "slug")),
                Prefetch("posts", queryset=published_posts()),
                "references",
            )
        )
