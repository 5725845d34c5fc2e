"""The search page and the suggestions the header's search box shows as a reader types."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import services
from .backends import KIND_ORDER, search_backend
from .models import SearchEntry
from .snippets import highlight, marks_for, match_pattern, near_pattern, near_words, snippet
from .text import MAX_QUERY_LENGTH, fold, parse_query

KIND_LABELS = dict(SearchEntry.Kind.choices)
SUGGESTION_MIN_LENGTH = 2
MAX_PAGE = 500  # beyond any real search; keeps the offset a sane number


@dataclass
class Result:
    """One result as the page shows it: every piece of text escaped, the matches marked."""

    url: str
    kind: str
    eyebrow: str
    title: object
    also: object
    pronunciation: str
    snippet: object
    published_at: object


def present(hit, query):
    entry = hit.entry
    terms = [hit.term] if hit.term and hit.similarity > 0 else []
    pattern = match_pattern(query.words, terms)
    pieces = near_words(query.fuzzy)
    names = entry.name_list
    also = ", ".join(names)
    # Each text is marked with the reader's words where they are in it, else with its best near match
    # ("soas" inside "Iliopsoas", "Iliopsoas" for "illiopsoas").
    title_marks, also_marks = marks_for(entry.title, pattern, pieces), marks_for(also, pattern, pieces)
    summary_marks = marks_for(entry.summary, pattern, pieces)
    named = title_marks is not None or also_marks is not None
    if entry.summary and (named or pattern is None or summary_marks is pattern):
        text, text_marks = entry.summary, summary_marks  # found by what it is called, or its summary says it
    elif pattern is not None and entry.body and pattern.search(entry.body):
        text, text_marks = entry.body, pattern
    elif summary_marks is not None:
        text, text_marks = entry.summary, summary_marks
    elif (body_marks := near_pattern(entry.body, pieces)) is not None:
        text, text_marks = entry.body, body_marks
    else:
        text, text_marks = entry.summary or entry.body, None
    return Result(
        url=entry.get_absolute_url(),
        kind=entry.kind,
        eyebrow=entry.eyebrow,
        title=highlight(entry.title, title_marks),
        also=highlight(also, also_marks) if names else "",
        pronunciation=entry.pronunciation,
        snippet=snippet(text, text_marks),
        published_at=entry.published_at,
    )


def group_by_kind(results):
    """Results on this page, grouped by kind; the group holding the best match comes first."""
    groups = {}
    for result in results:
        groups.setdefault(result.kind, []).append(result)
    return [{"kind": kind, "label": KIND_LABELS[kind], "results": items} for kind, items in groups.items()]


def page_number(request):
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise Http404("No such page.") from None
    if not 1 <= number <= MAX_PAGE:
        raise Http404("No such page.")
    return number


@require_GET
def search(request):
    """/search/?q=…[&kind=topic|condition|exercise|post][&page=N]: never a 500, whatever q holds."""
    query = parse_query(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    kind = kind if kind in KIND_LABELS else ""
    context = {"query": query, "kind": kind, "kinds": [], "groups": [], "total": 0, "max_length": MAX_QUERY_LENGTH}
    status = 400 if query.problem == "too_long" else 200
    if query.searchable:
        number = page_number(request)
        per_page = settings.SEARCH_RESULTS_PER_PAGE
        backend = search_backend()
        found = backend.find(query, kind=kind or None, offset=(number - 1) * per_page, limit=per_page)
        shown = found.counts.get(kind, 0) if kind else found.total
        num_pages = max(1, math.ceil(shown / per_page))
        if number > num_pages:
            raise Http404("No such page.")
        if number == 1 and not kind:
            services.search_count_record(query=query, results=found.total)
        suggestion = ""
        if not found.total:
            suggestion = backend.did_you_mean(query) or ""
        elif number == 1 and found.hits and found.hits[0].by_name_only:
            suggestion = found.hits[0].term  # found by a name that looks like the query: say which
        if suggestion and fold(suggestion) == fold(query.text):
            suggestion = ""
        context.update(
            total=found.total,
            shown=shown,
            groups=group_by_kind([present(hit, query) for hit in found.hits]),
            kinds=[
                {"kind": value, "label": KIND_LABELS[value], "count": found.counts[value]}
                for value in KIND_ORDER
                if found.counts.get(value)
            ],
            kind_label=KIND_LABELS.get(kind, ""),
            suggestion=suggestion,
            page={
                "number": number,
                "num_pages": num_pages,
                "previous": number - 1 if number > 1 else None,
                "next": number + 1 if number < num_pages else None,
            },
        )
    return render(request, "posts/search/results.html", context, status=status)


@require_GET
@cache_control(public=True, max_age=60)
def suggest(request):
    """JSON for the header's search box: up to eight names that start like, or look like, what was typed."""
    query = parse_query(request.GET.get("q", ""))
    if query.problem == "too_long":
        return JsonResponse({"error": f"Use at most {MAX_QUERY_LENGTH} characters."}, status=400)
    if not query.searchable or len(query.fuzzy) < SUGGESTION_MIN_LENGTH:
        return JsonResponse({"query": query.text, "suggestions": []})
    suggestions = []
    for hit in search_backend().suggest(query):
        entry = hit.entry
        matched = hit.term if hit.term and hit.term != fold(entry.title) else ""
        suggestions.append(
            {
                "label": entry.title,
                "kind": KIND_LABELS[entry.kind],
                "url": entry.get_absolute_url(),
                "hint": matched,
            }
        )
    return JsonResponse({"query": query.text, "suggestions": suggestions})
