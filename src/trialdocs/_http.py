"""What the two networked commands (``fetch``, ``push``) share about HTTP."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx

#: Answers worth retrying: rate limits and a server's passing trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date; None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None
