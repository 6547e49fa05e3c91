"""E-mail for human tasks: one message per recipient with an address, text and HTML bodies from
templates/approvals/email/, all of one delivery over one SMTP connection (delivery.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from .models import Action, HumanTask

SUBJECTS = {
    Action.CREATED: "Approval needed: {title}",
    Action.REMINDED: "Reminder: {title}",
    Action.ESCALATED: "Escalated: {title}",
    Action.REASSIGNED: "Assigned to you: {title}",
    Action.DELEGATED: "Delegated to you: {title}",
    Action.DECIDED: "Approved: {title}",
    Action.REJECTED: "Rejected: {title}",
    Action.TIMED_OUT: "Timed out: {title}",
}
# The first line of the body: what happened, and to whom it falls now.
HEADLINES = {
    Action.CREATED: "An approval is waiting for you.",
    Action.REMINDED: "Reminder: this approval is still waiting for you.",
    Action.ESCALATED: "This approval was escalated to you.",
    Action.REASSIGNED: "{actor} assigned this approval to you.",
    Action.DELEGATED: "{actor} delegated this approval to you.",
    Action.DECIDED: "{actor} approved your request.",
    Action.REJECTED: "{actor} rejected your request.",
    Action.TIMED_OUT: "Your request got no decision in time.",
}

# The footer: why this person gets the mail (announce.AUDIENCE decides who does).
TO_REQUESTER = {Action.DECIDED, Action.REJECTED, Action.TIMED_OUT}
WHY_REQUESTER = "you started the run that asked for this approval"
WHY_APPROVER = "this approval names you or a group of yours"


@dataclass(frozen=True)
class Mail:
    """What announce.py hands over for one change: the task, what happened, who did it (empty:
    Baton itself, a timer), its comment or note, and who hears of it."""

    task: HumanTask
    action: str
    actor: str
    text: str
    recipients: list[Any]


def send(mails: Iterable[tuple[HumanTask, str, str, str, list[Any]]]) -> int:
    """Send them all over one connection; the number sent. Raises what the backend raises."""
    messages = [m for mail in mails for m in messages_for(Mail(*mail))]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def messages_for(mail: Mail) -> list[EmailMultiAlternatives]:
    """One message per recipient with an address: each is greeted by name, and no one sees
    who else was told. Whoever made the change knows of it (as with in-app notifications)."""
    context = task_context(mail)
    subject = "[Baton] " + SUBJECTS.get(mail.action, "{title}").format(title=mail.task.title)
    found = []
    for user in mail.recipients:
        if not user.email or user.get_username() == mail.actor:
            continue
        mine = {**context, "name": user.get_full_name() or user.get_username()}
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),  # a title with a line break must not split headers
            body=render_to_string("approvals/email/task.txt", mine),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("approvals/email/task.html", mine), "text/html")
        found.append(message)
    return found


def task_context(mail: Mail) -> dict[str, Any]:
    task = mail.task
    actor = mail.actor or "Baton"
    return {
        "headline": HEADLINES.get(mail.action, "{actor}: " + mail.action).format(actor=actor),
        "title": task.title,
        "requested_by": task.requested_by or "Baton",
        "workflow": task.workflow,
        "state": task.state,
        "priority": task.priority,
        "due": task.due_at.strftime("%Y-%m-%d %H:%M UTC") if task.due_at else "no due time",
        "comment": mail.text if mail.action != Action.REMINDED else "",
        "actor": actor,
        "link": task_link(task),
        "why": WHY_REQUESTER if mail.action in TO_REQUESTER else WHY_APPROVER,
    }


def task_link(task: HumanTask) -> str:
    return f"{settings.BATON_BASE_URL}/inbox/{task.id}/"
