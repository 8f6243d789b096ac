"""Safe file reading and writing: atomic replace, file names that data cannot steer, fast YAML and JSON."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson
import yaml

from trialdocs.errors import SourceError, UsageError

try:  # libyaml is ten times faster; the pure-Python classes are the fallback.
    from yaml import CSafeDumper as YamlDumper
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as YamlDumper  # type: ignore[assignment]
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

_NCT_RE = re.compile(r"^NCT[0-9]{8}$")
#: orjson writes a float below 1e-4 differently from ``json.dumps`` (``0.000015`` and
#: ``2.5e-7`` where Python writes ``1.5e-05`` and ``2.5e-07``). Such a number starts after
#: ``:``, ``,`` or ``[`` (or the output's start); "e-2" in "Type-2" or a uuid does not.
_EXPONENT = re.compile(rb"e-[0-9]")
_NUMBER_START = frozenset(b":,[")


def _small_float(out: bytes) -> bool:
    for m in _EXPONENT.finditer(out):
        j = m.start() - 1
        while j >= 0 and (48 <= out[j] <= 57 or out[j] == 46):
            j -= 1
        if j < m.start() - 1 and _starts_number(out, j):
            return True
    i = out.find(b"0.0000")
    while i != -1:
        if _starts_number(out, i - 1):
            return True
        i = out.find(b"0.0000", i + 1)
    return False


def _starts_number(out: bytes, j: int) -> bool:
    """Is ``out[j]`` what comes before a JSON number: nothing, ``:``, ``,``, ``[``, or a minus sign after one of them?"""
    if j >= 0 and out[j] == 45:
        j -= 1
    if j >= 0 and out[j] == 58:  # a value's colon follows its key's closing quote ("urn:uuid:2e-…" is text)
        return j > 0 and out[j - 1] == 34
    return j < 0 or out[j] in _NUMBER_START


def compact_json(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))``, byte for byte, with orjson.

    orjson is several times faster. Where its output would differ (a float
    below 1e-4, an integer beyond 64 bits, a non-string key), the standard
    library writes it instead; a property test holds the two to the same bytes.
    """
    try:
        out = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        out = None
    if out is None or _small_float(out):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return out.decode("utf-8")


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


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file: 0666 less the umask (0644 under 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` when the block ends, and never appears half-written.

    The temporary file is made beside ``path`` (``mkstemp``, mode 0600), given
    the mode a plain ``open()`` would give under the current umask, and renamed
    into place; on any error, an interrupt included, it is removed.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:  # the folder is made on first use: one mkdir per folder, not one a file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    A killed run leaves either the old file or the new one, never half of one.
    """
    with atomic_file(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def as_paths(sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], what: str = "sources") -> list[Path]:
    """Paths from a list of them, or from one path given alone.

    ``convert_registry("x.yaml", out)`` means one file; iterating the string
    would walk "x", ".", "y"... and, through "/", the whole filesystem.
    """
    if isinstance(sources, str | bytes | os.PathLike):
        return [Path(os.fsdecode(sources))]
    try:
        items = list(sources)
    except TypeError:
        raise UsageError(f"{what} must be a path or a list of paths, not {type(sources).__name__}") from None
    for item in items:
        if not isinstance(item, str | os.PathLike):
            raise UsageError(f"{what} must be paths (str or pathlib.Path), not {type(item).__name__}: {item!r:.60}")
    return [Path(item) for item in items]


__all__ = ["YamlDumper", "YamlLoader", "as_paths", "atomic_file", "load_yaml", "safe_stem", "write_atomic"]
