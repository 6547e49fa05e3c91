"""A task's Description (Markdown, written by whoever drew the workflow) as safe HTML.

CommonMark with raw HTML escaped, and links and images only to http, https and mailto:
a description can come from an execution's input, so it is untrusted text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """Absolute links to the schemes above; anything else stays literal text."""
    return urlsplit(url.strip()).scheme.lower() in SAFE_SCHEMES


def _link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    # Links leave Baton: no referrer, no window.opener, no ranking for spam.
    tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = is_safe_link
    md.add_render_rule("link_open", _link_open)
    return md


RENDERER = _renderer()


def render(text: str) -> str:
    """HTML for `text`; empty for an empty description."""
    return RENDERER.render(text) if text else ""
