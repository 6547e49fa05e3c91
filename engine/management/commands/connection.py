"""Manage HTTP Task connections: `manage.py connection create|list|delete`.

Secrets come from environment variables named on the command line (`--value-env VAR`), never
from argv itself, so they stay out of shell history and process listings; nothing printed
contains them.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from engine.models import AuthorizationType, Connection

TYPES = {
    "api-key": AuthorizationType.API_KEY,
    "basic": AuthorizationType.BASIC,
    "oauth": AuthorizationType.OAUTH_CLIENT_CREDENTIALS,
}
# Replacing a connection drops whatever another authorization type had stored.
CLEARED = dict.fromkeys(
    ["api_key_name", "api_key_value", "username", "password", "token_url", "client_id"]
    + ["client_secret", "scope"],
    "",
)
ARN = "arn:aws:events:{region}:{account}:connection/{name}/{id}"


class Command(DatabaseCommand):
    help = "Create, list or delete the connections HTTP Tasks authenticate with."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create or replace a connection")
        create.add_argument("name")
        create.add_argument("--type", required=True, choices=sorted(TYPES))
        create.add_argument("--description", default="")
        create.add_argument("--header", help="api-key: the header carrying the key")
        create.add_argument("--value-env", help="api-key: environment variable holding the key")
        create.add_argument("--username", help="basic: the user name")
        create.add_argument("--password-env", help="basic: environment variable of the password")
        create.add_argument("--token-url", help="oauth: the token endpoint")
        create.add_argument("--client-id", help="oauth: the client id")
        create.add_argument("--client-secret-env", help="oauth: environment variable of the secret")
        create.add_argument("--scope", default="", help="oauth: requested scope")
        actions.add_parser("list", help="list connections (never their secrets)")
        delete = actions.add_parser("delete", help="delete a connection")
        delete.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_create(self, options: dict[str, Any]) -> None:
        kind = TYPES[options["type"]]
        fields: dict[str, Any] = {**CLEARED, "authorization_type": kind}
        fields["description"] = options["description"]
        if kind == AuthorizationType.API_KEY:
            fields.update(
                api_key_name=_required(options, "header"),
                api_key_value=_from_env(options, "value_env"),
            )
        elif kind == AuthorizationType.BASIC:
            fields.update(
                username=_required(options, "username"),
                password=_from_env(options, "password_env"),
            )
        else:
            fields.update(
                token_url=_required(options, "token_url"),
                client_id=_required(options, "client_id"),
                client_secret=_from_env(options, "client_secret_env"),
                scope=options["scope"],
            )
        connection, created = Connection.objects.update_or_create(
            name=options["name"], defaults=fields
        )
        verb = "Created" if created else "Replaced"
        self.stdout.write(f"{verb} connection {connection.name} ({kind}): {arn(connection)}")

    def handle_list(self, options: dict[str, Any]) -> None:
        for connection in Connection.objects.all():
            self.stdout.write(
                f"{connection.name}\t{connection.authorization_type}\t{arn(connection)}"
            )

    def handle_delete(self, options: dict[str, Any]) -> None:
        deleted, _ = Connection.objects.filter(name=options["name"]).delete()
        if not deleted:
            raise CommandError(f"No connection named {options['name']!r}.")
        self.stdout.write(f"Deleted connection {options['name']}.")


def arn(connection: Connection) -> str:
    """The ARN a definition uses in Authentication.ConnectionArn (Baton reads only NAME)."""
    from engine.conf import engine_setting

    return ARN.format(
        region=engine_setting("REGION"),
        account=engine_setting("ACCOUNT_ID"),
        name=connection.name,
        id=connection.pk,
    )


def _required(options: dict[str, Any], key: str) -> str:
    value = options.get(key)
    if not value:
        raise CommandError(f"--{key.replace('_', '-')} is required for --type {options['type']}.")
    return str(value)


def _from_env(options: dict[str, Any], key: str) -> str:
    variable = _required(options, key)
    value = os.environ.get(variable)
    if not value:
        raise CommandError(f"Environment variable {variable} is not set or empty.")
    return value
