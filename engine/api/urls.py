"""Engine API: executions, history, task tokens, activities, the registered functions, the
dashboard's figures, and trying drafts out (test-state, test runs)."""

from __future__ import annotations

from django.urls import path

from . import activities, dashboard, executions, functions, testing, tokens, waiting

urlpatterns = [
    path(
        "executions/",  # a POST with ?wait waits on the event loop (waiting.py)
        waiting.wait_or(executions.ExecutionsView.as_view(), waiting.StartThenWaitView.as_view()),
        name="api-executions",
    ),
    path("executions/<str:id>/", executions.ExecutionView.as_view(), name="api-execution"),
    path(
        "executions/<str:id>/history/",
        executions.HistoryView.as_view(),
        name="api-execution-history",
    ),
    path(
        "executions/<str:id>/stop/",
        executions.StopView.as_view(),
        name="api-execution-stop",
    ),
    path(
        "executions/<str:id>/redrive/",
        executions.RedriveView.as_view(),
        name="api-execution-redrive",
    ),
    path("task-tokens/success/", tokens.TaskSuccessView.as_view(), name="api-task-success"),
    path("task-tokens/failure/", tokens.TaskFailureView.as_view(), name="api-task-failure"),
    path("task-tokens/heartbeat/", tokens.TaskHeartbeatView.as_view(), name="api-task-heartbeat"),
    path("functions/", functions.FunctionsView.as_view(), name="api-functions"),
    path("test-state/", testing.StateTestView.as_view(), name="api-test-state"),
    path("test-runs/", testing.MockedRunView.as_view(), name="api-test-runs"),
    path("activities/", activities.ActivitiesView.as_view(), name="api-activities"),
    path("activities/<str:name>/", activities.ActivityView.as_view(), name="api-activity"),
    path(
        "activities/<str:name>/tasks/",
        activities.ActivityTasksView.as_view(),
        name="api-activity-tasks",
    ),
    path("dashboard/", dashboard.DashboardView.as_view(), name="api-dashboard"),
    path(
        "workflows/<str:name>/stats/",
        dashboard.WorkflowStatsView.as_view(),
        name="api-workflow-stats",
    ),
]
