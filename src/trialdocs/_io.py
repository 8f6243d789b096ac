"""Safe file reading and writing: atomic replace, file names that data cannot steer, fast YAML."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from trialdocs.errors import SourceError

try:  # libyaml is ten times faster; the pure-Python classes are the fallback.
    from yaml import CSafeDumper as YamlDumper
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as YamlDumper  # type: ignore[assignment]
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

_NCT_RE = re.compile(r"^NCT[0-9]{8}$")


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` with libyaml when it is installed."""
    return yaml.load(text, Loader=YamlLoader)


def safe_stem(nct_id: str) -> str:
    """Return ``nct_id`` if it is a well-formed NCT id, so it may name a file.

    An id such as ``../../x`` comes from data and must never touch a path.
    """
    if not _NCT_RE.match(nct_id):
        raise SourceError(f"refusing to use {nct_id!r:.40} as a file name: not an NCT id", nct_id=None)
    return nct_id


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    A killed run leaves either the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["YamlDumper", "YamlLoader", "load_yaml", "safe_stem", "write_atomic"]
