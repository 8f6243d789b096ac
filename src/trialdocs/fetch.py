"""``trialdocs fetch``: records from the ClinicalTrials.gov API v2, streamed to NDJSON.

The only networked part of trialdocs, and only when asked. It is polite: a
timeout, a client-side limit under the API's ~50 requests a minute, retries
with backoff on 429 and 5xx (honouring ``Retry-After``), a User-Agent that
names it, and ``pageSize=1000`` so a whole-registry download is ~580 requests.
Tests drive it through an ``httpx.MockTransport``, never the network.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from trialdocs._http import RETRY_STATUSES, retry_after
from trialdocs._io import atomic_file
from trialdocs._version import __version__
from trialdocs.errors import TrialdocsError, UsageError

API = "https://clinicaltrials.gov/api/v2"
USER_AGENT = f"trialdocs/{__version__} (clinical-trial summaries; +https://pypi.org/project/trialdocs/)"
PAGE_SIZE = 1000
REQUESTS_PER_MINUTE = 45


class FetchError(TrialdocsError):
    """The API could not give what was asked (after retries), or gave something unreadable."""


class NetworkError(FetchError):
    """The API cannot be reached at all (no network, a DNS failure, a refused connection).

    Retrying will not help, so it fails at once with one line, exit 2.
    """

    exit_code = 2


class RateLimiter:
    """At most ``per_minute`` requests a minute, spaced evenly."""

    def __init__(
        self, per_minute: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.interval = 60.0 / per_minute
        self.clock, self.sleep = clock, sleep
        self.next_at = 0.0

    def wait(self) -> None:
        now = self.clock()
        if now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


@dataclass
class Client:
    """A small CT.gov API v2 client. Pass ``transport`` to test without a network."""

    transport: httpx.BaseTransport | None = None
    base_url: str = API
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 2.0
    per_minute: float = REQUESTS_PER_MINUTE
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url,
            transport=self.transport,
            timeout=self.timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )
        self.limiter = RateLimiter(self.per_minute, self.clock, self.sleep)
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET with rate limiting and retries; a 404 or an unreadable body is a FetchError."""
        last = ""
        for attempt in range(self.retries + 1):
            self.limiter.wait()
            self.requests += 1
            try:
                response = self.http.get(path, params=params)
            except httpx.ConnectError as exc:
                raise NetworkError(f"cannot reach {self.base_url}: {exc} (is there a network?)") from None
            except httpx.TransportError as exc:
                last = f"network error: {exc}"
                self.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code in RETRY_STATUSES:
                last = f"HTTP {response.status_code}"
                self.sleep(retry_after(response) or self.backoff * 2**attempt)
                continue
            if response.status_code == 404:
                raise FetchError(f"not found: {path}")
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} for {path}: {response.text[:200]}")
            try:
                return response.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                last = "truncated or invalid JSON body"
                self.sleep(self.backoff * 2**attempt)
        raise FetchError(f"giving up on {path} after {self.retries + 1} attempts: {last}")

    def study(self, nct_id: str) -> dict[str, Any]:
        data = self.get_json(f"/studies/{nct_id}", {"format": "json"})
        if not isinstance(data, dict) or "protocolSection" not in data:
            raise FetchError(f"{nct_id}: the API answered with something that is not a study")
        return data

    def search(
        self, term: str, *, limit: int | None = None, on_page: Callable[[int, int], None] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every study matching ``term``, page by page (``pageToken``); ``on_page(pages, studies)`` after each page."""
        token: str | None = None
        seen = pages = 0
        while True:
            params: dict[str, Any] = {"query.term": term, "pageSize": PAGE_SIZE, "format": "json"}
            if limit is not None:
                params["pageSize"] = min(PAGE_SIZE, max(limit - seen, 1))
            if token:
                params["pageToken"] = token
            page = self.get_json("/studies", params)
            if not isinstance(page, dict) or not isinstance(page.get("studies"), list):
                raise FetchError("the API answered a search with something that is not a list of studies")
            pages += 1
            if on_page is not None:
                on_page(pages, seen + len(page["studies"]))
            for study in page["studies"]:
                yield study
                seen += 1
                if limit is not None and seen >= limit:
                    return
            token = page.get("nextPageToken")
            if not token:
                return


def fetch(
    out: str | os.PathLike[str],
    *,
    nct_ids: Iterable[str] = (),
    query: str | None = None,
    limit: int | None = None,
    client: Client | None = None,
    timeout: float = 30.0,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Stream the asked-for studies to ``out`` as NDJSON, one study per line.

    ``out`` is a file, or ``-`` for standard output (a pipe). A file is
    written as the lines arrive to a temporary file renamed into place at
    the end, so an interrupted fetch never leaves a half file. ``progress``
    gets a line per page of results. Returns the number of studies written.
    """
    ids = list(nct_ids)
    if bool(ids) == bool(query):
        raise UsageError("give NCT ids or --query, not both and not neither")
    own = client is None
    client = client or Client(timeout=timeout)
    written = 0

    def on_page(pages: int, studies: int) -> None:
        if progress is not None:
            progress(f"page {pages}: {studies} studies")

    def write_all(handle: IO[bytes]) -> None:
        nonlocal written
        studies = (client.study(i) for i in ids) if ids else client.search(query or "", limit=limit, on_page=on_page)
        for study in studies:
            handle.write((json.dumps(study, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
            written += 1
            if ids and progress is not None:
                progress(f"{written} of {len(ids)} studies")

    try:
        if str(out) == "-":
            write_all(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with atomic_file(Path(out)) as handle:
                write_all(handle)
    finally:
        if own:
            client.close()
    return written
