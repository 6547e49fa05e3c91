"""A new user draws a workflow in the designer, end to end in Chromium: from the palette to
version 1, then by typing JSON to version 2; the server keeps both exactly as drawn and typed."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.designer_steps import (
    drag_onto,
    drag_onto_edge,
    drag_to_canvas,
    field,
    node,
    open_designer,
    save,
    select,
    state_names,
    stored,
    stored_text,
    type_code,
    wait_checked,
)
from tests.browser.harness import login, shot

pytestmark = pytest.mark.browser

CHARGE = "arn:aws:lambda:us-east-1:000000000000:function:charge-payment"
NOTIFY = "arn:aws:lambda:us-east-1:000000000000:function:send-email"


def build_from_the_palette(page: Page) -> None:
    """Start → Choice → (Parallel of two Tasks | Fail) → Succeed, drawn with the mouse."""
    select(page, "Hello")
    page.keyboard.press("Delete")  # the starter state goes
    expect(node(page, "Hello")).to_have_count(0)

    drag_to_canvas(page, "Choice")  # into an empty level: it becomes the start
    expect(node(page, "Choice")).to_be_visible()
    drag_to_canvas(page, "Parallel")
    drag_to_canvas(page, "Fail")
    expect(node(page, "Fail")).to_be_visible()

    # The Parallel's one branch holds a Pass: a Task goes after it, then the Pass goes
    drag_onto(page, "template:python-function", node(page, "Pass"))
    expect(node(page, "Task")).to_be_visible()
    select(page, "Pass")
    page.keyboard.press("Delete")
    # A second branch, with a Task dropped onto the edge from its start marker
    select(page, "Parallel")
    page.get_by_test_id("inspector").get_by_role("button", name="Add branch").click()
    drag_onto_edge(page, "template:python-function", "start:0:start:/States/Parallel/Branches/1")
    expect(node(page, "Task 2")).to_be_visible()
    select(page, "Pass")  # the new branch's own Pass, after the Task now
    page.keyboard.press("Delete")

    # Succeed goes onto the edge from the Parallel to the End
    drag_onto_edge(page, "Succeed", "end:0:/States/Parallel")
    expect(node(page, "Succeed")).to_be_visible()


def fill_the_inspector(page: Page) -> None:
    select(page, "Task")
    field(page, "function").select_option("charge-payment")
    expect(field(page, "Resource")).to_have_value(CHARGE)
    select(page, "Task 2")
    field(page, "function").select_option("send-email")

    # The Choice's rule goes nowhere yet: the server says so, on the node
    wait_checked(page)
    expect(node(page, "Choice")).to_have_attribute("data-invalid", "true")
    problem = page.locator('[data-problem][data-location="/States/Choice/Choices/0"]')
    expect(problem).to_have_attribute("data-code", "invalid_choice_rule")
    shot(page, "designer-invalid")
    problem.click()  # selects the state it is about
    expect(page.locator('input[name="state-name"]')).to_have_value("Choice")

    inspector = select(page, "Choice")
    rule = inspector.locator('[data-rule="0"]')
    rule.locator('[name="Variable"]').fill("$.amount")
    rule.locator('[name="operator"]').select_option("NumericLessThanEquals")
    rule.locator('[name="NumericLessThanEquals"]').fill("1000")
    rule.locator('[name="Next"]').select_option("Parallel")
    field(page, "Default").select_option("Fail")
    wait_checked(page)
    expect(node(page, "Choice")).not_to_have_attribute("data-invalid", "true")
    expect(page.locator("[data-problem]")).to_have_count(0)

    select(page, "Fail")
    field(page, "Error").fill("Expense.TooLarge")
    field(page, "Cause").fill("Over the limit")


def test_a_new_user_draws_saves_types_json_and_saves_again(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    login(page, "designer")
    page.set_viewport_size({"width": 1440, "height": 900})
    open_designer(page, "/workflows/new/")
    page.locator('input[name="workflow-name"]').fill("expenses")

    build_from_the_palette(page)
    fill_the_inspector(page)
    assert sorted(state_names(page)) == sorted(
        ["Choice", "Parallel", "Task", "Task 2", "Fail", "Succeed"]
    )

    # Undo takes back the last change (the Fail's cause), redo brings it again
    select(page, "Fail")
    page.get_by_test_id("undo").click()
    expect(field(page, "Cause")).to_have_value("")
    page.get_by_test_id("redo").click()
    expect(field(page, "Cause")).to_have_value("Over the limit")
    shot(page, "designer-drawn")

    assert save(page, "Drawn in the designer") == 1
    expect(page).to_have_url("/workflows/expenses/design/")
    first = stored(page, "expenses", 1)
    assert first["StartAt"] == "Choice"
    assert first["States"]["Choice"] == {
        "Type": "Choice",
        "Choices": [{"Variable": "$.amount", "NumericLessThanEquals": 1000, "Next": "Parallel"}],
        "Default": "Fail",
    }
    branches = first["States"]["Parallel"]["Branches"]
    assert [b["StartAt"] for b in branches] == ["Task", "Task 2"]
    assert branches[0]["States"] == {"Task": {"Type": "Task", "Resource": CHARGE, "End": True}}
    assert branches[1]["States"] == {"Task 2": {"Type": "Task", "Resource": NOTIFY, "End": True}}
    assert first["States"]["Parallel"]["Next"] == "Succeed"
    assert first["States"]["Fail"] == {
        "Type": "Fail",
        "Error": "Expense.TooLarge",
        "Cause": "Over the limit",
    }
    assert first["States"]["Succeed"] == {"Type": "Succeed"}
    # Stored as the designer writes it: two-space JSON, keys in the order they were drawn
    assert stored_text(page, "expenses", 1) == json.dumps(first, indent=2, ensure_ascii=False)

    # Typing JSON: a Wait between the Parallel and the Succeed; the graph follows
    typed = json.loads(json.dumps(first))
    typed["States"]["Parallel"]["Next"] = "Cool down"
    typed["States"]["Cool down"] = {"Type": "Wait", "Seconds": 5, "Next": "Succeed"}
    typed_text = json.dumps(typed, indent=4)  # the user's own layout
    type_code(page, typed_text)
    expect(node(page, "Cool down")).to_be_visible()
    expect(node(page, "Cool down")).to_have_attribute("data-type", "Wait")
    assert save(page, "A pause before the end") == 2
    assert stored_text(page, "expenses", 2) == typed_text
    assert stored_text(page, "expenses", 1) == json.dumps(first, indent=2, ensure_ascii=False)
    shot(page, "designer-typed")


def test_json_that_does_not_parse_is_marked_and_the_graph_keeps_its_last_good_state(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    login(page, "designer")
    open_designer(page, "/workflows/new/")
    type_code(page, '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}')
    # Marked where it breaks, listed as a problem, and nothing can be saved meanwhile
    code = page.get_by_test_id("code-editor")
    expect(code.locator(".cm-lintRange-error, .cm-lint-marker-error").first).to_be_visible()
    expect(page.locator('[data-problem][data-code="json_syntax"]')).to_be_visible()
    expect(page.get_by_test_id("save")).to_be_disabled()
    expect(node(page, "Hello")).to_be_visible()  # the last good graph
    page.keyboard.type("}")  # the last brace of two
    expect(node(page, "A")).to_be_visible()
    expect(node(page, "Hello")).to_have_count(0)
    expect(page.locator('[data-problem][data-code="json_syntax"]')).to_have_count(0)
