"""/api/access-keys/: the AWS-style access keys that sign requests to the Step Functions API at
/aws/. Anyone with a role manages their own; an admin, anyone's.

The secret access key is returned once, by the POST that creates it (baton.aws.keys.issue).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baton.aws.keys import issue
from baton.models import AccessKey

from .ownership import OwnedByUserMixin, user_parameter
from .permissions import READ
from .schema import errors


class AccessKeySerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.get_username", read_only=True)
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = AccessKey
        fields = ["id", "access_key_id", "user", "created_at", "revoked"]
        read_only_fields = fields

    def get_revoked(self, key: AccessKey) -> bool:
        return key.revoked_at is not None


class IssuedAccessKeySerializer(AccessKeySerializer):
    secret_access_key = serializers.CharField(
        read_only=True, help_text="Shown once; use it with access_key_id as AWS credentials."
    )

    class Meta(AccessKeySerializer.Meta):
        fields = [*AccessKeySerializer.Meta.fields, "secret_access_key"]
        read_only_fields = fields


class AccessKeyViewSet(OwnedByUserMixin, viewsets.GenericViewSet):
    """AWS-style credentials (access key id and secret) that sign requests to the Step Functions
    API at /aws/, e.g. from boto3 or the AWS CLI."""

    queryset = AccessKey.objects.all()
    serializer_class = AccessKeySerializer
    capabilities = {"list": READ, "create": READ, "destroy": READ}
    plural = "access keys"
    not_found = ("access_key_not_found", "You have no access key {pk}.")

    @extend_schema(
        parameters=[user_parameter("access keys")],
        responses={200: AccessKeySerializer(many=True), **errors(404)},
    )
    def list(self, request: Request) -> Response:
        keys = self.owned_by(request.query_params.get("user"))
        return Response(AccessKeySerializer(keys, many=True).data)

    @extend_schema(request=None, responses={201: IssuedAccessKeySerializer, **errors()})
    def create(self, request: Request) -> Response:
        key, secret = issue(request.user)
        key.secret_access_key = secret  # type: ignore[attr-defined]
        return Response(IssuedAccessKeySerializer(key).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked; /aws/ refuses it."), **errors(404)},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        self.revoke(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
