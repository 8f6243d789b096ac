"""trialdocs push without a server: httpx MockTransport, never the network.

The real server round trip is in tests/interop/test_server.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from trialdocs import load_one
from trialdocs.cli import main
from trialdocs.fhir import bundle_dict
from trialdocs.push import PushError, Server, push, request_bundle, retry_after

from .conftest import FIXTURES

FIXTURE = FIXTURES / "NCT06709469.yaml"


def ok(request: httpx.Request) -> httpx.Response:
    sent = json.loads(request.content)
    return httpx.Response(
        200,
        json={
            "resourceType": "Bundle",
            "type": f"{sent['type']}-response",
            "entry": [{"response": {"status": "200 OK"}} for _ in sent["entry"]],
        },
    )


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return ok(request)

    monkeypatch.setenv("MY_FHIR_TOKEN", "s3cret")
    import os

    server = Server("http://fhir.test/base", token=os.environ["MY_FHIR_TOKEN"], transport=httpx.MockTransport(handler))
    assert push([FIXTURE], server, errors_file=None).failed == []
    assert seen == ["Bearer s3cret"]
    assert "--token" not in CliRunner().invoke(main, ["push", "--help"]).output.replace("--token-env", "")


def test_batch_entries_refer_by_id_and_transactions_keep_urn_uuids() -> None:
    bundle = bundle_dict(load_one(FIXTURE))
    batch = request_bundle(bundle, "batch")
    refs = json.dumps([e["resource"] for e in batch["entry"]])
    assert "urn:uuid" not in refs and '"reference": "PlanDefinition/nct06709469-protocol"' in refs
    assert batch["entry"][0]["request"] == {"method": "PUT", "url": "ResearchStudy/nct06709469"}
    transaction = request_bundle(bundle, "transaction")
    assert transaction["type"] == "transaction" and "urn:uuid" in json.dumps(transaction["entry"][0]["resource"])


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 < (retry_after(httpx.Response(503, headers={"Retry-After": later})) or 0) <= 30
    assert retry_after(httpx.Response(503)) is None


def test_429_then_ok_is_retried_with_backoff() -> None:
    answers = iter([httpx.Response(429), httpx.Response(502, headers={"Retry-After": "3"})])
    slept: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or ok(request)

    server = Server("http://fhir.test", transport=httpx.MockTransport(handler), sleep=slept.append, backoff=0.5)
    result = push([FIXTURE], server, errors_file=None)
    assert result.failed == [] and slept == [0.5, 3.0] and result.requests == 3


def test_a_batch_with_a_failed_entry_is_a_failed_bundle(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        n = len(json.loads(request.content)["entry"])
        entries = [{"response": {"status": "201 Created"}}] * (n - 1) + [
            {
                "response": {
                    "status": "400",
                    "outcome": {
                        "resourceType": "OperationOutcome",
                        "issue": [{"severity": "error", "code": "invalid", "details": {"text": "bad Location"}}],
                    },
                }
            }
        ]
        return httpx.Response(200, json={"resourceType": "Bundle", "type": "batch-response", "entry": entries})

    server = Server("http://fhir.test", transport=httpx.MockTransport(handler))
    result = push([FIXTURE], server, mode="batch", errors_file=tmp_path / "errors.ndjson")
    assert [f.message for f in result.failed] == ["entry 4: 400 bad Location"]
    assert result.exit_code == 1


def test_an_unreachable_server_is_exit_2(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    server = Server("http://fhir.test", transport=httpx.MockTransport(handler))
    with pytest.raises(PushError) as err:
        push([FIXTURE], server, errors_file=None)
    assert err.value.exit_code == 2 and "cannot reach http://fhir.test" in str(err.value)
    run = CliRunner().invoke(main, ["push", str(FIXTURE), "--server", "http://127.0.0.1:9/fhir", "-q"])
    assert run.exit_code == 2 and run.stderr.startswith("trialdocs: error: cannot reach http://127.0.0.1:9/fhir")
