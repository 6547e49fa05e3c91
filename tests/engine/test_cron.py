"""Cron expressions (engine/cron.py): fields, ranges, names, shortcuts, and daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from engine import cron

PARIS = ZoneInfo("Europe/Paris")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def fire_times(expression: str, after: datetime, count: int, zone: ZoneInfo = UTC) -> list[str]:
    """The next `count` fire times, as local wall-clock strings with their UTC offset."""
    parsed, times = cron.parse(expression), []
    for _ in range(count):
        after = cron.next_fire_at(parsed, after, zone)
        times.append(after.astimezone(zone).strftime("%Y-%m-%d %H:%M%z"))
    return times


# Cron expressions


def test_every_five_minutes_fires_on_the_next_multiple_of_five() -> None:
    assert fire_times("*/5 * * * *", utc(2024, 5, 1, 10, 2, 30), 3) == [
        "2024-05-01 10:05+0000",
        "2024-05-01 10:10+0000",
        "2024-05-01 10:15+0000",
    ]


def test_the_next_time_is_strictly_after_the_given_one() -> None:
    assert fire_times("0 * * * *", utc(2024, 5, 1, 10, 0), 1) == ["2024-05-01 11:00+0000"]


def test_ranges_lists_steps_and_names_combine() -> None:
    # 9:00 and 17:30-ish on weekdays of January and July only
    parsed = cron.parse("0,30 9-17/8 * jan,JUL mon-fri")
    assert parsed.minutes == (0, 30) and parsed.hours == (9, 17)
    assert parsed.months == {1, 7} and parsed.weekdays == {1, 2, 3, 4, 5}
    # 2024-01-06 is a Saturday: the next run is Monday the 8th
    assert fire_times("0 9 * jan mon-fri", utc(2024, 1, 5, 10), 1) == ["2024-01-08 09:00+0000"]


def test_a_start_with_a_step_runs_to_the_end_of_the_field() -> None:
    assert cron.parse("5/20 * * * *").minutes == (5, 25, 45)


def test_weekday_seven_is_sunday_like_zero() -> None:
    assert cron.parse("0 0 * * 7").weekdays == {0}
    assert fire_times("0 0 * * 7", utc(2024, 5, 1), 1) == ["2024-05-05 00:00+0000"]


def test_when_both_day_fields_are_restricted_either_matches() -> None:
    # The 13th, or any Friday (cron's rule)
    times = fire_times("0 0 13 * fri", utc(2024, 9, 1), 3)
    assert times == ["2024-09-06 00:00+0000", "2024-09-13 00:00+0000", "2024-09-20 00:00+0000"]


def test_shortcuts_expand_to_their_expressions() -> None:
    assert cron.parse("@daily") == cron.parse("0 0 * * *")
    assert fire_times("@monthly", utc(2024, 2, 10), 1) == ["2024-03-01 00:00+0000"]


def test_a_rare_date_is_found_years_ahead() -> None:
    # 29 February falling on a Monday (either rule would match; both restricted → OR),
    # so restrict only the day of month: the next 29 February
    assert fire_times("0 0 29 2 *", utc(2024, 3, 1), 1) == ["2028-02-29 00:00+0000"]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * *", "5 fields"),
        ("60 * * * *", "minute field, 60 is outside 0–59"),
        ("* 24 * * *", "hour field, 24 is outside 0–23"),
        ("* * 0 * *", "day of month field, 0 is outside 1–31"),
        ("* * * 13 *", "month field, 13 is outside 1–12"),
        ("* * * * 8", "day of week field, 8 is outside 0–7"),
        ("*/0 * * * *", "step '0' is not a positive number"),
        ("30-10 * * * *", "range '30-10' runs backwards"),
        ("* * * foo *", "'foo' is not a number or a name"),
    ],
)
def test_malformed_expressions_say_which_field_is_wrong(expression: str, message: str) -> None:
    with pytest.raises(cron.CronError, match=message):
        cron.parse(expression)


def test_a_date_that_never_comes_is_an_error() -> None:
    with pytest.raises(cron.CronError, match="never fires"):
        cron.next_fire_at(cron.parse("0 0 31 2 *"), utc(2024, 1, 1), UTC)


# Daylight saving time in Europe/Paris: 2024-03-31 02:00 → 03:00, 2024-10-27 03:00 → 02:00


def test_a_daily_job_keeps_its_local_time_across_the_spring_change() -> None:
    times = cron.parse("0 9 * * *")
    first = cron.next_fire_at(times, utc(2024, 3, 30, 0), PARIS)
    second = cron.next_fire_at(times, first, PARIS)
    assert (first, second) == (utc(2024, 3, 30, 8), utc(2024, 3, 31, 7))  # 9:00 CET, 9:00 CEST


def test_a_fixed_time_in_the_skipped_hour_runs_when_the_clocks_jump() -> None:
    assert fire_times("30 2 * * *", utc(2024, 3, 30, 12), 2, PARIS) == [
        "2024-03-31 03:00+0200",
        "2024-04-01 02:30+0200",
    ]


def test_a_fixed_time_in_the_repeated_hour_runs_once() -> None:
    assert fire_times("30 2 * * *", utc(2024, 10, 26, 12), 2, PARIS) == [
        "2024-10-27 02:30+0200",
        "2024-10-28 02:30+0100",
    ]


def test_an_hourly_job_follows_real_time_through_the_repeated_hour() -> None:
    assert fire_times("*/30 * * * *", utc(2024, 10, 26, 23, 45), 5, PARIS) == [
        "2024-10-27 02:00+0200",
        "2024-10-27 02:30+0200",
        "2024-10-27 02:00+0100",
        "2024-10-27 02:30+0100",
        "2024-10-27 03:00+0100",
    ]


def test_an_hourly_job_skips_the_hour_that_does_not_exist() -> None:
    assert fire_times("15 * * * *", utc(2024, 3, 31, 0, 0), 2, PARIS) == [
        "2024-03-31 01:15+0100",
        "2024-03-31 03:15+0200",
    ]
