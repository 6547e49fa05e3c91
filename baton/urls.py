"""Top-level URLs. Every page needs a login (LoginRequiredMiddleware) except the admin login.

Errors Django answers itself go through baton.error_handlers: JSON under /api/ and /aws/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from baton.aws.views import endpoint as aws_endpoint

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("baton.api.urls")),
    path("aws/", aws_endpoint, name="aws"),
    # Until the workflow list exists, the admin is the home page.
    path("", RedirectView.as_view(url="/admin/", permanent=False), name="home"),
]

handler400 = "baton.error_handlers.bad_request"
handler403 = "baton.error_handlers.permission_denied"
handler404 = "baton.error_handlers.page_not_found"
handler500 = "baton.error_handlers.server_error"
