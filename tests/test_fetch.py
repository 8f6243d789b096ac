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
