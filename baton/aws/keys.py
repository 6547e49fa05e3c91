"""Access keys for the Step Functions API: issued once, looked up to verify signatures."""

from __future__ import annotations

import secrets
import string
from typing import Any

from baton import auth_cache
from baton.models import AccessKey

_ID_ALPHABET = string.ascii_uppercase + string.digits


def issue(user: Any) -> tuple[AccessKey, str]:
    """A new key for `user`: (the row, the secret access key — shown once)."""
    key_id = "BTN" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(17))
    secret = secrets.token_urlsafe(30)
    key = AccessKey.objects.create(user=user, access_key_id=key_id, secret=secret)
    return key, secret


def find(key_id: str) -> tuple[AccessKey, str] | None:
    """The active key with that id whose user is active, and its decrypted secret, or None;
    remembered per process for BATON_AUTH_CACHE_SECONDS (baton/auth_cache.py), which saves the
    query and the decryption."""
    return auth_cache.access_keys.get(key_id, lambda: _active(key_id))


def _active(key_id: str) -> tuple[AccessKey, str] | None:
    key = (
        AccessKey.objects.select_related("user")
        .filter(access_key_id=key_id, revoked_at=None)
        .first()
    )
    if key is None or not key.user.is_active:
        return None
    return key, key.secret.reveal()
