"""`manage.py schedule create|list|enable|disable|delete`: cron schedules that start workflows."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from baton.management.base import DatabaseCommand
from engine.models import Schedule
from engine.schedules import ScheduleExists, ScheduleInvalid, create_schedule


class Command(DatabaseCommand):
    help = "Create, list, enable, disable or delete the cron schedules that start workflows."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="start WORKFLOW each time CRON fires")
        create.add_argument("name")
        create.add_argument("--workflow", required=True, help="workflow name")
        create.add_argument("--version", type=int, help="version number (default: the latest)")
        create.add_argument("--cron", required=True, help='5 fields, e.g. "*/5 * * * *"')
        create.add_argument("--tz", default="UTC", help="IANA time zone (default UTC)")
        create.add_argument("--input", default="{}", help="the executions' input, as JSON")
        create.add_argument("--disabled", action="store_true", help="create it disabled")
        actions.add_parser("list", help="every schedule with its last and next run")
        for action in ("enable", "disable", "delete"):
            actions.add_parser(action, help=f"{action} schedule NAME").add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self.create(options)
        elif action == "list":
            self.list()
        else:
            schedule = self.find(options["name"])
            if action == "delete":
                schedule.delete()
            else:
                schedule.set_enabled(action == "enable", timezone.now())
            self.stdout.write(f"{schedule.name}: {action}d")

    def create(self, options: dict[str, Any]) -> None:
        try:
            value = json.loads(options["input"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"--input is not JSON: {exc}") from exc
        try:
            schedule = create_schedule(
                options["name"],
                workflow=options["workflow"],
                version=options["version"],
                cron=options["cron"],
                time_zone=options["tz"],
                input=value,
                enabled=not options["disabled"],
            )
        except (ScheduleInvalid, ScheduleExists) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{schedule.name}: created; next run {when(schedule.next_run_at)}")

    def list(self) -> None:
        rows = [("NAME", "WORKFLOW", "CRON", "TIME ZONE", "ENABLED", "LAST RUN", "NEXT RUN")]
        for s in Schedule.objects.select_related("workflow"):
            version = f":{s.version}" if s.version is not None else ""
            rows.append(
                (
                    s.name,
                    f"{s.workflow.name}{version}",
                    s.cron,
                    s.time_zone,
                    "yes" if s.enabled else "no",
                    when(s.last_run_at),
                    when(s.next_run_at),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))

    def find(self, name: str) -> Schedule:
        try:
            return Schedule.objects.get(name=name)
        except Schedule.DoesNotExist:
            raise CommandError(f"No schedule is named '{name}'.") from None


def when(moment: Any) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}Z"
