"""The execution pages under /executions/ (starting one is under its workflow)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.execution_list, name="execution-list"),
    path("live/", views.execution_list_live, name="execution-list-live"),
    path("bulk/", views.execution_bulk, name="execution-bulk"),
    path("<str:execution_id>/", views.execution_detail, name="execution-detail"),
    path("<str:execution_id>/stop/", views.execution_stop, name="execution-stop"),
    path("<str:execution_id>/redrive/", views.execution_redrive, name="execution-redrive"),
    path("<str:execution_id>/rerun/", views.execution_rerun, name="execution-rerun"),
]
