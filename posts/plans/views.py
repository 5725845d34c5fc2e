"""A reader's plan (no account needed), shared plan links, and the clinician's patient plans.

Every change is a POST form that works without JavaScript; every bad link gets a page that
says what went wrong in plain words (a changed link 400, an unknown one 404, a withdrawn one 410).
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from posts.models import Exercise, Post

from . import entries as plan
from .forms import AddToPlanForm, ChangePlanForm
from .links import BadPlanLink, entries_from_share_token, share_token
from .models import Plan
from .pdf import plan_pdf
from .sheet import plan_contact, sheet_items
from .store import plan_entries, reader_plan_entries, reader_plan_store

PROBLEMS = {
    "tampered": (
        400,
        "This plan link does not work",
        "The link was changed or cut short on its way to you, so we cannot trust what it says. "
        "Ask whoever sent it for the whole link, or build your own plan from the exercise library.",
    ),
    "unknown": (
        404,
        "We do not know this plan",
        "The link is incomplete or was never issued. If your clinician sent it, copy the whole "
        "address from their message, or ask them for a new link.",
    ),
    "revoked": (
        410,
        "This plan has been withdrawn",
        "Your clinician has withdrawn this plan, usually because a newer one replaces it. "
        "Ask them for the current link before you carry on with these exercises.",
    ),
    "bad_request": (
        400,
        "That did not work",
        "The form was incomplete or changed. Go back to your plan and try again.",
    ),
}


def problem(request, reason):
    status, title, text = PROBLEMS[reason]
    response = render(request, "posts/plans/problem.html", {"title": title, "text": text}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def private(response):
    """Plans are personal: never cached by a proxy, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def sheet_context(*, title, note="", items, clinician=None, **extra):
    return {
        "plan_title": title,
        "plan_note": note,
        "items": items,
        "contact": plan_contact(clinician=clinician),
        **extra,
    }


