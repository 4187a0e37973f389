"""Property-based tests of the complaint clock arithmetic."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xinfa.complaints.clocks import (
    BUSINESS,
    CALENDAR,
    ClockError,
    Pause,
    counted,
    due_at,
    is_business_day,
    used_ratio,
)

TZ = ZoneInfo("Asia/Shanghai")
starts = st.datetimes(
    # hypothesis takes naive bounds and attaches the zone itself
    min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(TZ),
)
budgets = st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(days=60))
bases = st.sampled_from([CALENDAR, BUSINESS])
holiday_sets = st.sets(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 6, 30)), max_size=40
)
pause_offsets = st.lists(
    st.tuples(
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=30)),
        st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(days=10)),
    ),
    max_size=3,
)


def _pauses(start: dt.datetime, offsets: list[tuple[dt.timedelta, dt.timedelta]]) -> list[Pause]:
    return [Pause(start + offset, start + offset + length) for offset, length in offsets]


@settings(max_examples=150, deadline=None)
@given(start=starts, budget=budgets, basis=bases, holidays=holiday_sets, offsets=pause_offsets)
def test_due_at_counts_exactly_the_budget(start, budget, basis, holidays, offsets) -> None:
    pauses = _pauses(start, offsets)
    due = due_at(start, budget, basis=basis, holidays=holidays, pauses=pauses)
    assert due is not None
    assert due >= start + budget  # counted time never exceeds wall time
    assert counted(start, due, basis=basis, holidays=holidays, pauses=pauses) == budget


@settings(max_examples=150, deadline=None)
@given(start=starts, budget=budgets)
def test_calendar_clock_without_pauses_is_plain_addition(start, budget) -> None:
    assert due_at(start, budget) == start + budget


@settings(max_examples=150, deadline=None)
@given(start=starts, a=budgets, b=budgets, basis=bases, holidays=holiday_sets)
def test_due_at_is_monotonic_in_the_budget(start, a, b, basis, holidays) -> None:
    assume(a <= b)
    first = due_at(start, a, basis=basis, holidays=holidays)
    second = due_at(start, b, basis=basis, holidays=holidays)
    assert first is not None
    assert second is not None
    assert first <= second


@settings(max_examples=150, deadline=None)
@given(start=starts, budget=budgets, offsets=pause_offsets, basis=bases, holidays=holiday_sets)
def test_a_pause_never_brings_the_deadline_forward(start, budget, offsets, basis, holidays) -> None:
    plain = due_at(start, budget, basis=basis, holidays=holidays)
    paused = due_at(start, budget, basis=basis, holidays=holidays, pauses=_pauses(start, offsets))
    assert plain is not None
    assert paused is not None
    assert paused >= plain
    if basis == CALENDAR:
        total_pause = sum((length for _, length in offsets), dt.timedelta(0))
        assert paused - plain <= total_pause


@settings(max_examples=150, deadline=None)
@given(start=starts, budget=budgets, holidays=holiday_sets)
def test_business_clock_only_runs_out_on_a_business_day(start, budget, holidays) -> None:
    due = due_at(start, budget, basis=BUSINESS, holidays=holidays)
    assert due is not None
    last_counted_second = (due - dt.timedelta(microseconds=1)).astimezone(TZ).date()
    assert is_business_day(last_counted_second, holidays)


@settings(max_examples=100, deadline=None)
@given(start=starts, budget=budgets, elapsed=budgets)
def test_used_ratio_reaches_one_exactly_at_the_deadline(start, budget, elapsed) -> None:
    due = due_at(start, budget)
    assert due is not None
    assert used_ratio(start, due, budget) == pytest.approx(1.0)
    ratio = used_ratio(start, start + elapsed, budget)
    assert (ratio >= 1.0) == (start + elapsed >= due)


def test_open_pause_stops_the_clock() -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    pause = Pause(start + dt.timedelta(hours=2))
    assert due_at(start, dt.timedelta(hours=24), pauses=[pause]) is None
    assert counted(start, start + dt.timedelta(days=5), pauses=[pause]) == dt.timedelta(hours=2)


def test_business_clock_skips_weekend_and_holidays() -> None:
    friday_evening = dt.datetime(2026, 10, 2, 18, 0, tzinfo=TZ)  # Friday
    holidays = {dt.date(2026, 10, 5), dt.date(2026, 10, 6)}
    due = due_at(friday_evening, dt.timedelta(hours=24), basis=BUSINESS, holidays=holidays)
    # 6 h left on Friday, then Sat-Sun and the Mon-Tue holidays skipped, 18 h on Wednesday.
    assert due == dt.datetime(2026, 10, 7, 18, 0, tzinfo=TZ)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ClockError, match="timezone-aware"):
        due_at(dt.datetime(2026, 1, 1), dt.timedelta(hours=1))  # noqa: DTZ001


def test_unknown_basis_is_refused() -> None:
    with pytest.raises(ClockError, match="unknown clock basis"):
        due_at(dt.datetime(2026, 1, 1, tzinfo=TZ), dt.timedelta(hours=1), basis="lunar")
