"""The designer's canvas gestures and keys in Chromium: copy and paste, connect by dragging a
handle, delete an edge, drag a state to reorder, the palette by keyboard, the leave guard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from tests.browser.designer_steps import (
    canvas,
    field,
    fit_view,
    node,
    open_designer,
    select,
    state_names,
)
from tests.browser.harness import login

pytestmark = pytest.mark.browser

LINE = {
    "StartAt": "First",
    "States": {
        "First": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Second"}],
            "Default": "Loose",
        },
        "Second": {"Type": "Pass", "End": True},
        "Loose": {"Type": "Pass", "End": True},
    },
}


@pytest.fixture
def designer_page(page: Page, make_user: Callable[[str], User]) -> Page:
    make_user("designer")
    publish_version("line", LINE)
    login(page, "designer")
    page.set_viewport_size({"width": 1440, "height": 900})
    open_designer(page, "/workflows/line/design/")
    return page


def test_copy_and_paste_a_state_then_delete_it(designer_page: Page) -> None:
    page = designer_page
    select(page, "Second")
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(node(page, "Second 2")).to_be_visible()
    expect(page.get_by_test_id("inspector").locator('input[name="state-name"]')).to_have_value(
        "Second 2"
    )
    page.keyboard.press("Delete")
    expect(node(page, "Second 2")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(node(page, "Second 2")).to_be_visible()
    page.keyboard.press("Control+Shift+z")
    expect(node(page, "Second 2")).to_have_count(0)


def test_dragging_a_handle_connects_two_states_and_delete_removes_an_edge(
    designer_page: Page,
) -> None:
    page = designer_page
    fit_view(page)
    # From Second's handle to Loose: Second's End becomes Next: Loose
    node(page, "Second").hover()
    handle = node(page, "Second").locator(".react-flow__handle.source")
    handle.drag_to(node(page, "Loose"))
    select(page, "Second")
    expect(field(page, "Next")).to_have_value("state:Loose")
    # Click the edge, press Delete: Second ends again
    edge = canvas(page).locator('[data-edge-id="next:0:/States/Second"]')
    box = edge.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.press("Delete")
    expect(canvas(page).locator('[data-edge-id="next:0:/States/Second"]')).to_have_count(0)
    select(page, "Second")
    expect(field(page, "Next")).not_to_have_value("state:Loose")


def test_dropping_a_state_on_another_moves_it_after_that_one(designer_page: Page) -> None:
    page = designer_page
    fit_view(page)
    node(page, "Loose").drag_to(node(page, "First"))
    expect(page.get_by_test_id("designer")).to_have_attribute("data-dirty", "true")
    text = page.get_by_test_id("code-editor").locator(".cm-content").inner_text()
    assert text.index('"Loose": {') < text.index('"Second": {')  # right after First in the JSON


def test_the_palette_works_from_the_keyboard_and_names_new_states(designer_page: Page) -> None:
    page = designer_page
    select(page, "Second")
    page.locator('[data-palette="Wait"]').focus()
    page.keyboard.press("Enter")  # after the selected state, on its way to the end
    expect(node(page, "Wait")).to_be_visible()
    select(page, "Second")
    expect(field(page, "Next")).to_have_value("state:Wait")
    assert "Wait" in state_names(page)


def test_leaving_with_unsaved_changes_asks_first(designer_page: Page) -> None:
    page = designer_page
    select(page, "First")
    field(page, "Comment").fill("changed")
    asked: list[str] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("link", name="Workflows").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page).to_have_url("/workflows/line/design/")


def test_renaming_a_state_updates_every_reference_to_it(designer_page: Page) -> None:
    page = designer_page
    select(page, "Loose")
    name = page.get_by_test_id("inspector").locator('input[name="state-name"]')
    name.fill("Fallback")
    name.press("Enter")
    expect(node(page, "Fallback")).to_be_visible()
    select(page, "First")
    expect(field(page, "Default")).to_have_value("state:Fallback")