def pdf_response(request, context, filename="exercise-plan.pdf"):
    response = HttpResponse(plan_pdf(context=context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("plans:mine")


# --- A reader's own plan -------------------------------------------------------------------


def _reader_context(request, items, *, failed=None):
    """The editable plan page: one change form per exercise (``failed`` keeps a form with its errors)."""
    for item in items:
        if failed is not None and failed.cleaned_data.get("exercise") == item.exercise.pk:
            form = failed
        else:
            entry = item.entry
            form = ChangePlanForm(
                initial={
                    "exercise": item.exercise.pk,
                    "sets": entry.sets,
                    "reps": entry.reps,
                    "hold_seconds": entry.hold_seconds,
                    "times_per_week": entry.times_per_week,
                },
                auto_id=f"plan-{item.exercise.pk}-%s",
            )
        item.form = form
    entries = [item.entry for item in items]
    share_url = settings.SITE_URL + reverse("plans:shared", args=[share_token(entries)]) if entries else ""
    return sheet_context(
        title="My home-exercise plan",
        items=items,
        editable=True,
        share_url=share_url,
        pdf_url=reverse("plans:mine_pdf"),
    )


@never_cache
@require_GET
def reader_plan(request):
    items = sheet_items(reader_plan_entries(request))
    return private(render(request, "posts/plans/plan_detail.html", _reader_context(request, items)))


@require_GET
def reader_plan_pdf(request):
    items = sheet_items(reader_plan_entries(request))
    if not items:
        messages.info(request, "Your plan is empty: add some exercises first.")
        return redirect("plans:mine")
    return pdf_response(request, sheet_context(title="My home-exercise plan", items=items))


@csrf_protect
@require_POST
def plan_add(request):
    form = AddToPlanForm(request.POST)
    if not form.is_valid():
        return problem(request, "bad_request")
    data = form.cleaned_data
    if data["post"]:
        post = get_object_or_404(Post.objects.published(), pk=data["post"])
        exercises = [entry.exercise for entry in post.exercise_entries.select_related("exercise")]
    else:
        exercises = [get_object_or_404(Exercise, pk=data["exercise"])]
    try:
        entries, added = plan.add(reader_plan_entries(request), [plan.entry_for(e) for e in exercises])
    except plan.PlanFull as exc:
        messages.error(request, f"{exc} Remove some before adding more.")
        return redirect(safe_next(request, data["next"]))
    reader_plan_store(request, entries)
    if added == 0:
        messages.info(request, "Already in your plan.")
    elif len(exercises) == 1:
        messages.success(request, f"Added “{exercises[0].name}” to your plan ({len(entries)} exercises).")
    else:
        messages.success(request, f"Added {added} exercises to your plan ({len(entries)} in all).")
    return redirect(safe_next(request, data["next"]))


@csrf_protect
@require_POST
def plan_change(request):
    entries = reader_plan_entries(request)
    exercise_id = request.POST.get("exercise", "")
    auto_id = f"plan-{exercise_id}-%s" if exercise_id.isdigit() else "plan-%s"
    form = ChangePlanForm(request.POST, auto_id=auto_id)
    if not form.is_valid():
        known = form.cleaned_data.get("exercise") in {entry.exercise_id for entry in entries}
        if form.cleaned_data.get("action") != "dosage" or not known:
            return problem(request, "bad_request")
        context = _reader_context(request, sheet_items(entries), failed=form)
        context["error"] = "Some of the dosage is outside what a home plan allows; nothing was changed."
        return private(render(request, "posts/plans/plan_detail.html", context, status=400))
    exercise_id, action = form.cleaned_data["exercise"], form.cleaned_data["action"]
    if exercise_id not in {entry.exercise_id for entry in entries}:
        return problem(request, "bad_request")
    if action == "remove":
        entries = plan.remove(entries, exercise_id)
        messages.success(request, "Removed from your plan.")
    elif action in ("up", "down"):
        entries = plan.move(entries, exercise_id, -1 if action == "up" else 1)
    else:
        entries = plan.set_dosage(entries, exercise_id, **form.dosage())
        messages.success(request, "Dosage saved.")
    reader_plan_store(request, entries)
    anchor = f"#exercise-{exercise_id}" if action != "remove" else ""
    return redirect(reverse("plans:mine") + anchor)


@csrf_protect
@require_POST
def plan_clear(request):
    reader_plan_store(request, [])
    messages.success(request, "Your plan is empty again.")
    return redirect("plans:mine")


# --- A plan shared as a signed link ------------------------------------------------------------


def _shared(request, token):
    try:
        return sheet_items(entries_from_share_token(token))
    except BadPlanLink:
        return None


@require_GET
def shared_plan(request, token):
    items = _shared(request, token)
    if not items:
        return problem(request, "tampered")
    context = sheet_context(title="A home-exercise plan", items=items, token=token, shared=True)
    return private(render(request, "posts/plans/shared.html", context))


@require_GET
def shared_plan_pdf(request, token):
    items = _shared(request, token)
    if not items:
        return problem(request, "tampered")
    return pdf_response(request, sheet_context(title="A home-exercise plan", items=items))


@csrf_protect
@require_POST
def shared_plan_copy(request, token):
    items = _shared(request, token)
    if not items:
        return problem(request, "tampered")
    reader_plan_store(request, [item.entry for item in items])
    messages.success(request, "This plan is now yours to change: it replaced what was in your plan.")
    return redirect("plans:mine")


# --- The clinician's plan for a patient --------------------------------------------------------


def _patient_plan(token):
    """``(plan, None)`` or ``(None, reason)``; the token is looked up only by its digest."""
    if not token or len(token) > 100:
        return None, "unknown"
    found = Plan.objects.by_token(token).with_exercises().select_related("created_by").first()
    if found is None:
        return None, "unknown"
    if found.is_revoked:
        return None, "revoked"
    return found, None


def _patient_context(found, token, **extra):
    items = sheet_items(plan_entries(found))
    return sheet_context(
        title=found.title, note=found.note, items=items, clinician=found.created_by, token=token, **extra
    )


@require_GET
def patient_plan(request, token):
    found, reason = _patient_plan(token)
    if found is None:
        return problem(request, reason)
    return private(render(request, "posts/plans/shared.html", _patient_context(found, token, patient=True)))


@require_GET
def patient_plan_pdf(request, token):
    found, reason = _patient_plan(token)
    if found is None:
        return problem(request, reason)
    return pdf_response(request, _patient_context(found, token))
