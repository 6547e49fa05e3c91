"""Template helpers of the inbox pages: a due time said relatively ("in 3 h", "2 d late")."""

from __future__ import annotations

from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

UNITS = ((86_400, "day"), (3_600, "hour"), (60, "minute"))


def span(seconds: float) -> str:
    """A length of time in its largest whole unit: 90 s -> "1 minute", 2 days -> "2 days"."""
    for size, unit in UNITS:
        if seconds >= size:
            whole = int(seconds // size)
            return f"{whole} {unit}{'' if whole == 1 else 's'}"
    return "1 minute"


def relative(moment: datetime, now: datetime) -> str:
    seconds = (moment - now).total_seconds()
    return f"in {span(seconds)}" if seconds >= 0 else f"{span(-seconds)} overdue"


@register.simple_tag
def due(moment: datetime | None, is_open: bool = True, empty: str = "—") -> SafeString:
    """The due time relative to now, red (and said "overdue") when an open task is past it;
    the exact UTC time on hover. Not a <time datetime>: static/js/time.js would rewrite it."""
    if moment is None:
        return format_html('<span class="muted">{}</span>', empty)
    now = timezone.now()
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    late = is_open and moment < now
    text = relative(moment, now) if is_open else utc
    return format_html(
        '<span class="due{}" title="Due {}" data-due="{}">{}{}</span>',
        " overdue" if late else "",
        utc,
        moment.astimezone(UTC).isoformat(),
        format_html('<span aria-hidden="true">⚠ </span>') if late else "",
        text,
    )


@register.filter
def words(status: str) -> str:
    """A status as words: TIMED_OUT -> "timed out"."""
    return status.lower().replace("_", " ")
