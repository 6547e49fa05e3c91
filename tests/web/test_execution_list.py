"""The execution list /executions/: its filters (kept in the URL), counts by status, cursor
pages that stay put while executions start, and the bulk stop and redrive."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.test import Client

from designer.models import WorkflowVersion
from designer.services import create_workflow, publish_version, put_alias
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status
from tests.web.conftest import PASS_THEN_WAIT, RoleClient, shown_testids

FAILS = {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom.Broke"}}}


def shown(client: Client, query: str = "", path: str = "/executions/") -> list[str]:
    """The execution ids of the page's rows, in order."""
    return rows_and_links(client, query, path)[0]


def rows_and_links(
    client: Client, query: str = "", path: str = "/executions/"
) -> tuple[list[str], dict[str, str]]:
    """One page as a reader sees it: its rows' ids in order, and the query strings of its
    Newer and Older links by data-testid."""
    html = client.get(f"{path}?{query}").content.decode()
    links = re.findall(r'href="\?([^"]*)" data-testid="(page-newer|page-older)"', html)
    return re.findall(r'<tr data-execution="([^"]+)"', html), {t: unescape(q) for q, t in links}


def names(client: Client, query: str = "") -> set[str]:
    ids = shown(client, query)
    return set(Execution.objects.filter(id__in=ids).values_list("name", flat=True))


def link(client: Client, query: str, testid: str) -> str | None:
    """The query string of the page's Newer or Older link (None when there is none)."""
    return rows_and_links(client, query)[1].get(testid)


def counts(client: Client, query: str = "") -> dict[str, int]:
    html = client.get(f"/executions/?{query}").content.decode()
    return {s: int(n) for s, n in re.findall(r'data-count="([A-Z_]+)">(\d+)<', html)}


def started(execution: Execution, at: datetime) -> Execution:
    Execution.objects.filter(id=execution.id).update(started_at=at)
    return execution


def test_each_filter_narrows_the_list(viewer: Client, saga: WorkflowVersion) -> None:
    second = publish_version("saga", {**PASS_THEN_WAIT, "Comment": "two"}, description="two")
    put_alias(saga.workflow, "prod", [{"version": second.number, "weight": 100}])
    other = create_workflow("other", saga.definition)
    start_execution(saga, {}, name="alpha-1")
    failed, _ = start_execution(second, {}, name="beta-1", alias="prod")
    Execution.objects.filter(id=failed.id).update(status=Status.FAILED)
    old, _ = start_execution(other, {}, name="alpha-2")
    started(old, datetime(2026, 1, 10, 23, 59, tzinfo=UTC))

    assert names(viewer) == {"alpha-1", "beta-1", "alpha-2"}
    assert names(viewer, "workflow=saga") == {"alpha-1", "beta-1"}
    assert names(viewer, "workflow=saga&version=2") == {"beta-1"}
    assert names(viewer, "alias=prod") == {"beta-1"}
    assert names(viewer, "status=FAILED") == {"beta-1"}
    assert names(viewer, "q=alpha") == {"alpha-1", "alpha-2"}
    # started between two dates (UTC days, both included)
    assert names(viewer, "started_from=2026-01-10&started_to=2026-01-10") == {"alpha-2"}
    assert names(viewer, "started_from=2026-01-11") == {"alpha-1", "beta-1"}
    assert names(viewer, "started_to=2026-01-09") == set()
    assert "No execution matches" in viewer.get("/executions/?workflow=nope").content.decode()


def test_a_whole_id_finds_that_execution_and_nothing_else(
    viewer: Client, saga: WorkflowVersion
) -> None:
    wanted, _ = start_execution(saga, {}, name="first")
    start_execution(saga, {}, name=str(wanted.id)[:8])  # a name that is the id's prefix
    assert shown(viewer, f"q={wanted.id}") == [str(wanted.id)]
    assert shown(viewer, f"q={str(wanted.id).upper()}") == [str(wanted.id)]
    assert shown(viewer, f"q={str(wanted.id)[:8]}") != [str(wanted.id)]  # a prefix is a name


