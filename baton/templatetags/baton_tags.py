"""Template helpers shared by every page: the current nav item, times, the graph bundle."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

GRAPH_ENTRIES = {
    "viewer": "src/pages/viewer.tsx",
    "designer": "src/pages/designer.tsx",
    "execution": "src/pages/execution.tsx",  # the live execution page
    "executions": "src/pages/executions.ts",  # the live execution list
    "dashboard": "src/pages/dashboard.ts",  # the dashboard's charts
}


@register.filter
def current(request: Any, prefix: str) -> SafeString:
    """aria-current on the top bar link of the section the page belongs to."""
    path = getattr(request, "path", "")
    here = path == prefix if prefix == "/" else path.startswith(prefix)
    return SafeString('aria-current="page"' if here else "")


@register.simple_tag
def when(moment: datetime | None, empty: str = "—") -> SafeString:
    """A <time> in UTC that static/js/time.js shows in the reader's zone (UTC stays on hover)."""
    if moment is None:
        return format_html('<span class="muted">{}</span>', empty)
    utc = moment.astimezone(UTC)
    return format_html(
        '<time datetime="{}" title="{} UTC">{} UTC</time>',
        utc.isoformat().replace("+00:00", "Z"),
        utc.strftime("%Y-%m-%d %H:%M:%S"),
        utc.strftime("%Y-%m-%d %H:%M"),
    )


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@register.simple_tag
def graph_bundle(page: str = "viewer") -> SafeString:
    """The graph bundle's stylesheets, preloads and entry script for one page (a key of
    GRAPH_ENTRIES), by Vite's manifest."""
    manifest = _manifest()
    entry = manifest.get(GRAPH_ENTRIES[page])
    if entry is None:
        return format_html("<!-- the graph bundle is not built: static/graph/manifest.json -->")
    chunks = _imported_chunks(manifest, entry)
    styles = [css for chunk in [entry, *chunks] for css in chunk.get("css", [])]
    unique_styles = dict.fromkeys(styles)
    tags = [format_html('<link rel="stylesheet" href="{}">', _url(c)) for c in unique_styles]
    tags += [format_html('<link rel="modulepreload" href="{}">', _url(c["file"])) for c in chunks]
    tags.append(format_html('<script type="module" src="{}"></script>', _url(entry["file"])))
    return SafeString("\n".join(tags))


def _imported_chunks(manifest: dict[str, Any], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Every chunk the entry imports, directly or through another chunk, once each; their
    stylesheets load with the page (a chunk shared by two pages carries the canvas's CSS)."""
    seen: dict[str, dict[str, Any]] = {}
    pending = list(entry.get("imports", []))
    while pending:
        key = pending.pop(0)
        if key in seen or key not in manifest:
            continue
        seen[key] = manifest[key]
        pending.extend(manifest[key].get("imports", []))
    return list(seen.values())


def _url(file: str) -> str:
    return static(f"graph/{file}")


@cache
def _manifest() -> dict[str, Any]:
    path = Path(settings.BASE_DIR) / "static" / "graph" / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}
