"""The pages check the API's roles: a control a role does not allow is not shown, and its POST
is refused with Baton's 403 page; forms carry CSRF and a POST without it is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from designer.models import Workflow, WorkflowVersion

from .conftest import RoleClient, shown_testids

CONTROLS = {"start-execution", "edit-in-designer", "archive", "alias-form"}
ALLOWED = {
    "viewer": set(),
    "operator": {"start-execution"},
    "designer": CONTROLS,
    "admin": CONTROLS,
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_sees_only_the_controls_it_may_use(
    as_role: RoleClient, saga: WorkflowVersion, role: str
) -> None:
    page = as_role(role).get("/workflows/saga/")
    assert page.status_code == 200
    shown = shown_testids(page)
    assert shown & CONTROLS == ALLOWED[role]
    assert "export" in shown  # reading the definition is everyone's


def test_only_admins_see_the_admin_link(as_role: RoleClient, saga: WorkflowVersion) -> None:
    for role, shown in [("designer", False), ("admin", True)]:
        page = as_role(role).get("/workflows/").content.decode()
        assert ('href="/admin/"' in page) is shown, role


def test_the_list_offers_new_and_import_to_designers_only(
    as_role: RoleClient, saga: WorkflowVersion
) -> None:
    assert {"new-workflow", "import-asl"} <= shown_testids(as_role("designer").get("/workflows/"))
    assert not {"new-workflow", "import-asl"} & shown_testids(
        as_role("operator").get("/workflows/")
    )


REFUSED_TO_VIEWERS = [
    ("/workflows/saga/start/", {"input": "{}", "target": "latest"}),
    ("/workflows/saga/archive/", {}),
    ("/workflows/saga/aliases/", {"name": "prod", "version": 1}),
    ("/workflows/saga/design/", {"definition": "{}"}),
    ("/workflows/new/", {"name": "x", "definition": "{}"}),
]


@pytest.mark.parametrize(("path", "body"), REFUSED_TO_VIEWERS)
def test_a_viewer_posting_an_action_gets_the_403_page_and_nothing_changes(
    viewer: Client, saga: WorkflowVersion, path: str, body: dict[str, object]
) -> None:
    response = viewer.post(path, body)
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    workflow = Workflow.objects.get(name="saga")
    assert (workflow.archived_at, workflow.aliases.count(), workflow.versions.count()) == (
        None,
        0,
        1,
    )
    assert not workflow.executions.exists()


def test_a_user_without_a_role_is_refused_the_pages(
    as_role: RoleClient, saga: WorkflowVersion
) -> None:
    client = as_role("norole")
    for path in ("/workflows/", "/workflows/saga/", "/executions/"):
        assert client.get(path).status_code == 403, path


def test_a_post_without_csrf_is_refused(as_role: RoleClient, saga: WorkflowVersion) -> None:
    client = as_role("designer", csrf_checks=True)
    response = client.post("/workflows/saga/archive/")
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert Workflow.objects.get(name="saga").archived_at is None


def test_a_post_with_the_pages_csrf_token_goes_through(
    as_role: RoleClient, saga: WorkflowVersion
) -> None:
    client = as_role("designer", csrf_checks=True)
    client.get("/workflows/saga/")  # sets the CSRF cookie, as a browser's first visit does
    token = client.cookies["csrftoken"].value
    response = client.post("/workflows/saga/archive/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Workflow.objects.get(name="saga").archived_at is not None


def test_errors_come_in_the_same_look(viewer: Client) -> None:
    page = viewer.get("/workflows/no-such-workflow/")
    assert page.status_code == 404
    body = page.content.decode()
    assert "Not found" in body and 'class="topbar"' in body and "css/baton.css" in body
