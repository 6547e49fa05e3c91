"""Five-field cron expressions (minute hour day-of-month month day-of-week) and their next time.

Vixie cron's language: `*`, numbers, ranges `1-5`, lists `1,15`, steps `*/5` `10-40/10` `5/15`,
month and weekday names (`jan`, `mon-fri`), weekday 0 or 7 for Sunday, and the shortcuts
`@hourly @daily @midnight @weekly @monthly @yearly @annually`. When both day fields are
restricted, a day matches either of them (as cron does).

Daylight saving time follows cron (cronie): a job with a fixed hour runs once per day — in the
repeated hour at its first occurrence, in the skipped hour at the moment the clocks jump; a job
that runs every hour (`*` in the hour field) follows real time, so it runs in both copies of a
repeated hour and not at all in a skipped one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
SHORTCUTS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
SEARCH_YEARS = 30  # "0 0 29 2 1" (29 February on a Monday) recurs within 28 years


class CronError(ValueError):
    """A malformed cron expression; the message names the field and what is wrong."""


@dataclass(frozen=True)
class Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()  # names[i] stands for low + i


FIELDS = (
    Field("minute", 0, 59),
    Field("hour", 0, 23),
    Field("day of month", 1, 31),
    Field("month", 1, 12, tuple(MONTHS)),
    Field("day of week", 0, 7, tuple(WEEKDAYS)),
)


@dataclass(frozen=True)
class Cron:
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    days_restricted: bool
    weekdays_restricted: bool

    @property
    def every_hour(self) -> bool:
        return len(self.hours) == 24

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        in_days = day.day in self.days
        in_weekdays = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return in_days or in_weekdays
        return in_days and in_weekdays


def parse(expression: str) -> Cron:
    """The Cron for `expression`, or CronError saying which field is wrong and why."""
    text = SHORTCUTS.get(expression.strip().lower(), expression)
    parts = text.split()
    if len(parts) != 5:
        raise CronError(
            f"A cron expression has 5 fields (minute hour day-of-month month day-of-week); "
            f"'{expression}' has {len(parts)}."
        )
    minutes, hours, days, months, weekdays = (
        parse_field(part, field) for part, field in zip(parts, FIELDS, strict=True)
    )
    return Cron(
        minutes=tuple(sorted(minutes)),
        hours=tuple(sorted(hours)),
        days=frozenset(days),
        months=frozenset(months),
        weekdays=frozenset(day % 7 for day in weekdays),
        days_restricted=not parts[2].startswith("*"),
        weekdays_restricted=not parts[4].startswith("*"),
    )


def parse_field(text: str, field: Field) -> set[int]:
    values: set[int] = set()
    for item in text.lower().split(","):
        values.update(parse_item(item, field))
    return values


def parse_item(item: str, field: Field) -> range:
    where = f"the {field.name} field"
    span, _, step_text = item.partition("/")
    step = 1
    if step_text:
        if not step_text.isdigit() or int(step_text) == 0:
            raise CronError(f"In {where}, the step '{step_text}' is not a positive number.")
        step = int(step_text)
    if span == "*":
        low, high = field.low, field.high
    elif "-" in span:
        first, _, last = span.partition("-")
        low, high = parse_value(first, field), parse_value(last, field)
        if low > high:
            raise CronError(f"In {where}, the range '{span}' runs backwards.")
    else:
        low = parse_value(span, field)
        high = field.high if step_text else low  # "5/15" means from 5 to the end, every 15
    return range(low, high + 1, step)


def parse_value(text: str, field: Field) -> int:
    if text in field.names:
        return field.low + field.names.index(text)
    if not text.isdigit():
        raise CronError(f"In the {field.name} field, '{text}' is not a number or a name.")
    value = int(text)
    if not field.low <= value <= field.high:
        raise CronError(f"In the {field.name} field, {value} is outside {field.low}–{field.high}.")
    return value


def next_fire_at(cron: Cron, after: datetime, zone: ZoneInfo) -> datetime:
    """The first instant strictly after `after` (aware) at which `cron` fires, in UTC.

    Wall-clock candidates are walked in `zone`; each becomes zero, one or two instants (see
    the module docstring). Because a repeated hour makes instants of later wall times come
    earlier than those of a repeated one, the smallest instant within two hours is taken.
    """
    start = after.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    found: datetime | None = None
    horizon: datetime | None = None
    for wall in wall_times(cron, start - timedelta(hours=2)):
        if horizon is not None and wall > horizon:
            break
        for instant in instants(cron, wall, zone):
            if instant > after and (found is None or instant < found):
                found = instant
                horizon = horizon or wall + timedelta(hours=2)
    if found is None:
        raise CronError("The cron expression never fires (no such date).")
    return found


def wall_times(cron: Cron, start: datetime) -> Iterator[datetime]:
    """Matching naive wall-clock times from `start` on, in order."""
    day = start.date()
    for _ in range(366 * SEARCH_YEARS):
        if cron.matches_day(day):
            for hour in cron.hours:
                for minute in cron.minutes:
                    wall = datetime(day.year, day.month, day.day, hour, minute)
                    if wall >= start:
                        yield wall
        day += timedelta(days=1)


def instants(cron: Cron, wall: datetime, zone: ZoneInfo) -> list[datetime]:
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    # In UTC at once: aware datetimes sharing a tzinfo compare by wall time, ignoring fold.
    if first.utcoffset() == second.utcoffset():
        return [first.astimezone(UTC)]
    if exists(wall, zone):  # a repeated wall time (clocks went back)
        both = [first, second] if cron.every_hour else [first]
        return [instant.astimezone(UTC) for instant in both]
    if cron.every_hour:  # a skipped wall time (clocks went forward)
        return []
    later = wall
    while not exists(later, zone):
        later += timedelta(minutes=1)
    return [later.replace(tzinfo=zone).astimezone(UTC)]


def exists(wall: datetime, zone: ZoneInfo) -> bool:
    local = wall.replace(tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
