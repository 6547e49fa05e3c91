"""`manage.py qcluster`: django-q2's cluster, which first checks that the database is migrated
and says in one line when it runs (scripts/run_all.py waits for that line).

It takes the place of django-q2's own command because engine comes before django_q in
INSTALLED_APPS (the first app with a command of a name wins).
"""

from __future__ import annotations

from typing import Any

from django_q.conf import Conf
from django_q.management.commands import qcluster

from baton.management.base import DatabaseCommand


class Command(DatabaseCommand, qcluster.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)  # returns once the cluster runs, or after --run-once
        if not options["run_once"]:
            name = options["cluster_name"] or Conf.CLUSTER_NAME
            self.stdout.write(f"cluster {name}: running, {Conf.WORKERS} workers")
