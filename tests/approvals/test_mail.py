"""E-mail for human tasks, sent to a real SMTP server the test starts: who gets which message,
what it says, and that a mail server that is down breaks nothing. Also BATON_EMAIL_URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from approvals import decisions, delivery
from baton.settings import email_from_url
from engine.models import Status
from tests.approvals.conftest import approval, ended, person, start, task_of
from tests.approvals.smtp_server import Mailbox, free_port, smtp_server
from tests.test_settings import run_in_a_fresh_process

BASE_URL = "https://baton.example.com"


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    """Django's SMTP backend pointed at a real local server. The sending thread reads these
    settings when it sends."""
    with smtp_server() as box:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = box.host, box.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.BATON_BASE_URL = BASE_URL
        yield box
        delivery.flush()


@pytest.mark.usefixtures("engine")
def test_a_new_task_emails_each_approver_with_title_requester_due_time_and_link(
    people: dict[str, User], mailbox: Mailbox
) -> None:
    no_address = User.objects.create_user("frank", "", "pw")
    no_address.groups.add(Group.objects.get(name="approvers"))

    task = task_of(start("expense", approval(Title="Team dinner", DueSeconds=3600)))

    for address in ("bob@example.org", "dave@example.org"):
        mail = mailbox.wait_for(address, "[Baton] Approval needed: Team dinner")
        assert mail.recipients == [address]  # one message each: no one sees the others
        assert "Asked by:  alice" in mail.text and "Workflow:  expense" in mail.text
        assert task.due_at.strftime("%Y-%m-%d %H:%M UTC") in mail.text
        assert f"{BASE_URL}/inbox/{task.id}/" in mail.text
        assert f'href="{BASE_URL}/inbox/{task.id}/"' in mail.html
        assert "names you or a group of yours" in mail.text
    delivery.flush()
    # The requester, outsiders and an approver without an address get nothing
    assert sorted(r.recipients[0] for r in mailbox.received) == [
        "bob@example.org",
        "dave@example.org",
    ]


@pytest.mark.usefixtures("engine")
def test_one_delivery_sends_all_its_mails_over_one_connection(
    people: dict[str, User], mailbox: Mailbox
) -> None:
    start("expense", approval())
    mailbox.wait_for("bob@example.org", "Approval needed")
    mailbox.wait_for("dave@example.org", "Approval needed")

    assert len({r.session for r in mailbox.received}) == 1


@pytest.mark.usefixtures("engine")
def test_a_decision_emails_the_requester_with_the_comment(
    people: dict[str, User], mailbox: Mailbox
) -> None:
    execution = start("expense", approval(Title="New laptop"))
    task = task_of(execution)
    mailbox.wait_for("bob@example.org", "Approval needed")

    decisions.decide(task.id, person(people["bob"]), "approve", comment="Within budget")

    mail = mailbox.wait_for("alice@example.org", "[Baton] Approved: New laptop")
    assert "bob approved your request." in mail.text
    assert "Comment from bob:\nWithin budget" in mail.text
    assert "no due time" in mail.text and "you started the run" in mail.text
    assert ended(execution).status == Status.SUCCEEDED


@pytest.mark.usefixtures("engine")
def test_a_rejection_emails_the_requester(people: dict[str, User], mailbox: Mailbox) -> None:
    task = task_of(start("expense", approval(Title="Offsite")))

    decisions.decide(task.id, person(people["dave"]), "reject", comment="Not this quarter")

    mail = mailbox.wait_for("alice@example.org", "[Baton] Rejected: Offsite")
    assert "dave rejected your request." in mail.text and "Not this quarter" in mail.html


@pytest.mark.usefixtures("engine")
def test_no_one_is_emailed_about_their_own_decision(
    people: dict[str, User], mailbox: Mailbox
) -> None:
    execution = start("expense", approval(Groups=[], Assignees=["alice"], AllowSelfApproval=True))
    task = task_of(execution)
    mailbox.wait_for("alice@example.org", "Approval needed")

    decisions.decide(task.id, person(people["alice"]), "approve")

    assert ended(execution).status == Status.SUCCEEDED
    assert delivery.flush()
    assert [r.subject for r in mailbox.received] == ["[Baton] Approval needed: Expense"]


@pytest.mark.usefixtures("engine")
def test_a_reminder_email_arrives_after_its_interval(
    people: dict[str, User], mailbox: Mailbox
) -> None:
    task = task_of(start("expense", approval(Title="Travel", Reminder={"AfterSeconds": 1})))
    first = mailbox.wait_for("bob@example.org", "Approval needed: Travel")

    reminder = mailbox.wait_for("dave@example.org", "[Baton] Reminder: Travel")

    assert 1 <= (timezone.now() - task.created_at).total_seconds() < 10
    assert "still waiting for you" in reminder.text
    assert f"/inbox/{task.id}/" in reminder.text and first.session != reminder.session


@pytest.mark.usefixtures("engine")
def test_a_mail_server_that_is_down_breaks_nothing(people: dict[str, User], settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    execution = start("expense", approval())
    task = task_of(execution)

    decisions.decide(task.id, person(people["bob"]), "approve")

    assert ended(execution).status == Status.SUCCEEDED
    assert delivery.flush(), "the sending thread is stuck"


# -- settings: BATON_EMAIL_URL and friends ----------------------------------------------------


def test_an_email_url_sets_host_port_user_and_tls() -> None:
    found = email_from_url("BATON_EMAIL_URL", "smtp+tls://me%40example.org:p%3Aw@mail.example")

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("mail.example", 587)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("me@example.org", "p:w")
    assert (found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (True, False)


def test_smtps_means_implicit_tls_and_smtp_none() -> None:
    smtps = email_from_url("BATON_EMAIL_URL", "smtps://mail.example")
    plain = email_from_url("BATON_EMAIL_URL", "smtp://127.0.0.1:2525")

    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    assert (plain["EMAIL_PORT"], plain["EMAIL_USE_SSL"], plain["EMAIL_USE_TLS"]) == (
        2525,
        False,
        False,
    )
    assert plain["EMAIL_HOST_USER"] == plain["EMAIL_HOST_PASSWORD"] == ""


@pytest.mark.parametrize(
    "url", ["http://mail.example", "smtp://", "smtp://mail.example:25x", "smtp://[::1"]
)
def test_a_malformed_email_url_names_the_variable_and_hides_the_password(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="^BATON_EMAIL_URL must look like") as refused:
        email_from_url("BATON_EMAIL_URL", url.replace("://", "://me:s3cret@", 1))
    assert "s3cret" not in str(refused.value)


EMAIL_SETTINGS = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "BATON_BASE_URL",
)


def email_settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    """EMAIL_SETTINGS as baton.settings makes them from `env`, in a fresh process."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {EMAIL_SETTINGS!r}}}))"
    )
    unset = ("BATON_EMAIL_URL", "BATON_EMAIL_FROM", "EMAIL_HOST", "EMAIL_BACKEND")
    clean = dict.fromkeys(unset, "")  # empty counts as unset, whatever this shell has
    done = run_in_a_fresh_process(tmp_path, script, **{**clean, **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_email_goes_to_the_console_by_default(tmp_path: Path) -> None:
    found = email_settings(tmp_path)

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["DEFAULT_FROM_EMAIL"] == "Baton <baton@localhost>"
    assert found["BATON_BASE_URL"] == "http://127.0.0.1:8000"


def test_baton_email_url_from_and_base_url_reach_the_settings(tmp_path: Path) -> None:
    found = email_settings(
        tmp_path,
        BATON_EMAIL_URL="smtp+tls://ops%40example.org:pw@smtp.example.org:2587",
        BATON_EMAIL_FROM="Approvals <approvals@example.org>",
        BATON_BASE_URL="https://baton.example.org/",
    )

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("smtp.example.org", 2587)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_USE_TLS"]) == ("ops@example.org", True)
    assert found["DEFAULT_FROM_EMAIL"] == "Approvals <approvals@example.org>"
    assert found["BATON_BASE_URL"] == "https://baton.example.org"


def test_the_usual_email_host_variable_turns_smtp_on(tmp_path: Path) -> None:
    found = email_settings(tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_PORT="2525")

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("smtp.example.org", 2525)


def test_a_malformed_baton_email_url_stops_start_up(tmp_path: Path) -> None:
    done = run_in_a_fresh_process(
        tmp_path, "import django; django.setup()", BATON_EMAIL_URL="mail.example.org"
    )

    assert done.returncode != 0
    assert "ImproperlyConfigured: BATON_EMAIL_URL must look like" in done.stderr
