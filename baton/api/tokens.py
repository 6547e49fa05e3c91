"""/api/tokens/: personal API tokens. Anyone with a role manages their own; an admin, anyone's.

The token text is returned once, by the POST that creates it; Baton keeps only its digest.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baton.models import ApiToken

from .ownership import OwnedByUserMixin, user_parameter
from .permissions import READ
from .schema import errors


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


class TokenViewSet(OwnedByUserMixin, viewsets.GenericViewSet):
    queryset = ApiToken.objects.all()
    serializer_class = TokenSerializer
    capabilities = {"list": READ, "create": READ, "destroy": READ}
    plural = "tokens"
    not_found = ("token_not_found", "You have no API token {pk}.")

    @extend_schema(
        parameters=[user_parameter("tokens")],
        responses={200: TokenSerializer(many=True), **errors(404)},
    )
    def list(self, request: Request) -> Response:
        tokens = self.owned_by(request.query_params.get("user"))
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
        self.revoke(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
