"""State machines, versions, aliases and tags through the real boto3 client and the AWS CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from django.core.management import call_command

from baton.models import AccessKey
from designer.models import Workflow
from tests.aws.clients import boto3_client, error_code

PREFIX = "arn:aws:states:us-east-1:000000000000:stateMachine:"
PASS = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
PASS_2 = json.dumps({"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": True}}})
ROLE = "arn:aws:iam::000000000000:role/anything"


def test_state_machine_lifecycle(sfn: Any) -> None:
    created = sfn.create_state_machine(
        name="orders", definition=PASS, roleArn=ROLE, publish=True, versionDescription="first"
    )
    arn = created["stateMachineArn"]
    assert arn == PREFIX + "orders"
    assert created["stateMachineVersionArn"] == arn + ":1"
    assert sfn.describe_state_machine(stateMachineArn=arn + ":1")["description"] == "first"

    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["name"] == "orders"
    assert described["status"] == "ACTIVE"
    assert described["type"] == "STANDARD"
    assert described["definition"] == PASS
    assert described["creationDate"].year >= 2024
    assert described["loggingConfiguration"]["level"] == "OFF"

    updated = sfn.update_state_machine(stateMachineArn=arn, definition=PASS_2, publish=True)
    assert updated["stateMachineVersionArn"] == PREFIX + "orders:2"
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == PASS_2
    v1 = sfn.describe_state_machine(stateMachineArn=arn + ":1")
    assert v1["definition"] == PASS and v1["stateMachineArn"] == arn + ":1"

    published = sfn.publish_state_machine_version(stateMachineArn=arn)
    assert published["stateMachineVersionArn"] == PREFIX + "orders:2"
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [arn + ":2", arn + ":1"]

    alias = sfn.create_state_machine_alias(
        name="live",
        routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 90},
            {"stateMachineVersionArn": arn + ":2", "weight": 10},
        ],
        description="canary",
    )
    alias_arn = alias["stateMachineAliasArn"]
    assert alias_arn == arn + ":live"
    seen = sfn.describe_state_machine_alias(stateMachineAliasArn=alias_arn)
    assert seen["name"] == "live" and seen["description"] == "canary"
    assert seen["routingConfiguration"] == [
        {"stateMachineVersionArn": arn + ":1", "weight": 90},
        {"stateMachineVersionArn": arn + ":2", "weight": 10},
    ]
    sfn.update_state_machine_alias(
        stateMachineAliasArn=alias_arn,
        routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}],
    )
    seen = sfn.describe_state_machine_alias(stateMachineAliasArn=alias_arn)
    assert seen["routingConfiguration"] == [{"stateMachineVersionArn": arn + ":2", "weight": 100}]
    listed = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
    assert [a["stateMachineAliasArn"] for a in listed] == [alias_arn]
    by_version = {
        n: sfn.list_state_machine_aliases(stateMachineArn=f"{arn}:{n}")["stateMachineAliases"]
        for n in (1, 2)
    }
    assert by_version == {1: [], 2: listed}  # the alias routes to version 2 only now
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine_alias(
            name="bad", routingConfiguration=[{"stateMachineVersionArn": arn + ":9", "weight": 100}]
        )
    assert error_code(info) == "ResourceNotFound"
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias_arn)
    with pytest.raises(ClientError) as info:
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias_arn)
    assert error_code(info) == "ResourceNotFound"

    sfn.create_state_machine(name="billing", definition=PASS, roleArn=ROLE, publish=True)
    names = [m["name"] for m in sfn.list_state_machines()["stateMachines"]]
    assert names == ["billing", "orders"]
    page = sfn.list_state_machines(maxResults=1)
    assert [m["name"] for m in page["stateMachines"]] == ["billing"]
    rest = sfn.list_state_machines(maxResults=1, nextToken=page["nextToken"])
    assert [m["name"] for m in rest["stateMachines"]] == ["orders"]
    assert "nextToken" not in rest
    paginated = sfn.get_paginator("list_state_machines").paginate(PaginationConfig={"PageSize": 1})
    assert [m["name"] for p in paginated for m in p["stateMachines"]] == ["billing", "orders"]

    sfn.tag_resource(
        resourceArn=arn, tags=[{"key": "team", "value": "shop"}, {"key": "x", "value": "1"}]
    )
    sfn.untag_resource(resourceArn=arn, tagKeys=["x"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "shop"}]

    sfn.delete_state_machine(stateMachineArn=arn)
    assert Workflow.objects.get(name="orders").archived_at is not None
    with pytest.raises(ClientError) as info:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_code(info) == "StateMachineDoesNotExist"
    assert [m["name"] for m in sfn.list_state_machines()["stateMachines"]] == ["billing"]


def test_a_definition_saved_without_publish_is_a_revision_until_published(sfn: Any) -> None:
    arn = sfn.create_state_machine(name="drafts", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=PASS_2)

    # neither save is a version yet; the machine itself runs the latest revision
    assert "stateMachineVersionArn" not in updated
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == PASS_2
    for number in ("1", "2"):
        with pytest.raises(ClientError) as info:
            sfn.describe_state_machine(stateMachineArn=f"{arn}:{number}")
        assert error_code(info) == "StateMachineDoesNotExist"
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine_alias(
            name="live",
            routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}],
        )
    assert error_code(info) == "ResourceNotFound"

    # publishing makes the current revision a version, under its revision's number
    published = sfn.publish_state_machine_version(
        stateMachineArn=arn, revisionId=updated["revisionId"], description="second try"
    )
    version = published["stateMachineVersionArn"]
    assert version == arn + ":2"
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [version]
    described = sfn.describe_state_machine(stateMachineArn=version)
    assert (described["definition"], described["description"]) == (PASS_2, "second try")
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == (
        version  # publishing what is published already gives the same version
    )


def test_a_deleted_version_is_gone_but_its_executions_stay(sfn: Any) -> None:
    arn = sfn.create_state_machine(name="pruned", definition=PASS, roleArn=ROLE, publish=True)[
        "stateMachineArn"
    ]
    sfn.update_state_machine(stateMachineArn=arn, definition=PASS_2, publish=True)
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}]
    )["stateMachineAliasArn"]
    ran = sfn.start_execution(stateMachineArn=arn + ":1")["executionArn"]

    with pytest.raises(ClientError) as routed:
        sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    sfn.update_state_machine_alias(
        stateMachineAliasArn=alias,
        routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}],
    )
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")  # gone already: fine
    with pytest.raises(ClientError) as not_startable:
        sfn.start_execution(stateMachineArn=arn + ":1")

    assert error_code(routed) == "ConflictException"
    assert routed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [arn + ":2"]
    assert error_code(not_startable) == "StateMachineDoesNotExist"
    assert sfn.describe_execution(executionArn=ran)["executionArn"] == ran


def test_update_without_a_definition(sfn: Any) -> None:
    arn = sfn.create_state_machine(name="roles", definition=PASS, roleArn=ROLE)["stateMachineArn"]

    renamed_role = sfn.update_state_machine(stateMachineArn=arn, roleArn=ROLE + "-2", publish=True)
    with pytest.raises(ClientError) as info:
        sfn.update_state_machine(stateMachineArn=arn)

    assert renamed_role["stateMachineVersionArn"] == arn + ":1"  # the definition is unchanged
    assert error_code(info) == "MissingRequiredParameter"


def test_a_deleted_state_machine_frees_its_name(sfn: Any) -> None:
    arn = sfn.create_state_machine(name="again", definition=PASS, roleArn=ROLE, publish=True)[
        "stateMachineArn"
    ]
    sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}]
    )
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "shop"}])
    with pytest.raises(ClientError) as info:
        sfn.delete_state_machine(stateMachineArn=arn + ":1")
    assert error_code(info) == "ValidationException"  # a version is not the machine

    sfn.delete_state_machine(stateMachineArn=arn)
    sfn.delete_state_machine(stateMachineArn=arn)  # deleting it again succeeds
    created = sfn.create_state_machine(name="again", definition=PASS_2, roleArn=ROLE)

    assert created["stateMachineArn"] == arn
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == PASS_2
    assert sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"] == []
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == []
    assert [m["name"] for m in sfn.list_state_machines()["stateMachines"]] == ["again"]


def test_errors(sfn: Any) -> None:
    sfn.create_state_machine(name="orders", definition=PASS, roleArn=ROLE)
    # The same request again is idempotent; another definition under the name is not.
    sfn.create_state_machine(name="orders", definition=PASS, roleArn=ROLE)
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine(name="orders", definition=PASS_2, roleArn=ROLE)
    assert error_code(info) == "StateMachineAlreadyExists"
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine(name="broken", definition='{"StartAt": "Nowhere"}', roleArn=ROLE)
    assert error_code(info) == "InvalidDefinition"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine(name="bad name!", definition=PASS, roleArn=ROLE)
    assert error_code(info) == "InvalidName"
    with pytest.raises(ClientError) as info:
        sfn.describe_state_machine(stateMachineArn="arn:aws:states:eu-west-1:1:stateMachine:x")
    assert error_code(info) == "InvalidArn"
    with pytest.raises(ClientError) as info:
        sfn.describe_state_machine(stateMachineArn=PREFIX + "missing")
    assert error_code(info) == "StateMachineDoesNotExist"
    with pytest.raises(ClientError) as info:
        sfn.list_tags_for_resource(resourceArn=PREFIX + "missing")
    assert error_code(info) == "ResourceNotFound"
    with pytest.raises(ClientError) as info:
        sfn.describe_state_machine(stateMachineArn=PREFIX + "orders:7")
    assert error_code(info) == "StateMachineDoesNotExist"


def test_a_request_too_large_is_a_validation_error(sfn: Any) -> None:
    huge = json.dumps(
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "x" * 3_000_000, "End": True}}}
    )

    with pytest.raises(ClientError) as info:
        sfn.create_state_machine(name="huge", definition=huge, roleArn=ROLE)

    assert error_code(info) == "ValidationException"
    assert "larger than" in info.value.response["Error"]["Message"]
    assert not Workflow.objects.filter(name="huge").exists()


def test_validate(sfn: Any) -> None:
    ok = sfn.validate_state_machine_definition(definition=PASS)
    assert ok["result"] == "OK" and ok["diagnostics"] == []
    bad = sfn.validate_state_machine_definition(definition='{"StartAt": "A", "States": {}}')
    assert bad["result"] == "FAIL"
    assert bad["diagnostics"]
    first = bad["diagnostics"][0]
    assert first["severity"] == "ERROR" and first["code"] and first["message"]
    not_json = sfn.validate_state_machine_definition(definition="{nope")
    assert not_json["result"] == "FAIL"


def test_unsupported_action(sfn: Any) -> None:
    def retarget(request: Any, **_: Any) -> None:
        del request.headers["X-Amz-Target"]
        request.headers["X-Amz-Target"] = "AWSStepFunctions.FlyToTheMoon"

    sfn.meta.events.register("before-sign.states.ListMapRuns", retarget)
    with pytest.raises(ClientError) as info:
        sfn.list_map_runs(executionArn="arn:aws:states:us-east-1:000000000000:execution:a:b")
    assert error_code(info) == "UnknownOperationException"
    assert "Baton does not support the Step Functions action FlyToTheMoon" in str(info.value)


def test_wrong_credentials_are_refused(
    client_for: Callable[[str, str], Any], credentials: tuple[str, str], aws_url: str
) -> None:
    key_id, secret = credentials
    with pytest.raises(ClientError) as info:
        client_for(key_id, secret + "x").create_state_machine(
            name="sneaky", definition=PASS, roleArn=ROLE
        )
    assert error_code(info) == "InvalidSignatureException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(ClientError) as info:
        client_for("AKIANOTAKEY", secret).list_state_machines()
    assert error_code(info) == "UnrecognizedClientException"
    with pytest.raises(ClientError) as info:
        boto3_client(aws_url, (key_id, secret), region="eu-west-1").list_state_machines()
    assert error_code(info) == "InvalidSignatureException"  # Baton's region is us-east-1
    AccessKey.objects.filter(access_key_id=key_id).update(revoked_at="2026-01-01T00:00:00Z")
    with pytest.raises(ClientError) as info:
        client_for(key_id, secret).list_state_machines()
    assert error_code(info) == "UnrecognizedClientException"
    assert not Workflow.objects.filter(name="sneaky").exists()


def signed_request(
    key_id: str, secret: str, body: bytes = b"{}", target: str = "ListStateMachines"
) -> Any:
    """A Django request for /aws/ signed by botocore's own SigV4 signer, as boto3 signs."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    from django.test import RequestFactory

    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": f"AWSStepFunctions.{target}",
    }
    aws = AWSRequest("POST", "http://testserver/aws/", data=body, headers=headers)
    SigV4Auth(Credentials(key_id, secret), "states", "us-east-1").add_auth(aws)
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in aws.headers.items()}
    meta.pop("HTTP_CONTENT_TYPE")
    meta["HTTP_HOST"] = "testserver"  # botocore signs the host of the URL
    return RequestFactory().post(
        "/aws/", data=body, content_type="application/x-amz-json-1.0", **meta
    )


