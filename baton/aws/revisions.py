"""Which Baton versions Step Functions would call published versions.

Baton saves every definition as a numbered, immutable version. Step Functions keeps a state
machine's current definition as a revision and makes versions only when asked (`publish`, or
PublishStateMachineVersion). A version saved through /aws/ without `publish` is therefore marked
unpublished (baton.models.UnpublishedRevision) until it is published; versions made in Baton's
own designer or REST API are published from the start. Numbers keep Baton's sequence, so
published versions can skip the numbers of revisions that never were.
"""

from __future__ import annotations

from django.db.models import QuerySet

from baton.models import UnpublishedRevision
from designer.models import Workflow, WorkflowVersion


def record(version: WorkflowVersion, *, publish: bool) -> None:
    """Mark a version just saved through /aws/: published, or the unpublished current revision."""
    if publish:
        UnpublishedRevision.objects.filter(version=version).delete()
    else:
        UnpublishedRevision.objects.get_or_create(version=version)


def publish(version: WorkflowVersion, description: str | None = None) -> None:
    """Publish the revision; a description given now becomes the version's (once only)."""
    if UnpublishedRevision.objects.filter(version=version).delete()[0] and description:
        # The definition never changes; only the label it is published under is set here.
        WorkflowVersion.objects.filter(pk=version.pk).update(description=description)
        version.description = description


def published(workflow: Workflow) -> QuerySet[WorkflowVersion]:
    return workflow.versions.filter(unpublished__isnull=True)


def is_published(version: WorkflowVersion) -> bool:
    """Free when the version was loaded with select_related("version__unpublished")."""
    try:
        version.unpublished  # noqa: B018 - the reverse one-to-one raises when absent
    except UnpublishedRevision.DoesNotExist:
        return True
    return False
