"""/api/tokens/: personal API tokens. Anyone with a role manages their own; an admin, anyone's.

The token text is returned once, by the POST that creates it; Baton keeps only its digest.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baton.models import ApiToken

from .errors import ApiError
from .permissions import ADMIN, READ, capabilities_of
from .schema import errors

EVERYONE = "*"


class TokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.get_username", read_only=True)
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "user", "hint", "created_at", "last_used_at", "revoked"]
        read_only_fields = fields

    def get_revoked(self, token: ApiToken) -> bool:
        return token.revoked_at is not None


class NewTokenSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; Baton keeps a digest.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


def is_admin(user: Any) -> bool:
    return ADMIN in capabilities_of(user)


class TokenViewSet(viewsets.GenericViewSet):
    serializer_class = TokenSerializer
    capabilities = {"list": READ, "create": READ, "destroy": READ}

    def get_queryset(self) -> QuerySet[ApiToken]:
        tokens = ApiToken.objects.select_related("user")
        return tokens if is_admin(self.request.user) else tokens.filter(user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "user",
                OpenApiTypes.STR,
                description="Admins only: this user's tokens, or '*' for everyone's.",
            )
        ],
        responses={200: TokenSerializer(many=True), **errors(404)},
    )
    def list(self, request: Request) -> Response:
        tokens = self.tokens_of(request.query_params.get("user"))
        return Response(TokenSerializer(tokens, many=True).data)

    @extend_schema(
        request=NewTokenSerializer,
        responses={201: IssuedTokenSerializer, **errors(400, 415)},
    )
    def create(self, request: Request) -> Response:
        shape = NewTokenSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        token, text = ApiToken.issue(request.user, shape.validated_data["name"])
        token.token = text  # type: ignore[attr-defined]
        return Response(IssuedTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked."), **errors(404)},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        token = self.get_queryset().filter(pk=pk).first()
        if token is None:
            raise ApiError(404, "token_not_found", f"You have no API token {pk}.")
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def tokens_of(self, username: str | None) -> QuerySet[ApiToken]:
        """The caller's tokens, or (admins only) another user's or everyone's."""
        mine = self.get_queryset().filter(user=self.request.user)
        if username is None or username == self.request.user.get_username():
            return mine
        if not is_admin(self.request.user):
            raise ApiError(403, "permission_denied", "Only an admin may list others' tokens.")
        if username == EVERYONE:
            return self.get_queryset()
        model = get_user_model()
        users = model.objects.filter(**{model.USERNAME_FIELD: username.replace("\x00", "")})
        if "\x00" in username or not users.exists():
            raise ApiError(404, "user_not_found", f"No user is named '{username}'.")
        return self.get_queryset().filter(user__in=users)
