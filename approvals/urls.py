"""URLs of the inbox pages under /inbox/ (approvals/views.py and approvals/task_views.py)."""

from __future__ import annotations

from django.urls import path

from . import task_views, views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("live/", views.inbox_live, name="inbox-live"),
    path("count/", views.count, name="inbox-count"),
    path("notifications/", views.notifications, name="inbox-notifications"),
    path("notifications/panel/", views.notifications_panel, name="inbox-notifications-panel"),
    path("<int:task_id>/", task_views.task_page, name="inbox-task"),
    path("<int:task_id>/claim/", task_views.claim, name="inbox-task-claim"),
    path("<int:task_id>/unclaim/", task_views.unclaim, name="inbox-task-unclaim"),
    path("<int:task_id>/decide/", task_views.decide, name="inbox-task-decide"),
    path("<int:task_id>/comment/", task_views.comment, name="inbox-task-comment"),
]
