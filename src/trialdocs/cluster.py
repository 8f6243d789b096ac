"""Dask plumbing for ``convert --scheduler``: connect to a cluster, map work over it, a window at a time.

It knows nothing of trials: :mod:`trialdocs.convert` hands it a function and
its partitions and gets back each partition's result as it completes. The
window keeps a bounded number of partitions in flight, so the client's
memory stays flat however large the registry is. Dask is optional
(``pip install 'trialdocs[dask]'``); nothing here imports it until asked.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from trialdocs.errors import UsageError

P = TypeVar("P")
R = TypeVar("R")

#: ``--scheduler local`` starts a LocalCluster on this machine.
LOCAL = "local"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'trialdocs[dask]'") from None
    return distributed


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for ``tcp://HOST:PORT``, or for a LocalCluster of ``workers`` processes (``local``).

    A LocalCluster is closed on leaving; a remote cluster is left running.
    """
    distributed = _distributed()
    # The CLI's root logger shows INFO (a dependency sets it); Dask's start and stop notes are not the user's business.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address == LOCAL:
        with (
            distributed.LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    if "://" not in address:
        raise UsageError(f"--scheduler {address!r}: give tcp://HOST:PORT (a dask scheduler) or 'local'")
    try:
        client = distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
    try:
        yield client
    finally:
        client.close()


def map_window(client: Any, fn: Callable[[P], R], partitions: Iterable[P], window: int) -> Iterator[tuple[P, R]]:
    """``fn`` over ``partitions`` on the cluster, at most ``window`` in flight; pairs in completion order.

    A worker that dies mid-task has its tasks rerun by the scheduler, and each
    future yields once, so no partition is lost or doubled.
    """
    distributed = _distributed()
    pending = iter(partitions)
    inputs: dict[Any, P] = {}
    queue = distributed.as_completed()
    for part in pending:
        future = client.submit(fn, part, pure=False)
        inputs[future] = part
        queue.add(future)
        if len(inputs) >= window:
            break
    for future in queue:
        part = inputs.pop(future)
        result = future.result()
        future.release()
        nxt = next(pending, None)
        if nxt is not None:
            new = client.submit(fn, nxt, pure=False)
            inputs[new] = nxt
            queue.add(new)
        yield part, result


def workers(client: Any) -> int:
    """How many workers the cluster has now (the window is sized from it)."""
    return max(len(client.scheduler_info().get("workers", {})), 1)
