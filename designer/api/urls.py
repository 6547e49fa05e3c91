"""Designer API: workflows, versions, aliases, validation."""

from __future__ import annotations

from django.urls import path

from . import aliases, views

urlpatterns = [
    path("workflows/", views.WorkflowListView.as_view(), name="api-workflows"),
    path("workflows/<str:name>/", views.WorkflowDetailView.as_view(), name="api-workflow"),
    path("workflows/<str:name>/versions/", views.VersionListView.as_view(), name="api-versions"),
    path(
        "workflows/<str:name>/versions/<str:number>/",
        views.VersionDetailView.as_view(),
        name="api-version",
    ),
    path("workflows/<str:name>/aliases/", aliases.AliasListView.as_view(), name="api-aliases"),
    path(
        "workflows/<str:name>/aliases/<str:alias>/",
        aliases.AliasDetailView.as_view(),
        name="api-alias",
    ),
    path("validate/", views.ValidateView.as_view(), name="api-validate"),
]
