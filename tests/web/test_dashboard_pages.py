"""The dashboard page /dashboard/ as the server renders it (its charts are the browser test's),
the Dashboard link in the top bar, and each workflow page's own last 7 days."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from designer.models import WorkflowVersion
from designer.services import publish_version
from engine.models import Execution, StateRollup, Status

from .conftest import RoleClient, shown_testids

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


@pytest.fixture
def shop(db: None) -> WorkflowVersion:
    return publish_version("shop", PASS)


def run(version: WorkflowVersion, status: str, started_at: datetime, seconds: float) -> Execution:
    return Execution.objects.create(
        workflow=version.workflow,
        version=version,
        name=uuid.uuid4().hex,
        status=status,
        started_at=started_at,
        stopped_at=started_at + timedelta(seconds=seconds),
        is_runnable=False,
    )


def value_of(html: str, testid: str) -> str:
    """The data-value of the element with that data-testid."""
    found = re.search(rf'data-testid="{testid}"[^>]*data-value="([^"]*)"', html)
    assert found, f"no {testid} with a data-value"
    return found.group(1)


def text_of(html: str, testid: str) -> str:
    found = re.search(
        rf'data-testid="{testid}"[^>]*>(?:<[^>]+>[^<]*</[^>]+>)?<strong>([^<]*)<', html
    )
    assert found, f"no {testid} figure"
    return found.group(1)


# The dashboard


def test_a_viewer_sees_the_figures_of_the_last_24_hours(
    viewer: Client, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    for minutes, status, seconds in [(50, "SUCCEEDED", 2), (40, "SUCCEEDED", 4), (30, "FAILED", 6)]:
        run(shop, status, now - timedelta(minutes=minutes), seconds)
    run(shop, Status.SUCCEEDED, now - timedelta(hours=30), 1)  # the day before

    page = viewer.get("/dashboard/")
    html = page.content.decode()

    assert page.status_code == 200
    assert (value_of(html, "figure-started"), text_of(html, "figure-started")) == ("3", "3")
    assert value_of(html, "figure-succeeded") == "2"
    assert value_of(html, "figure-failed") == "1"
    assert text_of(html, "figure-success-rate") == "66.7%"
    assert (value_of(html, "figure-p50"), text_of(html, "figure-p50")) == ("4.0", "4.0 s")
    assert {"chart-executions", "chart-duration", "failing-states"} <= shown_testids(page)
    assert "dashboard-empty" not in shown_testids(page)


def test_an_empty_range_says_there_is_nothing_in_it_yet(
    viewer: Client, shop: WorkflowVersion
) -> None:
    run(shop, Status.SUCCEEDED, timezone.now() - timedelta(hours=3), 1)

    page = viewer.get("/dashboard/?range=1h")

    assert "Nothing in this range yet" in page.content.decode()
    assert {"dashboard-empty", "human-tasks", "timers", "engines"} <= shown_testids(page)
    assert "chart-executions" not in shown_testids(page)


def test_the_range_and_the_workflow_are_kept_in_the_url(
    viewer: Client, shop: WorkflowVersion
) -> None:
    publish_version("other", PASS)

    html = viewer.get("/dashboard/?range=7d&workflow=shop").content.decode()

    links = dict(re.findall(r'href="([^"]+)" data-range="([^"]+)"', html))
    assert set(links.values()) == {"1h", "24h", "7d", "30d"}
    assert all("workflow=shop" in url for url in links)
    assert re.search(r'data-range="7d"[^>]*aria-current="true"', html)
    assert re.search(r'<option value="shop" selected>', html)
    assert '"workflow": "shop"' in html  # the charts' config asks for the same workflow


def test_an_unknown_range_falls_back_to_24_hours_and_an_unknown_workflow_is_404(
    viewer: Client,
) -> None:
    assert "Last 24 hours" in viewer.get("/dashboard/?range=forever").content.decode()
    assert viewer.get("/dashboard/?workflow=nope").status_code == 404
    assert viewer.get("/dashboard/?workflow=a%00b").status_code == 404


def test_a_failing_state_links_to_its_last_execution_while_it_is_kept(
    viewer: Client, shop: WorkflowVersion
) -> None:
    failed = run(shop, Status.FAILED, timezone.now() - timedelta(minutes=5), 1)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for state, last in [("Charge", failed.id), ("Ship", uuid.uuid4())]:
        StateRollup.objects.create(
            hour=hour,
            workflow=shop.workflow,
            state=state,
            kind="failed",
            error="E",
            count=1,
            last_execution=last,
        )

    html = viewer.get("/dashboard/").content.decode()

    charge = re.search(r'data-state="Charge".*?</tr>', html, re.S)
    ship = re.search(r'data-state="Ship".*?</tr>', html, re.S)
    assert charge and f'href="/executions/{failed.id}/"' in charge.group(0)
    assert ship and 'href="/executions/' not in ship.group(0) and "deleted" in ship.group(0)


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("admin", 200), ("norole", 403)])
def test_the_dashboard_needs_a_role(as_role: RoleClient, role: str, status: int) -> None:
    assert as_role(role).get("/dashboard/").status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(db: None) -> None:
    page = Client().get("/dashboard/")

    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")


def test_the_top_bar_links_the_dashboard_for_users_with_a_role(as_role: RoleClient) -> None:
    link = 'href="/dashboard/"'
    assert link in as_role("viewer").get("/executions/").content.decode()
    assert link not in as_role("norole").get("/inbox/").content.decode()


# A workflow's page


def test_a_workflow_page_shows_its_success_rate_and_p95_of_the_last_7_days(
    viewer: Client, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    run(shop, Status.SUCCEEDED, now - timedelta(days=2), 2)
    run(shop, Status.SUCCEEDED, now - timedelta(days=1), 4)
    run(shop, Status.FAILED, now - timedelta(minutes=1), 8)
    run(shop, Status.FAILED, now - timedelta(days=9), 100)  # before the 7 days

    page = viewer.get("/workflows/shop/")
    html = page.content.decode()

    assert value_of(html, "workflow-success-rate") == str(2 / 3)
    assert re.search(r'data-testid="workflow-success-rate"[^>]*>66.7%<', html)
    assert float(value_of(html, "workflow-p95")) == pytest.approx(4 + 0.9 * (8 - 4))
    assert re.search(r'data-testid="workflow-p95"[^>]*>7.6 s<', html)
    points = dict(
        re.findall(r'data-testid="(workflow-[a-z0-9-]+-sparkline)"[^>]*data-points="(\d+)"', html)
    )
    assert points == {"workflow-success-rate-sparkline": "3", "workflow-p95-sparkline": "3"}
    assert 'href="/dashboard/?range=7d&amp;workflow=shop"' in html


def test_a_workflow_without_recent_executions_says_so(
    viewer: Client, shop: WorkflowVersion
) -> None:
    page = viewer.get("/workflows/shop/")

    assert "workflow-stats-empty" in shown_testids(page)
    assert "workflow-p95" not in shown_testids(page)


def sparkline_path(html: str, testid: str) -> Any:
    return re.search(rf'data-testid="{testid}".*?<path d="([^"]+)"', html, re.S)


def test_the_sparkline_is_drawn_from_the_daily_values(
    viewer: Client, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    run(shop, Status.SUCCEEDED, now - timedelta(days=1), 2)
    run(shop, Status.FAILED, now - timedelta(minutes=1), 2)

    html = viewer.get("/workflows/shop/").content.decode()
    path = sparkline_path(html, "workflow-success-rate-sparkline")

    # 7 days over 120 px: yesterday at x=100 (100%: the top), today at x=120 (0%: the bottom).
    assert path and path.group(1) == "M100.0,2.0 L120.0,26.0"
