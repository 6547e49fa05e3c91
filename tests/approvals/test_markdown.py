"""A task's description as HTML: Markdown renders, raw HTML is shown as text, and only
http, https and mailto links become links."""

from __future__ import annotations

import pytest

from approvals.markdown import render


def test_markdown_renders_to_html() -> None:
    html = render("# Refund\n\n**250 EUR** for *Erin*\n\n- a\n- b")
    assert "<h1>Refund</h1>" in html and "<strong>250 EUR</strong>" in html
    assert "<em>Erin</em>" in html and "<li>a</li>" in html


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render('<script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1", "http://example.org", "mailto:finance@example.org"]
)
def test_http_https_and_mailto_links_are_kept(url: str) -> None:
    html = render(f"[here]({url})")
    assert f'href="{url.replace("&", "&amp;")}"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "jav&#x61;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/inbox/1/",
    ],
)
def test_other_links_stay_text(url: str) -> None:
    assert "href" not in render(f"[here]({url}) ![pic]({url}) <{url}>")


def test_an_empty_description_is_empty() -> None:
    assert render("") == ""
