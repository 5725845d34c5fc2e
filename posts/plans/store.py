"""Where a reader's own plan lives: in the session, or on their account once they log in."""

from .entries import PlanEntry, PlanFull, add, entries_from_compact, entries_to_compact
from .models import Plan
from .services import reader_plan_save

SESSION_KEY = "exercise_plan"


def session_entries(request):
    return entries_from_compact(request.session.get(SESSION_KEY, []))


def reader_plan_entries(request):
    """The reader's plan. A logged-in reader's session plan joins their account's at first sight."""
    if not request.user.is_authenticated:
        return session_entries(request) if SESSION_KEY in request.session else []
    plan = Plan.objects.filter(kind=Plan.Kind.READER, owner=request.user).with_exercises().first()
    entries = plan_entries(plan) if plan else []
    if request.session.get(SESSION_KEY):
        try:
            entries, _ = add(entries, session_entries(request))
        except PlanFull:
            pass  # the account's plan is full: it wins over what was collected before logging in
        else:
            reader_plan_save(owner=request.user, entries=entries)
        del request.session[SESSION_KEY]
    return entries


def reader_plan_store(request, entries):
    if request.user.is_authenticated:
        reader_plan_save(owner=request.user, entries=entries)
    else:
        request.session[SESSION_KEY] = entries_to_compact(entries)


def plan_entries(plan):
    """A stored plan's rows as entries (uses the prefetched ``items`` when there are some)."""
    return [
        PlanEntry(
            exercise_id=item.exercise_id,
            sets=item.sets,
            reps=item.reps,
            hold_seconds=item.hold_seconds,
            times_per_week=item.times_per_week,
        )
        for item in plan.items.all()
    ]
