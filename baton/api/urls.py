"""Everything under /api/, and the OpenAPI schema and Swagger UI that describe it."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .permissions import READ, HasRole


class SchemaView(SpectacularAPIView):
    permission_classes = [HasRole]  # drf-spectacular's default would let anyone read it
    capabilities = {"GET": READ}


class DocsView(SpectacularSwaggerView):
    permission_classes = [HasRole]
    capabilities = {"GET": READ}


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("designer.api.urls")),
    path("", include("engine.api.urls")),
    path("", include("engine.api.config_urls")),
    path("", include("baton.api.account_urls")),
    path("", include("approvals.api.urls")),
]
