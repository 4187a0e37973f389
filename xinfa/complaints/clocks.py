"""Deadline arithmetic for complaint clocks. Pure Python: no Django, no database.

A clock counts time from its start, skipping the intervals it is paused (waiting on the
customer) and, on a business-day clock, weekends and public holidays. `due_at` is the
first instant at which the counted time reaches the budget.
"""

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

CALENDAR = "calendar"
BUSINESS = "business"
MAX_DAYS_SCANNED = 3660  # refuse calendars with no business day for ten years


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime | None = None  # None: still paused


class ClockError(ValueError):
    """The clock cannot be computed (naive datetimes, bad basis, no business days)."""


def _check_aware(*values: dt.datetime | None) -> None:
    for value in values:
        if value is not None and value.tzinfo is None:
            raise ClockError("clock arithmetic needs timezone-aware datetimes")


def is_business_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def _counting_days(
    start: dt.datetime, basis: str, holidays: Collection[dt.date], tz: ZoneInfo
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Yield the counted parts of each local day from `start` on, in order."""
    if basis not in (CALENDAR, BUSINESS):
        raise ClockError(f"unknown clock basis {basis!r}")
    day = start.astimezone(tz).date()
    skipped = 0
    while True:
        day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        next_day = day + dt.timedelta(days=1)
        day_end = dt.datetime.combine(next_day, dt.time.min, tzinfo=tz)
        if basis == CALENDAR or is_business_day(day, holidays):
            skipped = 0
            yield max(day_start, start), day_end
        else:
            skipped += 1
            if skipped > MAX_DAYS_SCANNED:
                raise ClockError("no business day found: check the holiday calendar")
        day = next_day


def _subtract_pauses(
    piece: tuple[dt.datetime, dt.datetime], pauses: Sequence[Pause], far: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Remove paused intervals from one counted piece."""
    pieces = [piece]
    for pause in pauses:
        pause_end = pause.end or far
        next_pieces = []
        for lo, hi in pieces:
            if pause_end <= lo or pause.start >= hi:
                next_pieces.append((lo, hi))
                continue
            if pause.start > lo:
                next_pieces.append((lo, pause.start))
            if pause_end < hi:
                next_pieces.append((pause_end, hi))
        pieces = next_pieces
    return pieces


def _pieces(
    start: dt.datetime,
    basis: str,
    holidays: Collection[dt.date],
    pauses: Sequence[Pause],
    tz: ZoneInfo,
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    open_pause = next((p for p in pauses if p.end is None), None)
    for day_piece in _counting_days(start, basis, holidays, tz):
        if open_pause is not None and day_piece[0] >= open_pause.start:
            return  # an open pause stops the clock for good (until resumed)
        yield from _subtract_pauses(day_piece, pauses, far)


def due_at(
    start: dt.datetime,
    budget: dt.timedelta,
    *,
    basis: str = CALENDAR,
    holidays: Collection[dt.date] = (),
    pauses: Sequence[Pause] = (),
    tz: ZoneInfo | None = None,
) -> dt.datetime | None:
    """Return when the counted time reaches `budget`, or None while the clock is paused.

    Raises:
        ClockError: naive datetimes, an unknown basis or a calendar with no business days.
    """
    _check_aware(start, *(p.start for p in pauses), *(p.end for p in pauses))
    zone = tz or ZoneInfo("Asia/Shanghai")
    remaining = budget
    if remaining <= dt.timedelta(0):
        return start
    for lo, hi in _pieces(start, basis, holidays, pauses, zone):
        length = hi - lo
        if length >= remaining:
            return lo + remaining
        remaining -= length
    return None


def counted(
    start: dt.datetime,
    until: dt.datetime,
    *,
    basis: str = CALENDAR,
    holidays: Collection[dt.date] = (),
    pauses: Sequence[Pause] = (),
    tz: ZoneInfo | None = None,
) -> dt.timedelta:
    """Return the time counted by the clock between `start` and `until`.

    Raises:
        ClockError: naive datetimes, an unknown basis or a calendar with no business days.
    """
    _check_aware(start, until, *(p.start for p in pauses), *(p.end for p in pauses))
    zone = tz or ZoneInfo("Asia/Shanghai")
    total = dt.timedelta(0)
    if until <= start:
        return total
    for lo, hi in _pieces(start, basis, holidays, pauses, zone):
        if lo >= until:
            break
        total += min(hi, until) - lo
    return total


def used_ratio(
    start: dt.datetime,
    now: dt.datetime,
    budget: dt.timedelta,
    *,
    basis: str = CALENDAR,
    holidays: Collection[dt.date] = (),
    pauses: Sequence[Pause] = (),
    tz: ZoneInfo | None = None,
) -> float:
    """Return the share of the budget used by `now` (1.0 or more means breached)."""
    if budget <= dt.timedelta(0):
        return 1.0
    used = counted(start, now, basis=basis, holidays=holidays, pauses=pauses, tz=tz)
    return used / budget
