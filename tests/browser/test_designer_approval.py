"""Drawing an approval in the designer, in Chromium: the palette's Approval template, its
inspector section (title, groups, a form field), a saved version the server accepts, and a
form field without a name whose problem shows next to that field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from engine.asl.validation import ERROR, validate
from tests.browser.designer_steps import (
    field,
    node,
    open_designer,
    save,
    select,
    stored,
    wait_checked,
)
from tests.browser.harness import login, screenshot_dir

pytestmark = pytest.mark.browser


def approval_section(page: Page) -> Locator:
    return page.get_by_test_id("inspector").get_by_test_id("approval-editor")


def form_field(page: Page, index: int) -> Locator:
    return approval_section(page).locator(f'[data-form-field="{index}"]')


def add_an_approval(page: Page) -> None:
    """Click the template with the starter state selected: it goes after it."""
    select(page, "Hello")
    page.locator('[data-palette="template:approval"]').click()
    expect(node(page, "Task")).to_be_visible()
    expect(node(page, "Task")).to_contain_text("approval")
    expect(field(page, "state-name")).to_have_value("Task")


def fill_the_approval(page: Page) -> None:
    section = approval_section(page)
    expect(section.locator('[name="Title"]')).to_have_value("Approve Task")
    section.locator('[name="Title"]').fill("Expense over the limit")
    section.locator('[name="Groups"]').fill("approvers, managers")
    section.locator('[name="RequiredApprovals"]').fill("2")
    section.get_by_role("button", name="Add field").click()
    amount = form_field(page, 1)
    amount.locator('[name="name"]').fill("amount")
    amount.locator('[name="type"]').select_option("number")
    amount.locator('[name="min"]').fill("0")
    amount.locator('[name="required"]').check()


def test_an_approval_is_drawn_filled_in_and_saved_as_the_server_expects(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    login(page, "designer")
    page.set_viewport_size({"width": 1440, "height": 900})
    open_designer(page, "/workflows/new/")
    page.locator('input[name="workflow-name"]').fill("expense-drawn")

    add_an_approval(page)
    fill_the_approval(page)
    wait_checked(page)
    expect(page.locator("[data-problem]")).to_have_count(0)
    version = save(page, "an approval")

    definition = stored(page, "expense-drawn", version)
    assert definition["States"]["Hello"]["Next"] == "Task"
    assert definition["States"]["Task"] == {
        "Type": "Task",
        "Resource": "baton:approval",
        "Parameters": {
            "Title": "Expense over the limit",
            "Groups": ["approvers", "managers"],
            "Form": [
                {"name": "comment", "type": "textarea", "label": "Comment"},
                {"name": "amount", "type": "number", "min": 0, "required": True},
            ],
            "RequiredApprovals": 2,
        },
        "End": True,
    }
    assert [d for d in validate(definition) if d.severity == ERROR] == []


def test_a_form_field_without_a_name_shows_its_problem_next_to_the_field(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    login(page, "designer")
    page.set_viewport_size({"width": 1440, "height": 900})
    open_designer(page, "/workflows/new/")
    add_an_approval(page)

    name = form_field(page, 0).locator('[name="name"]')
    name.fill("")
    wait_checked(page)
    problem = page.locator('[data-problem][data-location="/States/Task/Parameters/Form/0/name"]')
    expect(problem).to_have_attribute("data-code", "missing_field")
    expect(name).to_have_attribute("aria-invalid", "true")
    error = form_field(page, 0).locator("[data-field-error]")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("Form[0].name' is required")
    shoot_in_both_themes(page, form_field(page, 0), "designer-approval-problem")
    page.emulate_media(color_scheme="light")
    # Named again, the problem goes, and the name was never written as ""
    name.fill("note")
    wait_checked(page)
    expect(page.locator("[data-problem]")).to_have_count(0)
    expect(name).not_to_have_attribute("aria-invalid", "true")


def test_the_approval_inspector_at_two_widths_in_both_themes(
    page: Page, make_user: Callable[[str], User]
) -> None:
    make_user("designer")
    login(page, "designer")
    page.set_viewport_size({"width": 1280, "height": 900})
    open_designer(page, "/workflows/new/")
    add_an_approval(page)
    fill_the_approval(page)
    section = approval_section(page)
    section.locator('[name="Description"]').fill("Check the **receipt** and the amount.")
    section.locator('[name="Reminder.AfterSeconds"]').fill("3600")
    section.locator('[name="Escalation.AfterSeconds"]').fill("86400")
    wait_checked(page)
    # Escalation without a target: its problem shows in the Escalation group
    group = section.locator('[data-group="Escalation"]')
    expect(group.locator("[data-field-error]")).to_contain_text("needs 'To'")
    section.locator('[name="Escalation.To.Groups"]').fill("managers")
    wait_checked(page)
    expect(page.locator("[data-problem]")).to_have_count(0)
    page.get_by_role("button", name="Code").click()  # the inspector gets the code view's room
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        # From the Resource just above the Approval section
        shoot_in_both_themes(page, field(page, "Resource"), f"designer-approval-{width}")
        shoot_in_both_themes(
            page, section.get_by_test_id("form-fields"), f"designer-approval-form-{width}"
        )


def shoot_in_both_themes(page: Page, top: Locator, name: str) -> None:
    """What the window shows with `top` scrolled to the top of its panel, light and dark."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    top.evaluate("e => e.scrollIntoView({block: 'start'})")
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        page.wait_for_timeout(150)
        page.screenshot(path=str(folder / f"{name}-{theme}.png"))
