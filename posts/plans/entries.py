"""A plan as a plain list of entries: which exercise, in what order, at what dosage.

The same list is kept in a reader's session, signed into a shareable link, or stored as
``PlanExercise`` rows; the operations here (add, move, remove, change a dosage) are pure, so
the three places behave alike and the tests need no request.
"""

from dataclasses import asdict, dataclass, replace

from posts.models.exercise import dosage_text

from .models import DOSAGE_BOUNDS, MAX_EXERCISES

DOSAGE_FIELDS = ("sets", "reps", "hold_seconds", "times_per_week")
DEFAULT_TIMES_PER_WEEK = 3


class PlanFull(ValueError):
    """A plan holds at most ``MAX_EXERCISES`` exercises."""


@dataclass(frozen=True)
class PlanEntry:
    exercise_id: int
    sets: int = 1
    reps: int = 0
    hold_seconds: int = 0
    times_per_week: int = DEFAULT_TIMES_PER_WEEK

    def compact(self):
        return [self.exercise_id, self.sets, self.reps, self.hold_seconds, self.times_per_week]

    @classmethod
    def from_compact(cls, values):
        """An entry from ``[id, sets, reps, hold, week]``, or ``None`` when anything is off."""
        if not isinstance(values, list | tuple) or len(values) != 5:
            return None
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
            return None
        exercise_id, *dosage = values
        entry = cls(exercise_id, *dosage)
        return entry if exercise_id > 0 and dosage_problems(asdict(entry)) == {} else None

    def dosage_text(self, *, per_side=False):
        text = dosage_text(
            sets=self.sets, reps=self.reps or None, hold_seconds=self.hold_seconds or None, per_side=per_side
        )
        week = "once a week" if self.times_per_week == 1 else f"{self.times_per_week} times a week"
        return f"{text}; {week}" if text else week[:1].upper() + week[1:]


def dosage_problems(values):
    """Which dosage values are missing or outside ``DOSAGE_BOUNDS``, in plain words."""
    problems = {}
    for field in DOSAGE_FIELDS:
        low, high = DOSAGE_BOUNDS[field]
        value = values.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems[field] = f"Between {low} and {high}."
    return problems


def entry_for(exercise):
    """A new entry with the exercise's own suggested dosage (within the plan's bounds)."""

    def clamp(field, value):
        low, high = DOSAGE_BOUNDS[field]
        return min(max(value or 0, low), high)

    return PlanEntry(
        exercise_id=exercise.pk,
        sets=clamp("sets", exercise.sets or 1),
        reps=clamp("reps", exercise.reps),
        hold_seconds=clamp("hold_seconds", exercise.hold_seconds),
    )


def entries_from_compact(rows):
    """Entries from stored or signed data, dropping anything malformed and any repeat."""
    entries, seen = [], set()
    for row in rows if isinstance(rows, list) else []:
        entry = PlanEntry.from_compact(row)
        if entry is not None and entry.exercise_id not in seen:
            seen.add(entry.exercise_id)
            entries.append(entry)
    return entries[:MAX_EXERCISES]


def entries_to_compact(entries):
    return [entry.compact() for entry in entries]


def add(entries, new_entries):
    """Append the exercises not already in the plan; returns (entries, how many were added)."""
    present = {entry.exercise_id for entry in entries}
    fresh = []
    for entry in new_entries:
        if entry.exercise_id not in present:
            present.add(entry.exercise_id)
            fresh.append(entry)
    if len(entries) + len(fresh) > MAX_EXERCISES:
        raise PlanFull(f"A plan holds at most {MAX_EXERCISES} exercises.")
    return [*entries, *fresh], len(fresh)


def remove(entries, exercise_id):
    return [entry for entry in entries if entry.exercise_id != exercise_id]


def move(entries, exercise_id, step):
    """Move one exercise up (``step=-1``) or down (``step=1``); at either end nothing changes."""
    entries = list(entries)
    for index, entry in enumerate(entries):
        if entry.exercise_id == exercise_id:
            target = index + step
            if 0 <= target < len(entries):
                entries[index], entries[target] = entries[target], entries[index]
            break
    return entries


def set_dosage(entries, exercise_id, **dosage):
    """Change one exercise's dosage; values must already be within bounds."""
    if dosage_problems(dosage):
        raise ValueError("Dosage outside the plan's bounds.")
    return [replace(entry, **dosage) if entry.exercise_id == exercise_id else entry for entry in entries]
