"""The plan as a list: adding, moving, removing, dosage bounds, and the compact form."""

import pytest

from posts.plans import entries as plan
from posts.plans.entries import PlanEntry, entries_from_compact
from posts.plans.models import MAX_EXERCISES


def test_add_skips_repeats_and_counts_what_was_added():
    entries, added = plan.add([PlanEntry(1)], [PlanEntry(1), PlanEntry(2), PlanEntry(2)])
    assert [e.exercise_id for e in entries] == [1, 2] and added == 1


def test_a_plan_holds_at_most_thirty():
    full = [PlanEntry(i) for i in range(1, MAX_EXERCISES + 1)]
    with pytest.raises(plan.PlanFull):
        plan.add(full, [PlanEntry(999)])


def test_move_and_remove():
    entries = [PlanEntry(1), PlanEntry(2), PlanEntry(3)]
    assert [e.exercise_id for e in plan.move(entries, 3, -1)] == [1, 3, 2]
    assert [e.exercise_id for e in plan.move(entries, 1, -1)] == [1, 2, 3]  # already first
    assert [e.exercise_id for e in plan.move(entries, 3, 1)] == [1, 2, 3]  # already last
    assert [e.exercise_id for e in plan.remove(entries, 2)] == [1, 3]


def test_dosage_within_bounds_only():
    entries = plan.set_dosage([PlanEntry(1)], 1, sets=3, reps=12, hold_seconds=0, times_per_week=5)
    assert entries[0] == PlanEntry(1, 3, 12, 0, 5)
    with pytest.raises(ValueError):
        plan.set_dosage(entries, 1, sets=0, reps=12, hold_seconds=0, times_per_week=5)
    with pytest.raises(ValueError):
        plan.set_dosage(entries, 1, sets=3, reps=12, hold_seconds=301, times_per_week=5)


@pytest.mark.parametrize(
    "rows",
    [
        None,
        "nonsense",
        [[1, 2, 3]],
        [["1", 2, 10, 0, 3]],
        [[1, True, 10, 0, 3]],
        [[0, 2, 10, 0, 3]],
        [[-5, 2, 10, 0, 3]],
        [[1, 99, 10, 0, 3]],
        [[1, 2, 10, 0, 0]],
        [{"a": 1}],
    ],
)
def test_malformed_compact_rows_are_dropped(rows):
    assert entries_from_compact(rows) == []


def test_compact_round_trip_keeps_order_and_drops_repeats():
    rows = [[5, 2, 10, 0, 3], [2, 1, 0, 30, 7], [5, 3, 3, 3, 3]]
    assert [e.compact() for e in entries_from_compact(rows)] == rows[:2]


def test_dosage_words():
    assert PlanEntry(1, 3, 10, 0, 3).dosage_text() == "3 sets of 10; 3 times a week"
    assert PlanEntry(1, 2, 0, 30, 1).dosage_text(per_side=True) == "Hold 30 seconds, 2 times each side; once a week"
