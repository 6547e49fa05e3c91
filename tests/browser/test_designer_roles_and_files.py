"""The designer for someone who may only read it, and its files in Chromium: a viewer gets it
read-only with no save control; Import takes a definition, Export gives exactly what is stored,
and definitions from the conformance suite come back out of the designer JSON-equal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from designer.services import publish_version
from engine.conformance import load_cases
from tests.browser.designer_steps import node, open_designer, select, state_names, stored_text
from tests.browser.harness import login, shot
from tests.conformance.stand_ins import CASES

pytestmark = pytest.mark.browser

NESTED = """{
  "Comment": "A Map inside a Parallel, numbers as written: 1.0 stays 1.0",
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Each", "States": {"Each": {
          "Type": "Map", "ItemsPath": "$.items",
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Double",
            "States": {"Double": {"Type": "Pass", "End": true}}},
          "End": true}}},
        {"StartAt": "Check", "States": {"Check": {"Type": "Choice",
          "Choices": [{"Variable": "$.x", "NumericEquals": 1.0, "Next": "Done"}],
          "Default": "Done"}, "Done": {"Type": "Succeed"}}}
      ],
      "End": true
    }
  }
}"""


def export_text(page: Page) -> str:
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    return Path(download.value.path()).read_text()


def test_a_viewer_gets_the_designer_read_only_with_no_save_control(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("viewer")
    publish_version("nested", NESTED)
    login(page, "viewer")
    open_designer(page, "/workflows/nested/design/")
    assert sorted(state_names(page)) == ["Check", "Done", "Double", "Each", "Fan out"]
    for control in ("save", "undo", "redo", "import", "test-run"):
        expect(page.get_by_test_id(control)).to_have_count(0)
    expect(page.locator("[data-palette]")).to_have_count(0)
    # The fields show, and none can be changed
    inspector = select(page, "Check")
    expect(inspector.locator('input[name="state-name"]')).not_to_be_editable()
    code = page.get_by_test_id("code-editor").locator(".cm-content")
    expect(code).to_have_attribute("contenteditable", "false")
    page.keyboard.press("Delete")
    expect(node(page, "Check")).to_be_visible()
    # Export is for everyone: exactly what is stored
    assert export_text(page) == NESTED
    # The plain form behind the page refuses a viewer's post
    refused = page.request.post("/workflows/nested/design/", form={"definition": "{}"})
    assert refused.status == 403
    shot(page, "designer-viewer")


def test_import_replaces_the_draft_and_export_gives_back_what_is_stored(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    publish_version("nested", '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    login(page, "designer")
    open_designer(page, "/workflows/nested/design/")
    page.get_by_test_id("import").click()
    dialog = page.locator("dialog[open]")
    dialog.locator('textarea[name="import-text"]').fill(NESTED)
    dialog.get_by_test_id("import-confirm").click()
    expect(node(page, "Double")).to_be_visible()
    assert export_text(page) == NESTED  # as written, 1.0 and the author's layout included
    page.get_by_test_id("undo").click()
    expect(node(page, "A")).to_be_visible()
    page.get_by_test_id("redo").click()
    page.get_by_test_id("save").click()
    page.locator("dialog[open]").get_by_test_id("save-confirm").click()
    expect(page.get_by_test_id("version-number")).to_have_text("2")
    assert stored_text(page, "nested", 2) == NESTED


SAMPLE = 12  # every conformance definition runs through the same code in frontend/test/


def conformance_sample() -> list[tuple[str, object]]:
    """Distinct conformance definitions, the most deeply nested first."""
    if not CASES.is_dir():
        return []
    seen: dict[str, tuple[str, object]] = {}
    for case in load_cases(CASES):
        text = json.dumps(case.data["definition"])
        seen.setdefault(text, (case.name, case.data["definition"]))
    ranked = sorted(seen.items(), key=lambda item: (-item[0].count('"States"'), item[1][0]))
    return [value for _, value in ranked[:SAMPLE]]


def test_conformance_definitions_go_through_the_designers_import_graph_and_export(
    page: Page, make_user: Callable[[str], User]
) -> None:
    sample = conformance_sample()
    if not sample:
        print("../shared/conformance is absent: this test ran no definition")
        return
    make_user("designer")
    login(page, "designer")
    open_designer(page, "/workflows/new/")
    for name, definition in sample:
        text = json.dumps(definition, indent=2, ensure_ascii=False)
        page.get_by_test_id("import").click()
        page.locator('dialog[open] textarea[name="import-text"]').fill(text)
        page.locator("dialog[open]").get_by_test_id("import-confirm").click()
        expect(page.locator("dialog[open]")).to_have_count(0)
        first = next(iter(definition["States"]))  # type: ignore[index]
        expect(node(page, first), name).to_be_visible()
        assert json.loads(export_text(page)) == definition, name
