"""/api/dashboard/ and /api/workflows/<name>/stats/: executions by status and bucket, success
rate, p50/p95 run times, the states that fail (retried, caught) most, what waits right now, and
who may read them; bad query values are a 400 that names the parameter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.models import HumanTask, TaskStatus
from designer.models import WorkflowVersion
from designer.services import publish_version
from engine.conf import engine_setting
from engine.models import EngineHeartbeat, Execution, StateRollup, Status, Timer
from engine.models.heartbeat import Process
from tests.accounts.users import bearer, error_code, user_with

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
SINCE = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday; the window is that whole day
UNTIL = SINCE + timedelta(days=1)
WINDOW = {"since": "2026-03-02T00:00:00Z", "until": "2026-03-03T00:00:00Z", "bucket": "6h"}


@pytest.fixture
def viewer(db: None) -> APIClient:
    return bearer(user_with("viewer", "dash-viewer"))


@pytest.fixture
def shop(db: None) -> WorkflowVersion:
    return publish_version("shop", PASS)


def run(
    version: WorkflowVersion,
    status: str,
    started_at: datetime,
    seconds: float | None = None,
    **fields: Any,
) -> Execution:
    """An execution row as the engine leaves it: ended `seconds` after it started."""
    stopped_at = None if seconds is None else started_at + timedelta(seconds=seconds)
    return Execution.objects.create(
        workflow=version.workflow,
        version=version,
        name=uuid.uuid4().hex,
        status=status,
        started_at=started_at,
        stopped_at=stopped_at,
        is_runnable=False,
        **fields,
    )


def at(hours: float) -> datetime:
    return SINCE + timedelta(hours=hours)


def dashboard(client: APIClient, **query: str) -> dict[str, Any]:
    response = client.get("/api/dashboard/", {**WINDOW, **query})
    assert response.status_code == 200, response.content
    return response.json()


def seed_day(shop: WorkflowVersion) -> None:
    """In the window: 3 succeeded (10, 20, 30 s), 1 failed (40 s), 1 aborted (50 s), 1 still
    running, 1 timed out that ends after the window; around it, what must not count."""
    run(shop, Status.SUCCEEDED, at(1), 10)
    run(shop, Status.SUCCEEDED, at(2), 20)
    run(shop, Status.SUCCEEDED, at(7), 30)
    run(shop, Status.FAILED, at(13), 40)
    run(shop, Status.ABORTED, at(19), 50)
    run(shop, Status.RUNNING, at(20))
    run(shop, Status.TIMED_OUT, at(23.9), 3600)  # started in the window, ends after it
    run(shop, Status.SUCCEEDED, at(-1), 3600 + 60)  # started before, ended in the first hour
    run(shop, Status.FAILED, at(25), 5)  # after the window
    run(shop, Status.SUCCEEDED, at(3), 7, test_run=True)  # a test run is not production


# Executions over time


def test_counts_executions_started_in_the_window_by_status_with_the_success_rate(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    seed_day(shop)

    figures = dashboard(viewer)["executions"]

    assert figures["started"] == 7
    assert figures["by_status"] == {
        "RUNNING": 1,
        "SUCCEEDED": 3,
        "FAILED": 1,
        "TIMED_OUT": 1,
        "ABORTED": 1,
    }
    assert figures["success_rate"] == pytest.approx(3 / 6)  # the running one has not finished


def test_each_bucket_counts_the_executions_that_started_in_it(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    seed_day(shop)

    answer = dashboard(viewer)
    series = answer["executions"]["series"]

    assert answer["bucket_seconds"] == 6 * 3600
    assert [b["start"] for b in series] == [
        "2026-03-02T00:00:00Z",
        "2026-03-02T06:00:00Z",
        "2026-03-02T12:00:00Z",
        "2026-03-02T18:00:00Z",
    ]
    assert [b["started"] for b in series] == [2, 1, 1, 3]
    assert series[3]["by_status"] == {
        "RUNNING": 1,
        "SUCCEEDED": 0,
        "FAILED": 0,
        "TIMED_OUT": 1,
        "ABORTED": 1,
    }


def test_the_bucket_is_chosen_by_the_range_when_not_given(viewer: APIClient) -> None:
    def bucket(hours: float) -> int:
        until = SINCE + timedelta(hours=hours)
        query = {"since": WINDOW["since"], "until": until.isoformat().replace("+00:00", "Z")}
        response = viewer.get("/api/dashboard/", query)
        return int(response.json()["bucket_seconds"])

    assert bucket(1) == 60
    assert bucket(6) == 300
    assert bucket(24) == 3600
    assert bucket(24 * 7) == 6 * 3600
    assert bucket(24 * 30) == 86400


def test_without_a_window_it_reads_the_last_24_hours(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    run(shop, Status.SUCCEEDED, now - timedelta(hours=2), 1)
    run(shop, Status.SUCCEEDED, now - timedelta(hours=30), 1)

    answer = viewer.get("/api/dashboard/").json()

    assert answer["executions"]["started"] == 1
    since = datetime.fromisoformat(answer["since"])
    until = datetime.fromisoformat(answer["until"])
    assert until - since == timedelta(hours=24)
    assert answer["bucket_seconds"] == 3600


# Run time


def test_p50_and_p95_are_of_the_executions_that_ended_in_the_window(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    seed_day(shop)

    duration = dashboard(viewer)["duration"]

    # Ended in the window: 10, 20, 30, 40, 50 s and the one from the day before (3660 s).
    assert duration["finished"] == 6
    assert duration["p50_seconds"] == pytest.approx(35.0)  # between 30 and 40
    assert duration["p95_seconds"] == pytest.approx(50 + 0.75 * (3660 - 50))  # interpolated


def test_each_bucket_has_the_run_times_of_what_ended_in_it(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    seed_day(shop)

    series = dashboard(viewer)["duration"]["series"]

    assert [b["finished"] for b in series] == [3, 1, 1, 1]
    assert series[0]["p50_seconds"] == pytest.approx(20.0)  # 10, 20 and 3660
    assert (series[2]["p50_seconds"], series[2]["p95_seconds"]) == (40.0, 40.0)  # one alone


def test_an_empty_window_says_so_and_has_no_rates(viewer: APIClient, shop: WorkflowVersion) -> None:
    answer = dashboard(viewer)

    assert answer["is_empty"] is True
    assert answer["executions"]["success_rate"] is None
    assert answer["duration"]["p95_seconds"] is None
    assert len(answer["executions"]["series"]) == 4  # the buckets are there, all zero


# One workflow


def test_a_workflow_filter_leaves_the_others_out(viewer: APIClient, shop: WorkflowVersion) -> None:
    seed_day(shop)
    other = publish_version("other", PASS)
    run(other, Status.FAILED, at(1), 99)
    StateRollup.objects.create(
        hour=at(1),
        workflow=other.workflow,
        state="P",
        kind="failed",
        error="E",
        count=5,
        last_execution=uuid.uuid4(),
    )

    mine = dashboard(viewer, workflow="shop")
    everyone = dashboard(viewer)

    assert (mine["workflow"], mine["executions"]["started"]) == ("shop", 7)
    assert everyone["executions"]["started"] == 8
    assert mine["failing_states"] == []
    assert [row["workflow"] for row in everyone["failing_states"]] == ["other"]


def test_an_unknown_workflow_is_a_404(viewer: APIClient) -> None:
    response = viewer.get("/api/dashboard/", {"workflow": "no-such-workflow"})

    assert response.status_code == 404
    assert "no-such-workflow" in response.json()["error"]["message"]


# The states that fail most


def rollup(
    version: WorkflowVersion, hour: float, state: str, kind: str, count: int, **kw: Any
) -> Any:
    return StateRollup.objects.create(
        hour=at(hour),
        workflow=version.workflow,
        state=state,
        kind=kind,
        error=kw.get("error", "States.TaskFailed"),
        count=count,
        last_execution=kw.get("last", uuid.uuid4()),
    )


def test_failing_states_are_summed_over_the_hours_and_ranked_with_a_link(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    early = run(shop, Status.FAILED, at(1), 1)
    late = run(shop, Status.FAILED, at(5), 1)
    rollup(shop, 1, "Charge", "failed", 2, last=early.id)
    rollup(shop, 5, "Charge", "failed", 3, last=late.id)
    rollup(shop, 3, "Ship", "failed", 4, error="Http.503")
    rollup(shop, 30, "Ship", "failed", 100, error="Http.503")  # the next day: not counted

    rows = dashboard(viewer)["failing_states"]

    assert [(r["state"], r["error"], r["count"]) for r in rows] == [
        ("Charge", "States.TaskFailed", 5),
        ("Ship", "Http.503", 4),
    ]
    assert rows[0]["last_execution"] == str(late.id)  # the latest hour's
    assert rows[0]["last_execution_exists"] is True
    assert rows[1]["last_execution_exists"] is False  # deleted by retention, say


def test_only_the_top_ten_failing_states_are_listed(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    for n in range(12):
        rollup(shop, 1, f"S{n:02}", "failed", n + 1)

    rows = dashboard(viewer)["failing_states"]

    assert [r["state"] for r in rows] == [f"S{n:02}" for n in range(11, 1, -1)]


def test_retries_and_caught_errors_are_listed_apart_from_failures(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    rollup(shop, 2, "Charge", "retried", 6, error="States.Timeout")
    rollup(shop, 2, "Charge", "caught", 1, error="PaymentDeclined")
    rollup(shop, 2, "Ship", "failed", 1)

    answer = dashboard(viewer)

    assert [(r["state"], r["error"], r["count"]) for r in answer["retries"]] == [
        ("Charge", "States.Timeout", 6)
    ]
    assert [(r["state"], r["error"]) for r in answer["caught"]] == [("Charge", "PaymentDeclined")]
    assert [r["state"] for r in answer["failing_states"]] == ["Ship"]
    assert answer["is_empty"] is False  # a rollup alone is something to show


def test_a_window_starting_inside_an_hour_counts_that_hours_rollups(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    rollup(shop, 10, "Charge", "failed", 2)  # the 10:00 hour

    rows = dashboard(viewer, since="2026-03-02T10:20:00Z", until="2026-03-02T11:00:00Z")[
        "failing_states"
    ]

    assert [r["count"] for r in rows] == [2]


# What waits now


def task(execution: Execution, n: int, **fields: Any) -> HumanTask:
    values = {
        "token": f"dash-{n}",
        "execution": execution,
        "task_key": f"k{n}",
        "state": "Approve",
        "workflow": execution.workflow.name,
        "title": "Refund",
        "created_at": timezone.now(),
    }
    return HumanTask.objects.create(**{**values, **fields})


def test_open_and_overdue_human_tasks_and_the_age_of_the_oldest(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    waiting = run(shop, Status.RUNNING, now - timedelta(hours=3))
    task(waiting, 1, created_at=now - timedelta(hours=2))
    task(waiting, 2, status=TaskStatus.CLAIMED, due_at=now - timedelta(minutes=5))
    task(waiting, 3, status=TaskStatus.ESCALATED, due_at=now + timedelta(hours=1))
    task(waiting, 4, status=TaskStatus.APPROVED, created_at=now - timedelta(days=9))
    task(waiting, 5, status=TaskStatus.OPEN, workflow="other")

    everyone = dashboard(viewer)["human_tasks"]
    mine = dashboard(viewer, workflow="shop")["human_tasks"]

    assert (everyone["open"], everyone["overdue"]) == (4, 1)
    assert 2 * 3600 <= everyone["oldest_open_age_seconds"] < 3 * 3600
    assert mine["open"] == 3


def test_due_timers_not_fired_yet_and_the_lag_of_the_oldest(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    now = timezone.now()
    waiting = run(shop, Status.RUNNING, now - timedelta(hours=1))
    Timer.objects.create(execution=waiting, key="late", fire_at=now - timedelta(seconds=90))
    Timer.objects.create(execution=waiting, key="due", fire_at=now - timedelta(seconds=1))
    Timer.objects.create(execution=waiting, key="later", fire_at=now + timedelta(hours=1))

    timers = dashboard(viewer)["timers"]

    assert timers["due"] == 2
    assert 90 <= timers["oldest_lag_seconds"] < 3600


def test_nothing_waiting_has_no_ages(viewer: APIClient) -> None:
    answer = dashboard(viewer)

    assert answer["human_tasks"] == {"open": 0, "overdue": 0, "oldest_open_age_seconds": None}
    assert answer["timers"] == {"due": 0, "oldest_lag_seconds": None}


def test_engines_are_alive_while_their_heartbeat_is_fresh(viewer: APIClient) -> None:
    now = timezone.now()
    dead_after = float(engine_setting("ENGINE_DEAD_SECONDS"))
    EngineHeartbeat.beat(Process.ENGINE, "engine-a", now)
    EngineHeartbeat.beat(Process.ENGINE, "engine-b", now - timedelta(seconds=dead_after + 60))
    EngineHeartbeat.beat(Process.CLUSTER, "cluster", now - timedelta(seconds=60))

    engines = {e["name"]: e for e in dashboard(viewer)["engines"]}

    assert {name: e["alive"] for name, e in engines.items()} == {
        "engine-a": True,
        "engine-b": False,
        "cluster": True,  # a cluster beats about once a minute
    }
    assert engines["engine-b"]["kind"] == "engine"
    assert engines["engine-b"]["age_seconds"] >= dead_after + 60


# Who may read it


def test_anonymous_callers_are_refused_and_roleless_ones_forbidden(db: None) -> None:
    anonymous = APIClient().get("/api/dashboard/")
    roleless = bearer(user_with(None, "dash-nobody")).get("/api/dashboard/")
    stats = bearer(user_with(None, "dash-nobody-2")).get("/api/workflows/x/stats/")

    assert anonymous.status_code == 401
    assert (roleless.status_code, error_code(roleless)) == (403, "permission_denied")
    assert stats.status_code == 403


def test_every_role_reads_the_dashboard(db: None) -> None:
    for role in ("viewer", "operator", "designer", "admin"):
        client = bearer(user_with(role, f"dash-{role}"))
        assert client.get("/api/dashboard/").status_code == 200, role


# Bad query values


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-13-01T00:00:00Z"}, "until"),
        ({"since": "2026-03-03T00:00:00Z", "until": "2026-03-02T00:00:00Z"}, "until"),
        ({"since": "2999-01-01T00:00:00Z"}, "since"),  # after now, the default until
        ({"since": "1066-10-14T09:00:00Z"}, "since"),
        ({"bucket": "5x"}, "bucket"),
        ({"bucket": "10"}, "bucket"),  # under a minute
        ({"bucket": "9999d"}, "bucket"),
        ({"since": "2020-01-01T00:00:00Z", "bucket": "1m"}, "bucket"),  # too many buckets
        ({"workflow": "a" * 81}, "workflow"),
    ],
)
def test_a_bad_query_value_is_a_400_naming_the_parameter(
    viewer: APIClient, query: dict[str, str], parameter: str
) -> None:
    response = viewer.get("/api/dashboard/", query)

    assert response.status_code == 400
    assert error_code(response) == "invalid"
    assert list(response.json()["error"]["details"]) == [parameter]


# A workflow's own figures


def test_workflow_stats_give_a_point_per_day_today_last(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    run(shop, Status.SUCCEEDED, today + timedelta(seconds=1), 2)
    run(shop, Status.FAILED, today + timedelta(seconds=2), 8)
    run(shop, Status.SUCCEEDED, today - timedelta(days=2) + timedelta(hours=1), 4)
    run(shop, Status.SUCCEEDED, today - timedelta(days=5), 4)  # before the 3 days

    response = viewer.get("/api/workflows/shop/stats/", {"days": 3})
    stats = response.json()

    assert response.status_code == 200
    assert [day["day"] for day in stats["series"]] == [
        str((today - timedelta(days=n)).date()) for n in (2, 1, 0)
    ]
    assert [day["started"] for day in stats["series"]] == [1, 0, 2]
    assert [day["success_rate"] for day in stats["series"]] == [1.0, None, 0.5]
    assert (stats["started"], stats["succeeded"]) == (3, 2)
    assert stats["success_rate"] == pytest.approx(2 / 3)
    assert stats["p95_seconds"] == pytest.approx(4 + 0.9 * (8 - 4))  # of 2, 4 and 8 s


def test_workflow_stats_default_to_seven_days_and_refuse_bad_ones(
    viewer: APIClient, shop: WorkflowVersion
) -> None:
    week = viewer.get("/api/workflows/shop/stats/")
    zero = viewer.get("/api/workflows/shop/stats/", {"days": 0})
    words = viewer.get("/api/workflows/shop/stats/", {"days": "week"})
    missing = viewer.get("/api/workflows/nope/stats/")

    assert (week.json()["days"], len(week.json()["series"])) == (7, 7)
    assert (zero.status_code, list(zero.json()["error"]["details"])) == (400, ["days"])
    assert (words.status_code, list(words.json()["error"]["details"])) == (400, ["days"])
    assert missing.status_code == 404


def test_the_schema_describes_both_endpoints_and_their_parameters(viewer: APIClient) -> None:
    paths = viewer.get("/api/schema/?format=json").json()["paths"]

    dashboard_get = paths["/api/dashboard/"]["get"]
    stats_get = paths["/api/workflows/{name}/stats/"]["get"]
    assert {p["name"] for p in dashboard_get["parameters"]} == {
        "since",
        "until",
        "workflow",
        "bucket",
    }
    assert {"200", "400", "401", "403", "404"} <= set(dashboard_get["responses"])
    assert "days" in {p["name"] for p in stats_get["parameters"]}
