"""The base of Baton's management commands that work on its tables.

On a database that was never migrated they stop at once with one line saying to run
`make migrate`, instead of a ProgrammingError traceback (or, for `runengine` and `qcluster`,
an endless loop of them). Django's own commands (migrate, shell, check, …) and `validate`,
which needs no tables, do not use it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

RUN_MIGRATE = "run `make migrate` (or `python manage.py migrate`) first"


def missing_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables of the installed models that the database lacks (all of them before `migrate`)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    return sorted(set(connection.introspection.django_table_names()) - existing)


class DatabaseCommand(BaseCommand):
    """A command that needs Baton's tables. Django calls check_migrations() before handle()
    when requires_migrations_checks is set; its own version only prints a notice on stdout."""

    requires_migrations_checks = True

    def check_migrations(self) -> None:
        missing = missing_tables()
        if missing:
            raise CommandError(not_migrated(missing))


def not_migrated(missing: list[str], using: str = DEFAULT_DB_ALIAS) -> str:
    connection = connections[using]
    name = connection.settings_dict["NAME"]
    if len(missing) == len(connection.introspection.django_table_names()):
        return f"The database {name!r} has not been migrated: {RUN_MIGRATE}."
    return f"The database {name!r} lacks {len(missing)} of Baton's tables: {RUN_MIGRATE}."
