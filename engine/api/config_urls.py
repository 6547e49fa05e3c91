"""Engine configuration API: HTTP connections and schedules."""

from __future__ import annotations

from django.urls import path, re_path

from .connections import ConnectionViewSet
from .schedules import ScheduleViewSet

COLLECTION = {"get": "list", "post": "create"}
ITEM = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    path("connections/", ConnectionViewSet.as_view(COLLECTION), name="api-connections"),
    # Any name but one with NUL, which Postgres cannot compare (a 404, not a 500).
    re_path(
        r"^connections/(?P<name>[^/\x00]+)/$",
        ConnectionViewSet.as_view(ITEM),
        name="api-connection",
    ),
    path("schedules/", ScheduleViewSet.as_view(COLLECTION), name="api-schedules"),
    path("schedules/<slug:name>/", ScheduleViewSet.as_view(ITEM), name="api-schedule"),
]
