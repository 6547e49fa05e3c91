"""Rows that belong to a user and can be revoked (API tokens, access keys): the caller's own, or
an admin's view of anyone's. Shared by baton.api.tokens and baton.api.access_keys."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from baton import auth_cache

from .errors import ApiError
from .permissions import ADMIN, capabilities_of

EVERYONE = "*"


def is_admin(user: Any) -> bool:
    return ADMIN in capabilities_of(user)


def user_parameter(plural: str) -> OpenApiParameter:
    """The `?user=` of a list, for its extend_schema."""
    return OpenApiParameter(
        "user",
        OpenApiTypes.STR,
        description=f"Admins only: this user's {plural}, or '*' for everyone's.",
    )


def users_named(username: str) -> QuerySet[Any]:
    """The user called `username`, as a queryset; ApiError 404 if there is none."""
    model = get_user_model()
    users = model.objects.filter(**{model.USERNAME_FIELD: username.replace("\x00", "")})
    if "\x00" in username or not users.exists():
        raise ApiError(404, "user_not_found", f"No user is named '{username}'.")
    return users


# For a GenericViewSet whose `queryset` rows have `user` and `revoked_at`. A user sees and
# revokes their own rows; an admin, anyone's. To anyone else another user's row does not exist
# (404), so ids of others' rows do not leak. A comment, not a docstring: drf-spectacular would
# show a mixin's docstring as the description of every operation of the viewsets using it.
class OwnedByUserMixin:
    request: Any
    queryset: QuerySet[Any]
    plural = "rows"  # in the 403 of owned_by: "Only an admin may list others' tokens."
    not_found = ("not_found", "You have no row {pk}.")  # code and message of revoke's 404

    def get_queryset(self) -> QuerySet[Any]:
        rows = self.queryset.all().select_related("user")
        return rows if is_admin(self.request.user) else rows.filter(user=self.request.user)

    def owned_by(self, username: str | None) -> QuerySet[Any]:
        """The caller's rows, or (admins only) another user's, or everyone's for EVERYONE."""
        mine = self.get_queryset().filter(user=self.request.user)
        if username is None or username == self.request.user.get_username():
            return mine
        if not is_admin(self.request.user):
            message = f"Only an admin may list others' {self.plural}."
            raise ApiError(403, "permission_denied", message)
        if username == EVERYONE:
            return self.get_queryset()
        return self.get_queryset().filter(user__in=users_named(username))

    def revoke(self, pk: int) -> None:
        """Revoke row `pk` if the caller may see it; revoking twice keeps the first time."""
        row = self.get_queryset().filter(pk=pk).first()
        if row is None:
            code, message = self.not_found
            raise ApiError(404, code, message.format(pk=pk))
        self.queryset.filter(pk=row.pk, revoked_at=None).update(revoked_at=timezone.now())
        auth_cache.forget_all()  # refused at once here; elsewhere within the cache's expiry
