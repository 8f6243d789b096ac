"""trialdocs fetch against a mock transport that serves corpus records in the API's shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from trialdocs.cli import main
from trialdocs.errors import UsageError
from trialdocs.fetch import PAGE_SIZE, USER_AGENT, Client, FetchError, RateLimiter, fetch
from trialdocs.sources import load

from .conftest import corpus_dir


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def studies(n: int) -> list[dict[str, Any]]:
    files = sorted(corpus_dir("ctgov-v2").glob("*.json"))[:n]
    return [json.loads(f.read_text("utf-8")) for f in files]


def make_client(handler: Any, clock: FakeClock) -> Client:
    return Client(transport=httpx.MockTransport(handler), sleep=clock.sleep, clock=clock)


def test_single_study_and_headers(tmp_path: Path) -> None:
    (study,) = studies(1)
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert request.url.path == f"/api/v2/studies/{nct}"
        return httpx.Response(200, json=study)

    clock = FakeClock()
    out = tmp_path / "one.ndjson"
    assert fetch(out, nct_ids=[nct], client=make_client(handler, clock)) == 1
    assert seen[0].headers["User-Agent"] == USER_AGENT
    assert [t.nct_id for t in load(out)] == [nct]


def test_paginated_search_follows_page_tokens(tmp_path: Path) -> None:
    pool = studies(5)
    calls: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        calls.append(params)
        assert request.url.path == "/api/v2/studies" and params["query.term"] == "asthma"
        start = int(params.get("pageToken", "0"))
        page = pool[start : start + 2]
        body: dict[str, Any] = {"studies": page}
        if start + 2 < len(pool):
            body["nextPageToken"] = str(start + 2)
        return httpx.Response(200, json=body)

    clock = FakeClock()
    out = tmp_path / "all.ndjson"
    assert fetch(out, query="asthma", client=make_client(handler, clock)) == 5
    assert [c.get("pageToken") for c in calls] == [None, "2", "4"]
    assert calls[0]["pageSize"] == str(PAGE_SIZE)
    assert len(out.read_text().splitlines()) == 5
    # Rate limit: requests are spaced at least 60/45 s apart.
    assert all(s == pytest.approx(60 / 45) for s in clock.sleeps)


def test_max_stops_early(tmp_path: Path) -> None:
    pool = studies(5)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"studies": pool, "nextPageToken": "x"})

    assert fetch(tmp_path / "o.ndjson", query="x", limit=3, client=make_client(handler, FakeClock())) == 3


def test_429_then_success_honours_retry_after(tmp_path: Path) -> None:
    (study,) = studies(1)
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(503), httpx.Response(200, json=study)])
    clock = FakeClock()
    client = make_client(lambda request: next(answers), clock)
    assert client.study("NCT00000410")["protocolSection"]
    assert 7.0 in clock.sleeps and client.requests == 3


def test_404_is_a_clear_error(tmp_path: Path) -> None:
    client = make_client(lambda request: httpx.Response(404, json={"message": "not found"}), FakeClock())
    with pytest.raises(FetchError, match="not found: /studies/NCT99999999"):
        fetch(tmp_path / "x.ndjson", nct_ids=["NCT99999999"], client=client)
    assert not (tmp_path / "x.ndjson").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_truncated_body_is_retried_then_fails(tmp_path: Path) -> None:
    (study,) = studies(1)
    text = json.dumps(study)
    answers = iter([httpx.Response(200, text=text[: len(text) // 2])] * 6)
    client = make_client(lambda request: next(answers), FakeClock())
    with pytest.raises(FetchError, match="truncated or invalid JSON body"):
        client.study("NCT00000410")
    answers2 = iter([httpx.Response(200, text=text[:100]), httpx.Response(200, text=text)])
    assert make_client(lambda request: next(answers2), FakeClock()).study("NCT00000410") == study


def test_rate_limiter_spaces_requests() -> None:
    clock = FakeClock()
    limiter = RateLimiter(50, clock, clock.sleep)
    for _ in range(4):
        limiter.wait()
    assert clock.now == pytest.approx(3 * 60 / 50)


def test_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        fetch(tmp_path / "x.ndjson")
    result = CliRunner().invoke(main, ["fetch", "../../etc", "-o", str(tmp_path / "x.ndjson")])
    assert result.exit_code == 2 and "not an NCT id" in result.stderr


def test_no_network_fails_at_once_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A DNS or connect failure is not retried for two minutes: one line, exit 2."""
    import time as real_time

    from trialdocs import fetch as fetch_module

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    real_client = fetch_module.Client
    monkeypatch.setattr(fetch_module, "Client", lambda **kw: real_client(transport=httpx.MockTransport(refuse), **kw))
    started = real_time.monotonic()
    result = CliRunner().invoke(main, ["fetch", "NCT06709469", "-o", str(tmp_path / "x.ndjson")])
    assert real_time.monotonic() - started < 5
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trialdocs: error: cannot reach https://clinicaltrials.gov/api/v2")
    assert not (tmp_path / "x.ndjson").exists()


def test_fetch_writes_to_stdout_with_progress_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    from trialdocs import fetch as fetch_module

    pages = [studies(3)[:2], studies(3)[2:]]

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        page = pages[1] if token else pages[0]
        body: dict[str, Any] = {"studies": page}
        if not token:
            body["nextPageToken"] = "t2"
        return httpx.Response(200, json=body)

    real_client = fetch_module.Client
    clock = FakeClock()
    made: list[Client] = []

    def client(**kw: Any) -> Client:
        made.append(real_client(transport=httpx.MockTransport(handler), sleep=clock.sleep, clock=clock, **kw))
        return made[-1]

    monkeypatch.setattr(fetch_module, "Client", client)
    result = CliRunner().invoke(main, ["fetch", "--query", "asthma", "--timeout", "5"])
    assert result.exit_code == 0, result.stderr
    assert made[0].timeout == 5.0 and made[0].http.timeout.read == 5.0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["protocolSection"]["identificationModule"]["nctId"] for line in lines] == [
        s["protocolSection"]["identificationModule"]["nctId"] for s in studies(3)
    ]
    assert "trialdocs fetch: page 1: 2 studies" in result.stderr
    assert "trialdocs fetch: page 2: 3 studies" in result.stderr
    assert result.stderr.strip().endswith("fetched 3 studies into standard output")


def test_stdin_is_a_source(tmp_path: Path) -> None:
    one = json.dumps(studies(1)[0])
    result = CliRunner().invoke(main, ["summary", "-", "--format", "md"], input=one)
    assert result.exit_code == 0 and result.stdout.startswith("# ")
    ndjson = "\n".join(json.dumps(s) for s in studies(3)) + "\n"
    result = CliRunner().invoke(main, ["convert", "-", "-o", str(tmp_path / "out"), "--jobs", "1"], input=ndjson)
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "out" / "fhir").glob("*.json"))) == 3
