"""Every public conformance definition (../shared/conformance) renders on its workflow page with
exactly one node per state, nested ones included, and no console errors.

The cases sit beside the repository on developer machines and in CI, not in a user's clone:
without them this test says plainly that it ran nothing."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from designer.pages import state_count
from designer.services import DefinitionInvalid, publish_version
from engine.conformance import load_cases, workflow_name
from tests.browser.harness import login, record_console_errors
from tests.conformance.stand_ins import CASES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = 4
COUNT_NODES = """() => {
  const canvas = document.querySelector('[data-testid="graph"]');
  return {ready: canvas.dataset.graphReady || null, error: canvas.dataset.graphError || null,
          nodes: canvas.querySelectorAll("[data-state]").length};
}"""


def test_every_conformance_definition_renders_one_node_per_state(
    page: Page, make_user: Callable[[str], User], console_errors: list[str]
) -> None:
    if not CASES.is_dir():
        message = f"conformance graphs: {CASES} is absent, so no definition was drawn"
        print(message)
        warnings.warn(message, stacklevel=1)
        return
    expected: dict[str, int] = {}
    refused = []
    for case in load_cases(CASES):
        name = workflow_name(case)  # one per distinct definition: cases share some
        try:
            publish_version(name, case.data["definition"], reuse_unchanged=True)
        except DefinitionInvalid as invalid:
            refused.append(f"{case.name}: {invalid.diagnostics[0].message}")
            continue
        expected[name] = state_count(case.data["definition"])
    make_user("viewer")
    login(page, "viewer")

    drawn = draw_all(page, list(expected), console_errors)
    wrong = {
        name: (states, drawn[name])
        for name, states in expected.items()
        if drawn[name] != {"ready": "true", "error": None, "nodes": states}
    }
    print(f"conformance graphs: {len(expected)} distinct definitions drawn")
    assert refused == []  # the engine runs every case, so Baton stores every definition
    assert wrong == {}
    assert console_errors == []


def draw_all(page: Page, names: list[str], errors: list[str]) -> dict[str, dict[str, object]]:
    """Open each workflow page, TABS at a time in tabs of one session, and count its nodes."""
    tabs = [page] + [page.context.new_page() for _ in range(TABS - 1)]
    for tab in tabs[1:]:
        record_console_errors(tab, errors)
    drawn = {}
    for start in range(0, len(names), TABS):
        batch = list(zip(tabs, names[start : start + TABS], strict=False))
        for tab, name in batch:
            tab.goto(f"/workflows/{name}/", wait_until="commit")
        for tab, name in batch:
            tab.wait_for_selector('[data-testid="graph"][data-graph-ready], [data-graph-error]')
            drawn[name] = tab.evaluate(COUNT_NODES)
    return drawn
