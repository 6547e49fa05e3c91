"""`manage.py create_access_key USERNAME`: print a new AWS-style access key as JSON, once."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from baton.aws.keys import issue
from baton.management.base import DatabaseCommand


class Command(DatabaseCommand):
    help = (
        "Create a Step Functions API access key for USERNAME and print "
        '{"AccessKeyId", "SecretAccessKey"} (the secret cannot be shown again).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        model = get_user_model()
        user = model.objects.filter(**{model.USERNAME_FIELD: options["username"]}).first()
        if user is None:
            raise CommandError(f"No user is named '{options['username']}'.")
        key, secret = issue(user)
        self.stdout.write(json.dumps({"AccessKeyId": key.access_key_id, "SecretAccessKey": secret}))
