"""/api/connections/: the credentials HTTP Tasks call APIs with. Everything needs DESIGN, reads
too (header names, user names, token URLs and client ids are configuration, not for viewers).

Secrets (api_key_value, password, client_secret) are write-only: no response carries them, only
which of them are stored. Left out or empty in an update, a secret keeps its stored value.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baton.api.errors import ApiError
from baton.api.permissions import DESIGN
from baton.api.schema import errors
from engine.management.commands.connection import arn
from engine.models import AuthorizationType, Connection

from .schedules import JSONValueField, validated

SECRETS = ("api_key_value", "password", "client_secret")
OWN_FIELDS = {
    AuthorizationType.API_KEY: ["api_key_name", "api_key_value"],
    AuthorizationType.BASIC: ["username", "password"],
    AuthorizationType.OAUTH_CLIENT_CREDENTIALS: [
        "token_url",
        "client_id",
        "client_secret",
        "scope",
        "oauth_body_parameters",
        "oauth_header_parameters",
    ],
}
REQUIRED = {
    AuthorizationType.API_KEY: ["api_key_name", "api_key_value"],
    AuthorizationType.BASIC: ["username", "password"],
    AuthorizationType.OAUTH_CLIENT_CREDENTIALS: ["token_url", "client_id", "client_secret"],
}
PARAMETERS = [
    "oauth_body_parameters",
    "oauth_header_parameters",
    "invocation_headers",
    "invocation_query_parameters",
    "invocation_body_parameters",
]
DEFAULTS: dict[str, Any] = {
    "description": "",
    **{name: "" for fields in OWN_FIELDS.values() for name in fields},
    **{name: {} for name in PARAMETERS},
}


class JSONObjectField(JSONValueField):
    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected a JSON object.")
        return value


class ConnectionSerializer(serializers.ModelSerializer):
    arn = serializers.SerializerMethodField(help_text="For Authentication.ConnectionArn.")
    secrets_stored = serializers.SerializerMethodField(help_text="Which secrets are set.")
    token_url = serializers.CharField(read_only=True)  # may be empty: not always a URI

    class Meta:
        model = Connection
        exclude = ["id", *SECRETS]
        read_only_fields = [f.name for f in Connection._meta.fields]

    @extend_schema_field(str)
    def get_arn(self, connection: Connection) -> str:
        return arn(connection)

    @extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(SECRETS)}})
    def get_secrets_stored(self, connection: Connection) -> list[str]:
        return [name for name in SECRETS if getattr(connection, name)]


def secret() -> serializers.CharField:
    return serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=4096, trim_whitespace=False
    )


class ConnectionChangeSerializer(serializers.Serializer):
    """The writable fields; which ones a type needs is checked on save."""

    description = serializers.CharField(max_length=512, required=False, allow_blank=True)
    authorization_type = serializers.ChoiceField(choices=AuthorizationType.choices)
    api_key_name = serializers.CharField(max_length=256, required=False, allow_blank=True)
    api_key_value = secret()
    username = serializers.CharField(max_length=512, required=False, allow_blank=True)
    password = secret()
    token_url = serializers.URLField(max_length=2048, required=False, allow_blank=True)
    client_id = serializers.CharField(max_length=512, required=False, allow_blank=True)
    client_secret = secret()
    scope = serializers.CharField(max_length=1024, required=False, allow_blank=True)
    oauth_body_parameters = JSONObjectField(required=False)
    oauth_header_parameters = JSONObjectField(required=False)
    invocation_headers = JSONObjectField(required=False)
    invocation_query_parameters = JSONObjectField(required=False)
    invocation_body_parameters = JSONObjectField(required=False)


class NewConnectionSerializer(ConnectionChangeSerializer):
    name = serializers.RegexField(
        r"^[.\-_A-Za-z0-9]{1,64}$",
        max_length=64,
        help_text="1–64 letters, digits, '.', '-' or '_' (as EventBridge connections).",
    )


def save_connection(connection: Connection, fields: dict[str, Any]) -> Connection:
    """Apply `fields`, drop what other authorization types stored, check and save."""
    for name, value in fields.items():
        if name in SECRETS and not value:
            continue  # write-only: an empty value keeps the stored secret
        setattr(connection, name, value)
    kind = AuthorizationType(connection.authorization_type)
    for other, names in OWN_FIELDS.items():
        for name in names if other != kind else []:
            setattr(connection, name, DEFAULTS[name])
    missing = {name: ["Required for this authorization type."] for name in REQUIRED[kind]}
    missing = {name: why for name, why in missing.items() if not getattr(connection, name)}
    if missing:
        raise ApiError(400, "invalid_connection", f"{kind} needs {', '.join(missing)}.", missing)
    connection.save()
    return connection


@extend_schema_view(
    list=extend_schema(responses={200: ConnectionSerializer(many=True), **errors()}),
    retrieve=extend_schema(responses={200: ConnectionSerializer, **errors(404)}),
    create=extend_schema(
        request=NewConnectionSerializer,
        responses={201: ConnectionSerializer, **errors(400, 409, 415)},
    ),
    update=extend_schema(
        request=ConnectionChangeSerializer,
        responses={200: ConnectionSerializer, **errors(400, 404, 415)},
    ),
    partial_update=extend_schema(
        request=ConnectionChangeSerializer,
        responses={200: ConnectionSerializer, **errors(400, 404, 415)},
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted."), **errors(404)}),
)
class ConnectionViewSet(viewsets.GenericViewSet):
    serializer_class = ConnectionSerializer
    lookup_field = "name"
    capabilities = {
        "list": DESIGN,
        "retrieve": DESIGN,
        "create": DESIGN,
        "update": DESIGN,
        "partial_update": DESIGN,
        "destroy": DESIGN,
    }

    def get_queryset(self) -> QuerySet[Connection]:
        return Connection.objects.all()

    def get_object(self) -> Connection:
        connection = self.get_queryset().filter(name=self.kwargs["name"]).first()
        if connection is None:
            name = self.kwargs["name"]
            raise ApiError(404, "connection_not_found", f"No connection is named '{name}'.")
        return connection

    def list(self, request: Request) -> Response:
        return Response(ConnectionSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request: Request, name: str) -> Response:
        return Response(ConnectionSerializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        fields = validated(NewConnectionSerializer, request.data)
        name = fields.pop("name")
        if Connection.objects.filter(name=name).exists():
            raise ApiError(409, "connection_exists", f"A connection is already named '{name}'.")
        try:
            with transaction.atomic():
                connection = save_connection(Connection(name=name), {**DEFAULTS, **fields})
        except IntegrityError:
            raise ApiError(
                409, "connection_exists", f"A connection is already named '{name}'."
            ) from None
        return Response(ConnectionSerializer(connection).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, name: str) -> Response:
        connection = self.get_object()
        fields = validated(ConnectionChangeSerializer, request.data)
        save_connection(connection, {**DEFAULTS, **fields})
        return Response(ConnectionSerializer(connection).data)

    def partial_update(self, request: Request, name: str) -> Response:
        connection = self.get_object()
        fields = validated(ConnectionChangeSerializer, request.data, partial=True)
        save_connection(connection, fields)
        return Response(ConnectionSerializer(connection).data)

    def destroy(self, request: Request, name: str) -> Response:
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
