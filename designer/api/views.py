"""Designer API views: workflows, versions, validation. Thin: parse, call a service, respond."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, renderers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.errors import ApiError
from baton.api.permissions import DESIGN, READ
from baton.api.schema import errors
from designer import services
from designer.models import Workflow, WorkflowVersion
from engine.asl.validate import ERROR

from . import serializers as s

NAME = OpenApiParameter(
    "name", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[A-Za-z0-9_-]{1,80}$"
)
NUMBER = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH)
MAX_NUMBER = 2**31 - 1


class DesignerView(APIView):
    """An unsupported method is a 405 (before the role check, which would say 403)."""

    def check_permissions(self, request: Request) -> None:
        method = request.method.lower() if request.method else ""
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)
        super().check_permissions(request)


def get_workflow(name: str) -> Workflow:
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        raise ApiError(404, "workflow_not_found", f"There is no workflow named '{name}'.")
    return workflow


def get_version(name: str, number: str) -> WorkflowVersion:
    workflow = get_workflow(name)
    version = None
    if number.isdigit() and int(number) <= MAX_NUMBER:
        version = workflow.versions.filter(number=int(number)).first()
    if version is None:
        raise ApiError(404, "version_not_found", f"'{name}' has no version {number}.")
    return version


def definition_invalid(refused: services.DefinitionInvalid) -> ApiError:
    diagnostics = [d.as_dict() for d in refused.diagnostics]
    return ApiError(
        400,
        "invalid_definition",
        f"The definition has {len(diagnostics)} error(s).",
        {"diagnostics": diagnostics},
    )


def parse(serializer_class: type[Any], request: Request, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class WorkflowListView(DesignerView):
    capabilities = {"GET": READ, "POST": DESIGN}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "archived", OpenApiTypes.BOOL, description="only archived (true) or active (false)"
            )
        ],
        responses={200: s.WorkflowSummarySerializer(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        archived = request.query_params.get("archived")
        if archived not in (None, "true", "false"):
            raise ApiError(400, "invalid", "archived is 'true' or 'false'.")
        workflows = services.list_workflows(None if archived is None else archived == "true")
        return Response(s.WorkflowSummarySerializer(workflows, many=True).data)

    @extend_schema(
        request=s.WorkflowCreateSerializer,
        responses={201: s.WorkflowSerializer, **errors(400, 409)},
        description="Create a workflow; its definition becomes version 1.",
    )
    def post(self, request: Request) -> Response:
        data = parse(s.WorkflowCreateSerializer, request)
        try:
            version = services.create_workflow(
                data["name"],
                data["definition"],
                description=data["description"],
                author=request.user,
                comment=data["comment"],
            )
        except services.WorkflowExists:
            raise ApiError(
                409, "workflow_exists", f"A workflow named '{data['name']}' exists already."
            ) from None
        except services.DefinitionInvalid as refused:
            raise definition_invalid(refused) from None
        return Response(s.WorkflowSerializer(version.workflow).data, status=201)


class WorkflowDetailView(DesignerView):
    capabilities = {"GET": READ, "PATCH": DESIGN, "DELETE": DESIGN}

    @extend_schema(parameters=[NAME], responses={200: s.WorkflowSerializer, **errors(404)})
    def get(self, request: Request, name: str) -> Response:
        return Response(s.WorkflowSerializer(get_workflow(name)).data)

    @extend_schema(
        parameters=[NAME],
        request=s.WorkflowUpdateSerializer,
        responses={200: s.WorkflowSerializer, **errors(400, 404)},
    )
    def patch(self, request: Request, name: str) -> Response:
        workflow = get_workflow(name)
        data = parse(s.WorkflowUpdateSerializer, request)
        workflow = services.update_workflow(
            workflow, description=data.get("description"), archived=data.get("archived")
        )
        return Response(s.WorkflowSerializer(workflow).data)

    @extend_schema(
        parameters=[NAME],
        responses={200: s.WorkflowSerializer, **errors(404)},
        description="Archive: no new executions or versions; every version and execution kept.",
    )
    def delete(self, request: Request, name: str) -> Response:
        workflow = services.update_workflow(get_workflow(name), archived=True)
        return Response(s.WorkflowSerializer(workflow).data)


class VersionListView(DesignerView):
    capabilities = {"GET": READ, "POST": DESIGN}

    @extend_schema(
        parameters=[NAME], responses={200: s.VersionSummarySerializer(many=True), **errors(404)}
    )
    def get(self, request: Request, name: str) -> Response:
        versions = get_workflow(name).versions.select_related("author").order_by("-number")
        return Response(s.VersionSummarySerializer(versions, many=True).data)

    @extend_schema(
        parameters=[NAME],
        request=s.VersionPublishSerializer,
        responses={201: s.VersionSerializer, **errors(400, 404, 409)},
        description="Publish the next version; refused with the diagnostics when invalid.",
    )
    def post(self, request: Request, name: str) -> Response:
        workflow = get_workflow(name)
        data = parse(s.VersionPublishSerializer, request)
        try:
            version = services.publish_next(
                workflow, data["definition"], author=request.user, description=data["description"]
            )
        except services.WorkflowArchived:
            raise ApiError(409, "workflow_archived", f"'{name}' is archived.") from None
        except services.DefinitionInvalid as refused:
            raise definition_invalid(refused) from None
        return Response(s.VersionSerializer(version).data, status=201)


class AslRenderer(renderers.JSONRenderer):
    """Lets `?format=asl` through DRF's content negotiation; the view answers it with the
    definition's stored text, and errors still render as JSON."""

    format = "asl"


class VersionDetailView(DesignerView):
    capabilities = {"GET": READ}
    renderer_classes = [renderers.JSONRenderer, AslRenderer]

    @extend_schema(
        parameters=[
            NAME,
            NUMBER,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "asl"],
                description="asl: the definition exactly as stored (for export)",
            ),
        ],
        responses={
            200: OpenApiResponse(
                {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Version"},
                        {"type": "object", "description": "format=asl: the ASL definition"},
                    ]
                },
                description="The version; with format=asl, the definition's stored text.",
            ),
            **errors(404),
        },
    )
    def get(self, request: Request, name: str, number: str) -> Response | HttpResponse:
        version = get_version(name, number)
        if request.query_params.get("format") == "asl":
            return HttpResponse(version.source.encode(), content_type="application/json")
        return Response(s.VersionSerializer(version).data)


class ValidateView(DesignerView):
    capabilities = {"POST": READ}

    @extend_schema(
        request=s.ValidateRequestSerializer,
        responses={200: s.ValidateResultSerializer, **errors(400)},
        description="Check a definition without saving it.",
    )
    def post(self, request: Request) -> Response:
        data = parse(s.ValidateRequestSerializer, request)
        diagnostics = services.diagnose(data["definition"])
        valid = not any(d.severity == ERROR for d in diagnostics)
        return Response({"valid": valid, "diagnostics": [d.as_dict() for d in diagnostics]})
