"""Alias API views: names that route executions to one version, or two by weight."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from baton.api.errors import ApiError
from baton.api.permissions import DESIGN, READ
from baton.api.schema import errors
from designer import services
from designer.models import Alias

from . import serializers as s
from .views import NAME, DesignerView, get_workflow, parse

ALIAS = OpenApiParameter(
    "alias", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[A-Za-z0-9_-]{1,80}$"
)


def get_alias(name: str, alias: str) -> Alias:
    found = get_workflow(name).aliases.filter(name=alias).first()
    if found is None:
        raise ApiError(404, "alias_not_found", f"'{name}' has no alias '{alias}'.")
    return found


class AliasListView(DesignerView):
    capabilities = {"GET": READ}

    @extend_schema(parameters=[NAME], responses={200: s.AliasSerializer(many=True), **errors(404)})
    def get(self, request: Request, name: str) -> Response:
        return Response(s.AliasSerializer(get_workflow(name).aliases.all(), many=True).data)


class AliasDetailView(DesignerView):
    capabilities = {"GET": READ, "PUT": DESIGN, "DELETE": DESIGN}

    @extend_schema(parameters=[NAME, ALIAS], responses={200: s.AliasSerializer, **errors(404)})
    def get(self, request: Request, name: str, alias: str) -> Response:
        return Response(s.AliasSerializer(get_alias(name, alias)).data)

    @extend_schema(
        parameters=[NAME, ALIAS],
        request=s.AliasPutSerializer,
        responses={
            200: OpenApiResponse(s.AliasSerializer, description="Replaced."),
            201: OpenApiResponse(s.AliasSerializer, description="Created."),
            **errors(400, 404),
        },
        description="Create or replace: one version, or two with weights summing to 100.",
    )
    def put(self, request: Request, name: str, alias: str) -> Response:
        workflow = get_workflow(name)
        data = parse(s.AliasPutSerializer, request)
        try:
            row, created = services.put_alias(
                workflow, alias, data["routes"], description=data["description"]
            )
        except services.AliasInvalid as refused:
            raise ApiError(400, "invalid_alias", str(refused)) from None
        return Response(s.AliasSerializer(row).data, status=201 if created else 200)

    @extend_schema(
        parameters=[NAME, ALIAS],
        responses={204: OpenApiResponse(description="Deleted."), **errors(404)},
    )
    def delete(self, request: Request, name: str, alias: str) -> Response:
        get_alias(name, alias).delete()
        return Response(status=204)