def test_signatures_checked_on_the_server(credentials: tuple[str, str]) -> None:
    from datetime import UTC, datetime, timedelta

    from baton.aws import sigv4
    from baton.aws.actions import AwsError

    assert sigv4.authenticate(signed_request(*credentials)).username == "sfn-user"
    for late in (timedelta(minutes=16), -timedelta(minutes=16)):
        with pytest.raises(AwsError) as stale:
            sigv4.authenticate(signed_request(*credentials), now=datetime.now(UTC) + late)
        assert stale.value.code == "InvalidSignatureException"
        assert "expired" in stale.value.message
    tampered = signed_request(*credentials)
    tampered._body = b'{"maxResults": 1}'
    with pytest.raises(AwsError) as bad:
        sigv4.authenticate(tampered)
    assert bad.value.code == "InvalidSignatureException"
    unsigned = signed_request(*credentials)
    del unsigned.META["HTTP_AUTHORIZATION"]
    with pytest.raises(AwsError) as missing:
        sigv4.authenticate(unsigned)
    assert missing.value.status == 403


def test_roles(client_for: Callable[[str, str], Any], make_key: Callable[..., Any]) -> None:
    nobody = client_for(*make_key("nobody"))
    with pytest.raises(ClientError) as info:
        nobody.list_state_machines()
    assert error_code(info) == "AccessDeniedException"
    viewer = client_for(*make_key("viewer", "viewer"))
    assert viewer.list_state_machines()["stateMachines"] == []
    with pytest.raises(ClientError) as info:
        viewer.create_state_machine(name="orders", definition=PASS, roleArn=ROLE)
    assert error_code(info) == "AccessDeniedException"
    assert not Workflow.objects.filter(name="orders").exists()