def test_the_filters_stay_in_the_form_the_counts_and_the_page_links(
    viewer: Client, saga: WorkflowVersion
) -> None:
    for number in range(51):
        start_execution(saga, {}, name=f"run-{number}")
    html = viewer.get("/executions/?workflow=saga&q=run&status=RUNNING").content.decode()
    assert 'name="workflow" value="saga"' in html and 'name="q" value="run"' in html
    assert '<option value="RUNNING" selected>' in html
    older = link(viewer, "workflow=saga&q=run&status=RUNNING", "page-older")
    assert older is not None and "workflow=saga" in older and "q=run" in older
    assert "status=RUNNING" in older
    # a count keeps the other filters; the chosen status's count clears it
    assert 'href="?workflow=saga&amp;status=FAILED&amp;q=run"' in html
    assert 'href="?workflow=saga&amp;q=run" aria-current="true"' in html


def test_counts_are_by_status_for_the_filters_other_than_the_status(
    viewer: Client, saga: WorkflowVersion
) -> None:
    other = create_workflow("other", saga.definition)
    for number in range(3):
        start_execution(saga, {}, name=f"ok-{number}")
    failed, _ = start_execution(saga, {}, name="bad")
    Execution.objects.filter(id=failed.id).update(status=Status.FAILED)
    start_execution(other, {}, name="elsewhere")

    assert counts(viewer)["RUNNING"] == 4
    expected = {"RUNNING": 3, "SUCCEEDED": 0, "FAILED": 1, "TIMED_OUT": 0, "ABORTED": 0}
    assert counts(viewer, "workflow=saga") == expected
    assert counts(viewer, "workflow=saga&status=FAILED") == expected
    assert shown(viewer, "workflow=saga&status=FAILED") == [str(failed.id)]


