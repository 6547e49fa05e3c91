"""/api/human-tasks/: list and describe the tasks a caller may see; claim, unclaim, decide,
reassign, delegate and comment through the services, whose refusals keep their codes.

Approvers need no role: anyone signed in may call these, and what they see and may do is the
services' business (approvals.queries, approvals.rules).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from baton.api.errors import ApiError
from baton.api.schema import errors
from engine.api.parsing import body, parse

from .. import decisions, queries, services
from ..models import HumanTask
from ..rules import Person
from . import keyset, listing
from .abilities import abilities
from .serializers import (
    CommentSerializer,
    DecideSerializer,
    DelegateSerializer,
    HumanTaskDetailSerializer,
    HumanTaskPageSerializer,
    HumanTaskQuerySerializer,
    HumanTaskSerializer,
    ReassignSerializer,
)

TASK_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
MAX_ID = 2**63 - 1  # bigint: a larger id names no task (and must not reach Postgres)


class SignedIn(BasePermission):
    """Any active user; anonymous requests are a 401 (the authenticators' challenge)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


def describe(task_id: int, person: Person) -> Response:
    """The task in full, as `person` sees it (visible or not: they just acted on it)."""
    task = HumanTask.objects.prefetch_related("approvals", "audit").get(id=task_id)
    task.approvals_count = len(task.approvals.all())
    context = {"can": abilities(task, person)}
    return Response(HumanTaskDetailSerializer(task, context=context).data)


def client_address(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class HumanTasksView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        operation_id="human_tasks_list",
        parameters=[HumanTaskQuerySerializer],
        responses={200: HumanTaskPageSerializer, **errors(400)},
    )
    def get(self, request: Request) -> Response:
        query = parse(HumanTaskQuerySerializer, request.query_params)
        tasks = listing.find(Person.of(request.user), query)
        found, cursor = keyset.page(
            tasks, listing.SORTS[query["sort"]], query.get("cursor"), query["limit"]
        )
        link = replace_query_param(request.build_absolute_uri(), "cursor", cursor)
        results = HumanTaskSerializer(listing.count_approvals(found), many=True).data
        return Response({"results": results, "next": link if cursor else None})


class HumanTaskView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(parameters=[TASK_ID], responses={200: HumanTaskDetailSerializer, **errors(404)})
    def get(self, request: Request, id: int) -> Response:
        person = Person.of(request.user)
        if id > MAX_ID or not queries.visible(person).filter(id=id).exists():
            raise ApiError(404, "not_found", "No such task.")
        return describe(id, person)


class TaskActionView(APIView):
    """POST runs `act` with the parsed body; the answer is the task in full."""

    permission_classes = [SignedIn]
    body_serializer: type[serializers.Serializer] | None = None

    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        raise NotImplementedError

    def post(self, request: Request, id: int) -> Response:
        person = Person.of(request.user)
        data = parse(self.body_serializer, body(request)) if self.body_serializer else {}
        if id > MAX_ID:
            raise ApiError(404, "not_found", "No such task.")
        self.act(id, person, data, client_address(request))  # Refused: baton/api/refusals.py
        return describe(id, person)


def action_schema(request: Any, *statuses: int) -> Any:
    return extend_schema_view(
        post=extend_schema(
            parameters=[TASK_ID],
            request=request,
            responses={200: HumanTaskDetailSerializer, **errors(404, 409, *statuses)},
        )
    )


@action_schema(None)
class ClaimView(TaskActionView):
    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return services.claim(task_id, person, address)


@action_schema(None)
class UnclaimView(TaskActionView):
    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return services.unclaim(task_id, person, address)


@action_schema(DecideSerializer, 400, 415)
class DecideView(TaskActionView):
    body_serializer = DecideSerializer

    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return decisions.decide(
            task_id,
            person,
            data["decision"],
            comment=data["comment"],
            data=data.get("data"),
            address=address,
        )


@action_schema(ReassignSerializer, 400, 415)
class ReassignView(TaskActionView):
    body_serializer = ReassignSerializer

    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return services.reassign(task_id, person, data["users"], data["groups"], address)


@action_schema(DelegateSerializer, 400, 415)
class DelegateView(TaskActionView):
    body_serializer = DelegateSerializer

    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return services.delegate(task_id, person, data["to"], address)


@action_schema(CommentSerializer, 400, 415)
class CommentsView(TaskActionView):
    body_serializer = CommentSerializer

    def act(self, task_id: int, person: Person, data: dict[str, Any], address: str | None) -> Any:
        return services.comment(task_id, person, data["text"], address)