def test_get_is_refused(aws_url: str) -> None:
    import requests

    response = requests.get(aws_url, timeout=10)
    assert response.status_code == 405
    assert response.headers["Content-Type"] == "application/x-amz-json-1.0"


def test_create_access_key_command(make_key: Callable[..., Any], capsys: Any) -> None:
    make_key("someone")
    call_command("create_access_key", "someone")
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"AccessKeyId", "SecretAccessKey"}
    key = AccessKey.objects.get(access_key_id=printed["AccessKeyId"])
    assert key.secret.reveal() == printed["SecretAccessKey"]
    assert printed["SecretAccessKey"] not in key.secret.ciphertext


def test_timestamps_go_out_as_epoch_seconds_with_a_request_id(
    sfn: Any, credentials: tuple[str, str]
) -> None:
    from baton.aws.views import endpoint

    sfn.create_state_machine(name="times", definition=PASS, roleArn=ROLE)
    body = json.dumps({"stateMachineArn": PREFIX + "times"}).encode()

    started = endpoint(signed_request(*credentials, body, "StartExecution"))
    listed = endpoint(signed_request(*credentials, body, "ListExecutions"))

    # as awsJson1_0 says: numbers, which the JavaScript and Go SDKs insist on
    assert isinstance(json.loads(started.content)["startDate"], float)
    assert isinstance(json.loads(listed.content)["executions"][0]["startDate"], float)
    assert started["x-amzn-RequestId"] != listed["x-amzn-RequestId"]
    described = sfn.describe_state_machine(stateMachineArn=PREFIX + "times")
    assert described["ResponseMetadata"]["RequestId"]