def test_cursor_pages_show_every_row_once_while_new_ones_start(
    viewer: Client, saga: WorkflowVersion
) -> None:
    base = datetime.now(UTC) - timedelta(hours=1)
    for number in range(120):  # seven to a second: pages break inside ties
        execution, _ = start_execution(saga, {}, name=f"run-{number}")
        started(execution, base + timedelta(seconds=number // 7))
    before = set(map(str, Execution.objects.values_list("id", flat=True)))

    seen: list[str] = []
    query: str | None = ""
    pages = []
    while query is not None:
        rows, links = rows_and_links(viewer, query)
        pages.append(query)
        seen += rows
        start_execution(saga, {}, name=f"meanwhile-{len(pages)}")  # lands above page one
        query = links.get("page-older")
    assert len(pages) == 3
    assert len(seen) == len(set(seen))  # no row twice
    assert set(seen) - before == set() and before - set(seen) == set()  # none missing

    # Newer from the last page gives the page above it again
    newer = link(viewer, pages[2], "page-newer")
    assert newer is not None and shown(viewer, newer) == shown(viewer, pages[1])


def test_newer_from_the_second_page_is_the_newest_page(
    viewer: Client, saga: WorkflowVersion
) -> None:
    for number in range(55):
        start_execution(saga, {}, name=f"run-{number}")
    second = link(viewer, "", "page-older")
    assert second is not None
    newer = link(viewer, second, "page-newer")
    assert newer is not None and shown(viewer, newer) == shown(viewer)
    assert link(viewer, newer, "page-newer") is None


def test_the_live_part_renders_the_same_rows_as_the_page(
    viewer: Client, saga: WorkflowVersion
) -> None:
    for number in range(3):
        start_execution(saga, {}, name=f"run-{number}")
    assert shown(viewer, "q=run-1", "/executions/live/") == shown(viewer, "q=run-1")
    assert len(shown(viewer, "", "/executions/live/")) == 3


# Bulk actions ---------------------------------------------------------------------------------


def test_a_viewer_sees_no_bulk_controls_and_cannot_post_them(
    viewer: Client, saga: WorkflowVersion
) -> None:
    execution, _ = start_execution(saga, {})
    listing = shown_testids(viewer.get("/executions/"))
    assert "execution-table" in listing
    assert not listing & {"select-execution", "select-all", "bulk-stop", "bulk-redrive"}
    refused = viewer.post(
        "/executions/bulk/", {"action": "stop", "ids": [execution.id], "confirmed": "yes"}
    )
    assert refused.status_code == 403
    assert Execution.objects.get(id=execution.id).status == Status.RUNNING


def test_the_bulk_form_needs_its_csrf_token(as_role: RoleClient, saga: WorkflowVersion) -> None:
    execution, _ = start_execution(saga, {})
    strict = as_role("operator", csrf_checks=True)
    assert {"select-execution", "bulk-stop", "bulk-redrive"} <= shown_testids(
        strict.get("/executions/")
    )
    data = {"action": "stop", "ids": [execution.id], "confirmed": "yes"}
    assert strict.post("/executions/bulk/", data).status_code == 403
    assert Execution.objects.get(id=execution.id).status == Status.RUNNING


def test_without_a_confirmation_the_server_asks_first(
    operator: Client, saga: WorkflowVersion
) -> None:
    first, _ = start_execution(saga, {})
    second, _ = start_execution(saga, {})
    data = {"action": "stop", "ids": [first.id, second.id], "back": "workflow=saga"}
    page = operator.post("/executions/bulk/", data)
    assert page.status_code == 200 and "bulk-confirm" in shown_testids(page)
    assert "Stop 2 executions?" in page.content.decode()
    assert Execution.objects.filter(status=Status.RUNNING).count() == 2


def test_bulk_stop_stops_the_running_ones_and_counts_the_rest(
    operator: Client, saga: WorkflowVersion
) -> None:
    running = [start_execution(saga, {})[0] for _ in range(3)]
    ended, _ = start_execution(saga, {})
    Execution.objects.filter(id=ended.id).update(status=Status.SUCCEEDED)
    ids = [e.id for e in [*running, ended]]
    data = {"action": "stop", "ids": ids, "confirmed": "yes", "back": "workflow=saga&q=x"}

    answer = operator.post("/executions/bulk/", data)
    assert answer.status_code == 302
    assert answer["Location"] == "/executions/?workflow=saga&q=x"  # the filters kept
    assert Execution.objects.filter(status=Status.ABORTED).count() == 3
    assert Execution.objects.get(id=ended.id).status == Status.SUCCEEDED
    after = operator.get(answer["Location"]).content.decode()
    assert "Stopped 3; 1 had already ended." in after


def test_the_way_back_keeps_only_the_lists_own_query(
    operator: Client, saga: WorkflowVersion
) -> None:
    execution, _ = start_execution(saga, {})
    data = {"action": "stop", "ids": [execution.id], "confirmed": "yes"}
    data["back"] = "next=https://elsewhere.example/&status=RUNNING"
    answer = operator.post("/executions/bulk/", data)
    assert answer["Location"] == "/executions/?status=RUNNING"


@pytest.mark.django_db(transaction=True)
def test_bulk_redrive_resumes_the_failed_ones_and_skips_the_others(
    operator: Client, saga: WorkflowVersion
) -> None:
    broken = publish_version("broken", FAILS)
    failed = [start_execution(broken, {})[0] for _ in range(2)]
    run_until_ended([e.id for e in failed])
    running, _ = start_execution(saga, {})
    ids = [*(e.id for e in failed), running.id, "0f0f0f0f-0000-0000-0000-000000000000"]
    data = {"action": "redrive", "ids": ids, "confirmed": "yes"}

    answer = operator.post("/executions/bulk/", data, follow=True)
    message = "Redrove 2; 1 had not failed, timed out or been aborted; 1 could not be found."
    assert message in answer.content.decode()
    redriven = Execution.objects.filter(id__in=[e.id for e in failed])
    assert [e.redrive_count for e in redriven] == [1, 1]


def test_a_cursor_baton_did_not_write_shows_the_newest_page(
    viewer: Client, saga: WorkflowVersion
) -> None:
    execution, _ = start_execution(saga, {})
    for made_up in ("before=nonsense", "after=12_not-a-uuid", "before=99999999999999999999_x"):
        assert shown(viewer, made_up) == [str(execution.id)]
    past_the_end = f"before=0_{execution.id}"
    page = viewer.get(f"/executions/?{past_the_end}").content.decode()
    assert "Nothing further this way" in page and 'data-testid="page-newer"' in page
