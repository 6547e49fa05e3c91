"""The workflow pages under /workflows/."""

from django.urls import path

from . import edit_views, views

urlpatterns = [
    path("", views.workflow_list, name="workflow-list"),
    path("new/", edit_views.workflow_create, {"mode": "new"}, name="workflow-new"),
    path("import/", edit_views.workflow_create, {"mode": "import"}, name="workflow-import"),
    path("<str:name>/", views.workflow_detail, name="workflow-detail"),
    path("<str:name>/compare/", views.workflow_diff, name="workflow-diff"),
    path("<str:name>/versions/<int:number>/asl/", views.workflow_export, name="workflow-export"),
    path("<str:name>/design/", edit_views.workflow_design, name="workflow-design"),
    path("<str:name>/archive/", edit_views.workflow_archive, name="workflow-archive"),
    path("<str:name>/aliases/", edit_views.alias_put, name="alias-put"),
    path("<str:name>/aliases/<str:alias>/delete/", edit_views.alias_delete, name="alias-delete"),
]
