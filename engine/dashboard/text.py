"""How the figures read on the pages: run times, rates and ages as a person says them. The
bundle's charts say them the same way (frontend/src/dashboard/format.ts)."""

from __future__ import annotations

UNITS = [(86400, "d"), (3600, "h"), (60, "min")]


def seconds_text(seconds: float | None) -> str:
    """420 ms, 4.2 s, 12 s, 3 min 12 s, 2 h 5 min, 3 d 4 h; a dash for none."""
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{round(seconds * 1000)} ms"
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else _two_units(whole)


def _two_units(seconds: int) -> str:
    for index, (size, name) in enumerate(UNITS):
        if seconds >= size:
            whole, rest = divmod(seconds, size)
            smaller, small_name = UNITS[index + 1] if index + 1 < len(UNITS) else (1, "s")
            part = rest // smaller
            return f"{whole} {name} {part} {small_name}" if part else f"{whole} {name}"
    return f"{seconds} s"


def rate_text(rate: float | None) -> str:
    """0.875 -> 87.5%; whole numbers without decimals (100%); a dash for none."""
    if rate is None:
        return "—"
    percent = round(rate * 100, 1)
    return f"{percent:g}%"
