"""Roles as Django groups, deny by default.

Roles are cumulative: viewer reads; operator also starts, stops and redrives executions and
answers task tokens; designer also manages workflows, versions, aliases, connections and
schedules (and so can test-run what they draw); admin (or a superuser) does everything,
others' tokens included.
A view says which capability each action needs in `capabilities`
({"list": READ, "create": DESIGN, …}, by action name or HTTP method); anything unnamed is denied.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from baton import auth_cache

READ, OPERATE, DESIGN, ADMIN = "read", "operate", "design", "admin"
ROLES = ("viewer", "operator", "designer", "admin")
GRANTS = {
    "viewer": {READ},
    "operator": {READ, OPERATE},
    "designer": {READ, OPERATE, DESIGN},
    "admin": {READ, OPERATE, DESIGN, ADMIN},
}


def capabilities_of(user: Any) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(GRANTS["admin"])
    granted: set[str] = set()
    for group in _groups_of(user):
        granted |= GRANTS.get(group, set())
    return granted


def _groups_of(user: Any) -> frozenset[str]:
    """The user's group names, remembered per process (baton/auth_cache.py): a role removed
    elsewhere still counts for at most BATON_AUTH_CACHE_SECONDS."""
    names = auth_cache.roles.get(
        user.pk, lambda: frozenset(user.groups.values_list("name", flat=True))
    )
    return names or frozenset()


def needed(view: Any, request: Request) -> str | None:
    table = getattr(view, "capabilities", {})
    action = getattr(view, "action", None)
    return table.get(action) if action in table else table.get(request.method)


class HasRole(BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF turns this into 401 for an anonymous request
        capability = needed(view, request)
        return capability is not None and capability in capabilities_of(request.user)


class Public(BasePermission):
    """For /api/health/ only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return True
