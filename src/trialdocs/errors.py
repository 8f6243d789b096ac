"""The exception hierarchy.

Every error that trialdocs raises on purpose is a :class:`TrialdocsError`, so a
caller (and the CLI) can catch one type. Source errors carry the file, the NCT
id when it is known and the field path, and their message ends in the path, in
the style of cattrs: ``unknown phase 'PHASE9' @ $.protocolSection.designModule.phases[0]``.
"""

from __future__ import annotations

from pathlib import Path


class TrialdocsError(Exception):
    """Base class of every error trialdocs raises on purpose."""

    #: CLI exit code when this error ends a command.
    exit_code: int = 1


class UsageError(TrialdocsError):
    """The caller asked for something that cannot be done (bad option, bad config)."""

    exit_code = 2


class Interrupted(TrialdocsError):
    """The user stopped the run (Ctrl-C); what was finished is kept, and the message says how to go on."""

    exit_code = 130


def pick(value: object, options: tuple[str, ...] | list[str], what: str) -> str:
    """``value`` as one of ``options``, case-insensitively; anything else is a :class:`UsageError`.

    The message lists the valid values and names the nearest one, so
    ``to_fhir_json(trial, "R4")`` says "did you mean 'R4B'?" instead of
    raising a bare ``KeyError``.
    """
    import difflib

    if isinstance(value, str):
        for option in options:
            if value.lower() == option.lower():
                return option
    close = difflib.get_close_matches(str(value).upper(), [o.upper() for o in options], n=1, cutoff=0.5)
    hint = f"; did you mean {next(o for o in options if o.upper() == close[0])!r}?" if close else ""
    raise UsageError(f"unknown {what} {value!r}: choose from {', '.join(options)}{hint}")


class SourceError(TrialdocsError):
    """A record could not be read into the canonical model.

    ``path`` is a JSONPath-like location inside the record (``$.a.b[0]``) or,
    for XML, an XPath-like one (``/clinical_study/phase``).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        nct_id: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.nct_id = nct_id
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        head = ": ".join(p for p in (self.file, self.nct_id) if p)
        tail = f" @ {self.path}" if self.path else ""
        return f"{head}: {self.message}{tail}" if head else f"{self.message}{tail}"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickle by fields, so an error raised in a worker process arrives whole."""
        return (_restore, (type(self), self.message, self.file, self.nct_id, self.path))

    def with_context(self, *, file: str | Path | None = None, nct_id: str | None = None) -> SourceError:
        """Return a copy that also names the file and record, keeping what is known."""
        return type(self)(
            self.message,
            file=self.file or (str(file) if file is not None else None),
            nct_id=self.nct_id or nct_id,
            path=self.path,
        )

    def as_dict(self) -> dict[str, str | None]:
        return {
            "file": self.file,
            "nct_id": self.nct_id,
            "path": self.path,
            "message": self.message,
            "error": type(self).__name__,
        }


class UnreadableInputError(SourceError):
    """A whole input cannot be read at all (missing, truncated, not a trial format)."""

    exit_code = 2


class NotATrialError(UnreadableInputError):
    """The input is readable but holds no clinical study (a config file, a README).

    The gate skips such files with a note; the converter reports them.
    """


class FieldError(SourceError):
    """One field of a record has a value the model cannot accept."""


class NoResultsError(SourceError):
    """A results summary was asked for a study whose record holds no posted results."""


def _restore(cls: type[SourceError], message: str, file: str | None, nct_id: str | None, path: str | None) -> SourceError:
    return cls(message, file=file, nct_id=nct_id, path=path)
