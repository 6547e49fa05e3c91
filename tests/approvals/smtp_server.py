"""A real SMTP server for the e-mail tests (aiosmtpd) on a free local port: it accepts every
message, keeps it parsed, and notes which SMTP session (connection) carried it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    session: int  # one number per connection: mails sent over one connection share it

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        return body.replace("\r\n", "\n")  # SMTP's line ends

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()  # type: ignore[union-attr]


@dataclass
class Mailbox:
    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def to(self, address: str) -> list[Received]:
        return [r for r in list(self.received) if address in r.recipients]

    def wait_for(self, address: str, subject_part: str, seconds: float = 15.0) -> Received:
        """The first message to `address` whose subject has `subject_part`, once it arrives."""
        ends = time.monotonic() + seconds
        with self.changed:
            while time.monotonic() < ends:
                for r in self.to(address):
                    if subject_part in r.subject:
                        return r
                self.changed.wait(0.1)
        subjects = [(r.recipients, r.subject) for r in self.received]
        raise AssertionError(f"no {subject_part!r} to {address} within {seconds} s: {subjects}")


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        received = Received(envelope.mail_from, list(envelope.rcpt_tos), message, id(session))
        with self.box.changed:
            self.box.received.append(received)
            self.box.changed.notify_all()
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server for the length of the `with`; its Mailbox collects what it receives."""
    box = Mailbox(port=free_port())
    controller = Controller(_Handler(box), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
