"""What a person does in the designer, as steps the designer's browser tests share: open it,
drag from the palette, pick a state, fill the inspector, type into the code view, save."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

TIMEOUT_MS = 10_000


def open_designer(page: Page, path: str) -> Locator:
    page.goto(path)
    designer = page.get_by_test_id("designer")
    expect(designer).to_have_attribute("data-graph-ready", "true")
    return designer


def canvas(page: Page) -> Locator:
    return page.locator(".bt-canvas--design")


def node(page: Page, name: str) -> Locator:
    return canvas(page).locator(f'[data-state="{name}"]')


def state_names(page: Page) -> list[str]:
    return canvas(page).locator("[data-state]").evaluate_all("els => els.map(e => e.dataset.state)")


def drag_to_canvas(page: Page, palette: str, x: float = 0.92, y: float = 0.06) -> None:
    """Drag a palette entry onto an empty spot of the canvas (by default its top right)."""
    box = canvas(page).bounding_box()
    assert box is not None
    spot = {"x": box["width"] * x, "y": box["height"] * y}
    page.locator(f'[data-palette="{palette}"]').drag_to(canvas(page), target_position=spot)


def fit_view(page: Page) -> None:
    """The canvas's "fit view" control, as a person would press it to see the whole graph."""
    canvas(page).locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(350)  # React Flow animates the viewport


def drag_onto(page: Page, palette: str, target: Locator) -> None:
    fit_view(page)
    page.locator(f'[data-palette="{palette}"]').drag_to(target)


def drag_onto_edge(page: Page, palette: str, edge_id: str) -> None:
    """Drop on the middle of a drawn edge (a straight edge's box has no width, so Playwright
    would call it invisible; the drop goes to its point on the canvas)."""
    fit_view(page)
    edge = canvas(page).locator(f'[data-edge-id="{edge_id}"]').first
    rect = edge.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"
    )
    box = canvas(page).bounding_box()
    assert box is not None
    spot = {"x": rect["x"] - box["x"], "y": rect["y"] - box["y"]}
    page.locator(f'[data-palette="{palette}"]').drag_to(canvas(page), target_position=spot)


def select(page: Page, name: str) -> Locator:
    """Click a state; the inspector shows it."""
    node(page, name).locator(".bt-heading__name").click()
    inspector = page.get_by_test_id("inspector")
    expect(inspector.locator('input[name="state-name"]')).to_have_value(name)
    return inspector


def field(page: Page, name: str) -> Locator:
    return page.get_by_test_id("inspector").locator(f'[name="{name}"]').first


def wait_checked(page: Page) -> None:
    """Until the server's diagnostics for the current draft are in."""
    expect(page.get_by_test_id("problems")).not_to_contain_text("Checking", timeout=TIMEOUT_MS)


def type_code(page: Page, text: str) -> None:
    """Replace the code view's text, as if the user selected all and typed."""
    editor = page.get_by_test_id("code-editor").locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def save(page: Page, comment: str) -> int:
    page.get_by_test_id("save").click()
    dialog = page.locator("dialog[open]")
    dialog.locator('input[name="comment"]').fill(comment)
    before = page.get_by_test_id("version-number").all_inner_texts()
    dialog.get_by_test_id("save-confirm").click()
    expect(dialog).to_have_count(0)
    number = page.get_by_test_id("version-number")
    if before:
        expect(number).not_to_have_text(before[0])
    return int(number.inner_text())


def stored_text(page: Page, workflow: str, version: int) -> str:
    """The version's definition exactly as the server stored it (the API's export)."""
    url = f"/api/workflows/{workflow}/versions/{version}/?format=asl"
    answer = page.request.get(url)
    assert answer.ok, answer.text()
    return answer.text()


def stored(page: Page, workflow: str, version: int) -> Any:
    return json.loads(stored_text(page, workflow, version))
