"""`manage.py import_workflow file.json --name NAME`: publish a Step Functions definition as
the workflow's next version (creating the workflow), keeping its text exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from designer.services import DefinitionInvalid, WorkflowArchived, import_definition


class Command(DatabaseCommand):
    help = "Publish an ASL definition file as the next version of a workflow."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--name", required=True, help="the workflow's name")
        parser.add_argument("--description", default="", help="the version's description")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        try:
            # Bytes, not read_text(): universal newlines would turn \r\n into \n.
            text = Path(options["file"]).read_bytes().decode("utf-8")
            version = import_definition(name, text, description=options["description"])
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from None
        except ValidationError as exc:
            raise CommandError(f"Workflow name '{name}': {exc.messages[0]}") from None
        except WorkflowArchived:
            raise CommandError(f"Workflow '{name}' is archived.") from None
        except DefinitionInvalid as refused:
            lines = [f"  {d.code} at {d.location or '/'}: {d.message}" for d in refused.diagnostics]
            raise CommandError("\n".join([f"{options['file']} is not valid:", *lines])) from None
        self.stdout.write(f"Published {name} version {version.number}.")
