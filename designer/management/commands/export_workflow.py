"""`manage.py export_workflow NAME [--version N] > file.json`: a version's definition exactly
as it was published, so it runs on AWS Step Functions or imports elsewhere unchanged."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from designer.models import WorkflowVersion


class Command(DatabaseCommand):
    help = "Print a workflow version's definition (the latest unless --version) as published."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version (a workflow version) replaces Django's (which prints Django's).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--version", type=int, dest="number", help="a version number")

    def handle(self, *args: Any, **options: Any) -> None:
        versions = WorkflowVersion.objects.filter(workflow__name=options["name"])
        if options["number"] is not None:
            versions = versions.filter(number=options["number"])
        version = versions.order_by("-number").first()
        if version is None:
            wanted = f" version {options['number']}" if options["number"] is not None else ""
            raise CommandError(f"No workflow '{options['name']}'{wanted}.")
        self.stdout.write(version.source, ending="")
