"""Step Functions ARNs for Baton objects, and parsing them back.

arn:aws:states:<region>:<account>:stateMachine:<name>[:<version>|:<alias>]
arn:aws:states:<region>:<account>:execution:<name>:<id>
arn:aws:states:<region>:<account>:activity:<name>
"""

from __future__ import annotations

from dataclasses import dataclass

from baton import jsontext
from engine.conf import engine_setting

from .actions import AwsError


def prefix() -> str:
    return f"arn:aws:states:{engine_setting('REGION')}:{engine_setting('ACCOUNT_ID')}:"


def state_machine(name: str, qualifier: str | int | None = None) -> str:
    arn = f"{prefix()}stateMachine:{name}"
    return arn if qualifier is None else f"{arn}:{qualifier}"


def execution(machine: str, execution_id: str) -> str:
    return f"{prefix()}execution:{machine}:{execution_id}"


def activity(name: str) -> str:
    return f"{prefix()}activity:{name}"


@dataclass(frozen=True)
class Arn:
    kind: str  # "stateMachine", "execution" or "activity"
    name: str
    qualifier: str | None = None  # a version number, an alias name, or an execution id

    @property
    def version(self) -> int | None:
        return int(self.qualifier) if self.qualifier and self.qualifier.isdigit() else None

    @property
    def alias(self) -> str | None:
        return self.qualifier if self.qualifier and not self.qualifier.isdigit() else None


def parse(arn: object, *kinds: str) -> Arn:
    """The parts of a Baton ARN of one of `kinds`; InvalidArn otherwise.

    Every action finds its objects through here, so an ARN Postgres could not compare (a NUL, a
    lone surrogate) is refused here rather than failing the lookup with a DataError."""
    if not (isinstance(arn, str) and arn.startswith(prefix()) and jsontext.is_storable_text(arn)):
        raise AwsError("InvalidArn", f"Invalid Arn: '{arn}'")
    parts = arn[len(prefix()) :].split(":")
    kind = parts[0]
    if (kinds and kind not in kinds) or len(parts) < 2 or not all(parts[1:]):
        raise AwsError("InvalidArn", f"Invalid Arn: '{arn}'")
    if kind == "stateMachine" and len(parts) in (2, 3):
        return Arn(kind, parts[1], parts[2] if len(parts) == 3 else None)
    if kind == "execution" and len(parts) == 3:
        return Arn(kind, parts[1], parts[2])
    if kind == "activity" and len(parts) == 2:
        return Arn(kind, parts[1])
    raise AwsError("InvalidArn", f"Invalid Arn: '{arn}'")
