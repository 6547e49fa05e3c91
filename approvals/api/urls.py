"""URLs of /api/human-tasks/."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("human-tasks/", views.HumanTasksView.as_view(), name="api-human-tasks"),
    path("human-tasks/<int:id>/", views.HumanTaskView.as_view(), name="api-human-task"),
    path("human-tasks/<int:id>/claim/", views.ClaimView.as_view(), name="api-human-task-claim"),
    path(
        "human-tasks/<int:id>/unclaim/",
        views.UnclaimView.as_view(),
        name="api-human-task-unclaim",
    ),
    path("human-tasks/<int:id>/decide/", views.DecideView.as_view(), name="api-human-task-decide"),
    path(
        "human-tasks/<int:id>/reassign/",
        views.ReassignView.as_view(),
        name="api-human-task-reassign",
    ),
    path(
        "human-tasks/<int:id>/delegate/",
        views.DelegateView.as_view(),
        name="api-human-task-delegate",
    ),
    path(
        "human-tasks/<int:id>/comments/",
        views.CommentsView.as_view(),
        name="api-human-task-comments",
    ),
]
