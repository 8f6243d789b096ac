"""The ``trialdocs`` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and turns a
:class:`~trialdocs.errors.TrialdocsError` into a one-line message. Exit codes:
0 clean, 1 some records failed (or the gate found problems), 2 usage error or
unreadable input. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from trialdocs._io import write_atomic
from trialdocs.errors import NoResultsError, SourceError, TrialdocsError, UsageError
from trialdocs.model import Trial
from trialdocs.sources import iter_load, iter_load_files

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: 128 + the signal number, as shells report a process stopped by SIGINT or SIGPIPE.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
#: trialdocs.convert.OUTPUTS, spelled out so that the CLI starts without the FHIR stack (a test pins them equal).
OUTPUTS = ("fhir", "fhir-ndjson", "summary-md", "summary-html", "summary-json", "check")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"trialdocs: error: {message}", err=True)
    sys.exit(code)


class Choice(click.Choice):  # type: ignore[type-arg]
    """A case-insensitive choice ("HTML", "r4b") that names the nearest valid value on a miss ("R4" -> "R4B")."""

    def __init__(self, choices: Iterable[str]) -> None:
        super().__init__(list(choices), case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            import difflib

            options = [str(c) for c in self.choices]
            close = difflib.get_close_matches(str(value).lower(), [o.lower() for o in options], n=1, cutoff=0.5)
            hint = f" Did you mean {next(o for o in options if o.lower() == close[0])!r}?" if close else ""
            self.fail(f"{value!r} is not one of {', '.join(map(repr, options))}.{hint}", param, ctx)


sources_argument = click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path)
)
fhir_version_option = click.option("--fhir-version", type=Choice(["R5", "R4B"]), default="R5", show_default=True)


def out_dir_option(help: str) -> Callable[[F], F]:
    """``-o/--output DIR``: the directory a batch command writes one file per study into."""
    return click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help)


def overlay_option(help: str) -> Callable[[F], F]:
    """``--overlay DIR``: a directory of editorial overlays (NCTxxxxxxxx.md)."""
    return click.option("--overlay", "overlay_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help=help)


def handles_errors(func: F) -> F:
    """Turn a TrialdocsError into a one-line message and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`trialdocs summary DIR | head`): stop quietly, as `yes | head` does.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except TrialdocsError as exc:
            if ctx.find_root().params.get("debug"):
                raise
            _fail(str(exc), exc.exit_code)
        except OSError as exc:
            if ctx.find_root().params.get("debug"):
                raise
            _fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}".lstrip(": "), EXIT_USAGE)
        except Exception as exc:
            if ctx.find_root().params.get("debug"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


def _split(items: Iterable[Trial | SourceError]) -> tuple[list[Trial], list[SourceError]]:
    """Readable trials and the errors met reading them, in input order."""
    trials: list[Trial] = []
    errors: list[SourceError] = []
    for item in items:
        if isinstance(item, SourceError):
            errors.append(item)
        else:
            trials.append(item)
    return trials, errors


def _done(succeeded: int, errors: list[SourceError], sources: Iterable[Path]) -> NoReturn:
    """Exit with the batch's code; finding no record at all is a usage error (2), never a silent 0."""
    if not succeeded and not errors:
        _fail(f"no trial records found in {', '.join(map(str, sources))}", EXIT_USAGE)
    from trialdocs.api import batch_exit_code

    sys.exit(batch_exit_code(succeeded, errors))


def _report_errors(errors: list[SourceError]) -> None:
    for err in errors:
        click.echo(f"trialdocs: error: {err}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="trialdocs")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """Turn clinical-trial records into FHIR and plain-language lay summaries.

    Sources: ClinicalTrials.gov API v2 JSON, legacy CT.gov XML, and the
    canonical trialdocs YAML/JSON document. Run `trialdocs COMMAND --help`
    for examples.
    """


IMPORT_HELP = """Read trial records and write canonical trialdocs documents.

\b
SRC may be any of these, or a directory holding them (walked recursively):
  * a ClinicalTrials.gov API v2 study:   trialdocs import NCT06709469.json
  * an API v2 list response {"studies": [...]}:
                                         trialdocs import page1.json -o out/
  * the website download (JSON array):   trialdocs import ctg-studies.json -o out/
  * NDJSON, one study per line:          trialdocs import studies.ndjson -o out/
  * legacy CT.gov XML <clinical_study>:  trialdocs import NCT00002475.xml
  * a canonical trialdocs YAML/JSON:     trialdocs import fixtures/NCT06709469.yaml
  * a directory of any of these:         trialdocs import ../shared/corpus/ctgov-v2 -o out/

\b
With -o OUT, each study is written to OUT/NCTxxxxxxxx.yaml (or .json).
Without -o, the studies go to stdout (YAML documents separated by ---).
--report prints, for each canonical field, how many records filled it.

\b
A bad record is reported on stderr with its file, NCT id and field path, and
the rest are still written. Exit status: 0 all records imported, 1 some
failed, 2 nothing could be read.
"""


@main.command("import", help=IMPORT_HELP)
@sources_argument
@out_dir_option("Directory to write one document per study into.")
@click.option(
    "--format", "fmt", type=Choice(["yaml", "json"]), default="yaml", show_default=True, help="Canonical document format."
)
@click.option("--report", is_flag=True, help="Print the field coverage table instead of the documents (with -o, after writing).")
@handles_errors
def import_cmd(sources: tuple[Path, ...], out_dir: Path | None, fmt: str, report: bool) -> None:
    from trialdocs import api
    from trialdocs.report import field_coverage, format_coverage

    if out_dir is not None:
        result = api.import_trials(sources, out_dir, format=fmt)  # type: ignore[arg-type]
        _report_errors(result.errors)
        if report:
            total, counts = field_coverage(iter_load(result.written))  # type: ignore[arg-type]
            click.echo(format_coverage(total, counts), nl=False)
        click.echo(result.summary("imported", out_dir), err=True)
        _done(len(result.written), result.errors, sources)
    trials, errors = _split(iter_load(sources))
    _report_errors(errors)
    if report:
        total, counts = field_coverage(trials)
        click.echo(format_coverage(total, counts), nl=False)
    else:
        click.echo(api.dump_many(trials, fmt), nl=False)  # type: ignore[arg-type]
    _done(len(trials), errors, sources)


FHIR_HELP = """Export trials as FHIR Bundles (R5 by default, or R4B).

\b
SRC is anything `trialdocs import` reads. Each Bundle holds the
ResearchStudy, its PlanDefinition (protocol), Group (eligibility),
Organizations and Locations, with ids derived from the NCT id. Every resource
is validated (fhir.resources + FHIR invariants) before it is written.

\b
Examples:
  trialdocs fhir fixtures/NCT06709469.yaml                 # one Bundle to stdout
  trialdocs fhir ../shared/corpus/ctgov-v2 -o out/fhir     # out/fhir/NCT….json
  trialdocs fhir studies.ndjson -o out --fhir-version R4B
  trialdocs fhir SRC -o out --bundle transaction           # PUT at stable ids
  trialdocs fhir SRC -o out --bundle batch                 # for servers that cap transactions
  trialdocs fhir SRC -o out --base-url https://fhir.example.org/r5
  trialdocs fhir SRC -o out/bulk --ndjson                  # ResearchStudy.ndjson, Group.ndjson, …

\b
fullUrls are urn:uuid UUIDs derived from each resource's id, and references
inside a Bundle name them, so they resolve under the FHIR rules; with
--base-url they are BASE/Type/id and references stay Type/id. A transaction
is all or nothing, and some servers cap its size (Medplum: 50 entries);
--bundle batch sends each entry on its own, PUT at the same stable ids.
"""


@main.command("fhir", help=FHIR_HELP)
@sources_argument
@out_dir_option("Directory to write into.")
@fhir_version_option
@click.option(
    "--bundle", "bundle_type", type=Choice(["collection", "transaction", "batch"]), default="collection", show_default=True
)
@click.option("--base-url", help="Server base for fullUrls (BASE/Type/id) instead of urn:uuid.")
@click.option("--ndjson", is_flag=True, help="Write one resource per line, one file per resource type (needs -o).")
@click.option("--pretty/--compact", default=None, help="Indent the JSON (default: indented on stdout, compact in files).")
@handles_errors
def fhir_cmd(
    sources: tuple[Path, ...],
    out_dir: Path | None,
    fhir_version: str,
    bundle_type: str,
    base_url: str | None,
    ndjson: bool,
    pretty: bool | None,
) -> None:
    from trialdocs import api
    from trialdocs.fhir import to_fhir_json

    if out_dir is None:
        if ndjson:
            raise UsageError("--ndjson writes a directory of files: give -o OUT")
        trials, errors = _split(iter_load(sources))
        _report_errors(errors)
        for trial in trials:
            text = to_fhir_json(trial, fhir_version, bundle_type, pretty=pretty is not False, base_url=base_url)  # type: ignore[arg-type]
            click.echo(text, nl=False)
        _done(len(trials), errors, sources)
    result = api.export_fhir(
        sources,
        out_dir,
        version=fhir_version,  # type: ignore[arg-type]
        bundle=bundle_type,  # type: ignore[arg-type]
        ndjson=ndjson,
        pretty=bool(pretty),
        base_url=base_url,
    )
    _report_errors(result.errors)
    click.echo(result.summary("exported", out_dir), err=True)
    _done(len(result.written), result.errors, sources)


@main.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--fhir-version",
    type=Choice(["auto", "R5", "R4B"]),
    default="auto",
    show_default=True,
    help="auto: check each resource as R5, and as R4B if R5 finds problems; report the closer release.",
)
@handles_errors
def validate_cmd(files: tuple[Path, ...], fhir_version: str) -> None:
    """Validate FHIR JSON or NDJSON, or folders of them: structure (fhir.resources) and invariants (FHIRPath).

    \b
    Each problem names the file, the resource and the element path; one
    summary line follows on stderr. Exit 0 when everything is valid, 1 when
    there are problems, 2 when there is nothing to validate.
    \b
    Examples:
      trialdocs validate out/fhir/NCT06709469.json
      trialdocs validate out/bulk/ResearchStudy.ndjson --fhir-version R5
      trialdocs validate out/                     # every .json and .ndjson below, R5 or R4B detected
    """
    from trialdocs import api

    result = api.validate_files(files, fhir_version)  # type: ignore[arg-type]
    if not result.resources and not result.problems:
        _fail(f"no FHIR resources found in {', '.join(map(str, files))}", EXIT_USAGE)
    for problem in result.problems:
        click.echo(str(problem))
    click.echo(result.summary(), err=True)
    sys.exit(EXIT_FAILED if result.problems else EXIT_OK)


SUMMARY_HELP = """Write plain-language summaries (Markdown, HTML, text or JSON).

\b
--kind lay (the default) writes the lay summary of a study: what it
studies, who can join, where. --kind results writes the summary of its
posted results, in the ten elements of the EU lay summary of results (CTR
Annex V): every number is the record's own, with its source in the JSON.
Studies without posted results are skipped and counted on one closing line
("29 results pages; 491 records have no posted results"); if none of the
inputs has results, that is an error (exit 1).

\b
SRC is anything `trialdocs import` reads. Editor-written text wins over
drafted text: it comes from the `lay` block of a canonical YAML, or from an
overlay NCTxxxxxxxx.md found in --overlay DIR. Sections no editor wrote are
drafted from the record in short, plain sentences, and marked as drafted in
the HTML and JSON. A results page takes its overlay from NCTxxxxxxxx.results.md.

\b
Examples:
  trialdocs summary fixtures/NCT06709469.yaml --format md
  trialdocs summary fixtures/NCT06709469.yaml --overlay fixtures --format html > page.html
  trialdocs summary ../shared/corpus/ctgov-v2 -o out/summary --format html
  trialdocs summary SRC --format json --templates my-templates/
  trialdocs summary SRC --today 2026-11-25      # where "today" falls on the timeline
  trialdocs summary ../shared/corpus/ctgov-v2/NCT00777179.json --kind results --format html > results.html
  trialdocs summary ../shared/corpus/ctgov-v2 --kind results -o out/results --overlay overlays/

\b
The timeline's "today" mark defaults to the record's own date, so the same
input always gives the same page.
"""


@main.command("summary", help=SUMMARY_HELP)
@sources_argument
@out_dir_option("Directory to write one file per study into.")
@click.option("--format", "fmt", type=Choice(["md", "html", "txt", "json"]), default="md", show_default=True)
@click.option(
    "--kind",
    type=Choice(["lay", "results"]),
    default="lay",
    show_default=True,
    help="lay: the study in plain words. results: its posted results (EU CTR Annex V).",
)
@overlay_option("Directory of editorial overlays (NCTxxxxxxxx.md, NCTxxxxxxxx.results.md).")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of your own summary.<format>.j2 (and results.<format>.j2) templates.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date for the timeline's 'today' mark (default: the record's date).",
)
@handles_errors
def summary_cmd(
    sources: tuple[Path, ...],
    out_dir: Path | None,
    fmt: str,
    kind: str,
    overlay_dir: Path | None,
    templates: Path | None,
    today: Any,
) -> None:
    from trialdocs import api

    day = today.date() if today is not None else None
    options: dict[str, Any] = {"format": fmt, "kind": kind, "overlay_dir": overlay_dir, "templates": templates, "today": day}
    if out_dir is not None:
        result = api.write_summaries(sources, out_dir, **options)
        _report_errors(result.errors)
        if kind == "results":
            _results_done(len(result.written), result.no_results, result.errors, sources, batch=True)
        click.echo(result.summary("summarized", out_dir), err=True)
        _done(len(result.written), result.errors, sources)
    errors: list[SourceError] = []
    no_results: list[SourceError] = []
    written = 0
    for file, trial in iter_load_files(sources):
        if isinstance(trial, SourceError):
            errors.append(trial)
            continue
        try:
            page = api.summary_page(trial, **options)
        except NoResultsError as exc:
            no_results.append(exc.with_context(file=file, nct_id=trial.nct_id))
            continue
        except SourceError as exc:
            errors.append(exc.with_context(file=file, nct_id=trial.nct_id))
            continue
        click.echo(page, nl=False)
        written += 1
    _report_errors(errors)
    if kind == "results":
        _results_done(written, no_results, errors, sources)
    _done(written, errors, sources)


def _results_done(
    written: int, no_results: list[SourceError], errors: list[SourceError], sources: Iterable[Path], *, batch: bool = False
) -> NoReturn:
    """A results batch skips studies without results and counts them on one line (a page on stdout alone needs none);
    if none has results, each is an error (exit 1)."""
    from trialdocs.api import results_line

    if batch or written + len(no_results) + len(errors) > 1:
        click.echo(results_line(written, len(no_results), len(errors)), err=True)
    if not written and no_results:
        _report_errors(no_results)
        _done(0, errors + no_results, sources)
    _done(written + len(no_results), errors, sources)


CHECK_HELP = """Check lay text for readability: the gate editors run in CI.

\b
SRC is any of these, or a directory holding them:
  * an editorial overlay (NCTxxxxxxxx.md with front matter)
  * a rendered summary (.md, .html or .json from `trialdocs summary`)
  * a canonical YAML or a CT.gov record: the summary `trialdocs summary`
    would produce is checked (lay sections, plus the criteria for jargon)

\b
Each lay section (title, at a glance, what, good fit, not a fit, benefit,
similar studies) is checked separately. `trialdocs rules` lists the rules.
Configuration: [tool.trialdocs.check] in pyproject.toml or trialdocs.toml,
found by walking up from each file; flags override it.

\b
Examples:
  trialdocs check fixtures/NCT06709469.md
  trialdocs check fixtures/NCT06709469.yaml --format github
  trialdocs check overlays/ --format sarif -o check.sarif
  trialdocs check overlays/ --records registry/ --update-fingerprint
  trialdocs check page.md --select fk-grade,TD7           # rules by name, code or code prefix
  trialdocs check page.md --select TD1,TD2 --ignore TD103 --max-grade 6

\b
Exit status: 0 clean (warnings allowed), 1 findings at error severity,
2 usage or configuration error, or nothing could be read.
"""


@main.command("check", help=CHECK_HELP)
@sources_argument
@click.option(
    "--format", "fmt", type=Choice(["text", "json", "github", "junit", "sarif", "html"]), default="text", show_default=True
)
@click.option(
    "-o",
    "--output",
    "out_file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the report to a file instead of stdout (- is stdout).",
)
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this configuration file."
)
@click.option("--select", help="Comma-separated rule codes, names or code prefixes to run (e.g. TD1,jargon,TD7).")
@click.option("--ignore", help="Comma-separated rule codes, names or code prefixes to skip.")
@click.option("--max-grade", type=float, help="Flesch-Kincaid maximum (TD101), default 8.")
@click.option("--min-words", type=int, help="Below this many words the formula rules only warn (default 30).")
@click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra jargon lexicon (YAML: term: [plain, ...]).",
)
@click.option(
    "--records",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Where to find the registry records of overlays (default: beside each overlay).",
)
@overlay_option("Apply overlays from DIR when checking records.")
@click.option(
    "--update-fingerprint", is_flag=True, help="After re-review: record the registry facts in each overlay's front matter."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for batches of 64 files or more; 0 means one per CPU. Output is the same for any value.",
)
@handles_errors
def check_cmd(
    sources: tuple[Path, ...],
    fmt: str,
    out_file: Path | None,
    config_path: Path | None,
    select: str | None,
    ignore: str | None,
    max_grade: float | None,
    min_words: int | None,
    lexicons: tuple[Path, ...],
    records: Path | None,
    overlay_dir: Path | None,
    update_fingerprint: bool,
    jobs: int,
) -> None:
    from trialdocs.check import FORMATTERS, Config, check_paths, load_config, resolve_rules
    from trialdocs.check.output import notes, summary_line

    if max_grade is not None and not math.isfinite(max_grade):
        raise UsageError(f"--max-grade must be a finite number, not {max_grade!r}")
    selected = resolve_rules(select.split(","), "--select") if select is not None else None
    ignored = resolve_rules(ignore.split(","), "--ignore", allow_empty=True) if ignore is not None else None

    def overrides(cfg: Config) -> Config:
        """The flags on top of a file's configuration, as a new Config."""
        changes: dict[str, Any] = {"lexicon_files": [*cfg.lexicon_files, *lexicons], "_memo": {}}
        if selected is not None:
            changes["select"] = selected
        if ignored is not None:
            changes["ignore"] = ignored
        if max_grade is not None:
            changes["rules"] = {**cfg.rules, "TD101": {**cfg.rules.get("TD101", {}), "max": max_grade}}
        if min_words is not None:
            changes["min_words"] = min_words
        return dataclasses.replace(cfg, **changes)

    config = load_config(config_path) if config_path else None
    result = check_paths(
        sources,
        config=config,
        records=records,
        overlays=overlay_dir,
        update_fingerprint=update_fingerprint,
        overrides=overrides,
        jobs=jobs or os.cpu_count() or 1,
    )
    report = FORMATTERS[fmt](result)
    if out_file is not None and str(out_file) != "-":
        write_atomic(out_file, report)
    else:
        click.echo(report, nl=False)
    for line in [*notes(result), *(f"updated fingerprint in {path}" for path in result.updated)]:
        click.echo(line, err=True)
    click.echo(summary_line(result), err=True)
    sys.exit(int(result.exit_code))


@main.command("rules")
@click.argument("code", required=False)
@handles_errors
def rules_cmd(code: str | None) -> None:
    """List the readability rules, or explain one with its bad and good examples.

    \b
    Examples:
      trialdocs rules
      trialdocs rules TD101
    """
    from trialdocs.check import RULES, resolve_rules

    if code is None:
        for rule in sorted(RULES.values(), key=lambda r: r.code):
            defaults = ", ".join(
                f"{k}={f'[{len(v)} items]' if isinstance(v, list) and len(v) > 3 else v}" for k, v in rule.defaults.items()
            )
            click.echo(
                f"{rule.code}  {rule.name:<24} {rule.severity.value:<8} {rule.summary()}{f' [{defaults}]' if defaults else ''}"
            )
        return
    (picked,) = resolve_rules([code], "trialdocs rules")
    found = RULES.get(picked)
    if found is None:
        raise UsageError(f"{code!r} names a group of rules; give one code, e.g. {min(c for c in RULES if c.startswith(picked))}")
    click.echo(f"{found.code} {found.name} ({found.severity.value})")
    if found.defaults:
        click.echo("defaults: " + ", ".join(f"{k} = {v}" for k, v in found.defaults.items()))
    click.echo()
    click.echo(inspect.cleandoc(found.__doc__ or ""))


CONVERT_HELP = """Convert a whole registry: every record to every output, in parallel.

\b
SRC is anything `trialdocs import` reads; directories and NDJSON are read
lazily, so memory stays flat however large the input. The output tree:
  OUT/fhir/NCTxxxxxxxx.json          one validated Bundle per study
  OUT/fhir-ndjson/ResearchStudy.ndjson, Group.ndjson, ...   (Bulk Data layout)
  OUT/summary/NCTxxxxxxxx.html, .md, .json
  OUT/check.json                     the readability gate, per study
  OUT/index.html                     every study with status and gate result
  OUT/errors.ndjson                  every record that failed: file, NCT id,
                                     stage, field path, message

\b
Examples:
  trialdocs convert ../shared/corpus/ctgov-v2 -o out --jobs 2
  trialdocs convert registry.ndjson -o out --outputs fhir-ndjson,check
  trialdocs convert registry/ -o out --resume        # continue a killed run
  trialdocs convert registry/ -o out --overlay overlays/ --fhir-version R4B
  trialdocs convert registry.ndjson -o out --scheduler tcp://10.0.0.5:8786

\b
Writes are atomic. Exit status 0 when every record converted, 1 when some
failed (they are in errors.ndjson), 2 on a usage error.
"""


@main.command("convert", help=CONVERT_HELP)
@sources_argument
@click.option(
    "-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output directory."
)
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes (default: the number of cores).")
@click.option("--outputs", default=",".join(OUTPUTS), show_default=True, help="Comma-separated outputs to write.")
@fhir_version_option
@overlay_option("Directory of editorial overlays.")
@click.option("--resume", is_flag=True, help="Skip records whose outputs are already complete.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the per-record work on a Dask cluster: tcp://HOST:PORT, or 'local' for a LocalCluster "
    "of --jobs workers. Needs pip install 'trialdocs[dask]'.",
)
@handles_errors
def convert_cmd(
    sources: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    outputs: str,
    fhir_version: str,
    overlay_dir: Path | None,
    resume: bool,
    scheduler: str | None,
) -> None:
    from trialdocs.convert import Options as ConvertOptions
    from trialdocs.convert import convert

    options = ConvertOptions(
        outputs=tuple(o.strip() for o in outputs.split(",") if o.strip()),
        fhir_version=fhir_version,  # type: ignore[arg-type]
        overlay_dir=str(overlay_dir) if overlay_dir else None,
    )
    stats = convert(sources, out_dir, jobs=jobs, options=options, resume=resume, progress=sys.stderr, scheduler=scheduler)
    click.echo(f"trialdocs convert: {stats.line()}", err=True)
    sys.exit(EXIT_FAILED if stats.failed else EXIT_OK)


FETCH_HELP = """Download studies from the ClinicalTrials.gov API v2 into an NDJSON file.

\b
The only command that uses the network. It stays under the API's rate limit
(about 50 requests a minute), retries politely on 429 and 5xx, and writes
the file atomically when done.

\b
Examples:
  trialdocs fetch NCT06709469 -o reall.ndjson
  trialdocs fetch NCT06709469 NCT00763412 -o two.ndjson
  trialdocs fetch --query "acute lymphoblastic leukemia" --max 200 -o all.ndjson
  trialdocs convert all.ndjson -o out
  trialdocs fetch NCT06709469 | trialdocs summary - --format md    # - is stdout / stdin


Without network it fails at once with one line (exit 2); --timeout bounds
each request. Progress (pages, studies) goes to stderr; -q silences it.
"""


@main.command("fetch", help=FETCH_HELP)
@click.argument("nct_ids", nargs=-1)
@click.option("--query", help="Search term (the API's query.term).")
@click.option("--max", "limit", type=click.IntRange(1), help="Stop after this many studies.")
@click.option(
    "-o",
    "--output",
    "out_file",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="NDJSON file to write; - (the default) writes to standard output.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds to wait for each answer."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr.")
@handles_errors
def fetch_cmd(
    nct_ids: tuple[str, ...], query: str | None, limit: int | None, out_file: Path, timeout: float, quiet: bool
) -> None:
    from trialdocs.fetch import fetch

    bad = [n for n in nct_ids if not re.fullmatch(r"NCT[0-9]{8}", n)]
    if bad:
        raise UsageError(f"not an NCT id: {bad[0]!r} (expected NCT followed by 8 digits)")

    def progress(line: str) -> None:
        click.echo(f"trialdocs fetch: {line}", err=True)

    n = fetch(out_file, nct_ids=nct_ids, query=query, limit=limit, timeout=timeout, progress=None if quiet else progress)
    where = "standard output" if str(out_file) == "-" else str(out_file)
    click.echo(f"fetched {n} studies into {where}", err=True)


PUSH_HELP = """Load FHIR Bundles into a FHIR server, as transactions or batches.

\b
SRC is a folder of Bundles from `trialdocs fhir`, or any source `trialdocs
import` reads (exported on the fly in --fhir-version). Each Bundle is POSTed
to the server's base URL; every resource is PUT at its stable id, so pushing
again updates rather than duplicates.

\b
Examples:
  trialdocs push out/fhir --server http://127.0.0.1:8103/fhir/R4
  trialdocs push ../shared/corpus/ctgov-v2 --server https://fhir.example.org/r5 --bundle batch
  TRIALDOCS_FHIR_TOKEN=eyJ... trialdocs push out/fhir --server https://fhir.example.org/fhir

\b
--bundle auto (the default) sends a transaction (all or nothing), or a
batch when a Bundle has more entries than --transaction-limit (Medplum caps
a transaction at 50). The bearer token comes from the environment variable
named by --token-env, never from a flag. 429 and 5xx answers are retried
with backoff, honouring Retry-After. Each refused Bundle is written with the
server's OperationOutcome to push-errors.ndjson (--errors); exit 1 if any
failed, 2 if the server cannot be reached at all.
"""


@main.command("push", help=PUSH_HELP)
@sources_argument
@click.option("--server", required=True, help="The FHIR server's base URL.")
@click.option("--bundle", "mode", type=Choice(["auto", "transaction", "batch"]), default="auto", show_default=True)
@click.option(
    "--transaction-limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Above this many entries, auto sends a batch.",
)
@fhir_version_option
@click.option(
    "--token-env", default="TRIALDOCS_FHIR_TOKEN", show_default=True, help="Environment variable holding a bearer token."
)
@click.option(
    "--errors",
    "errors_file",
    default="push-errors.ndjson",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where refused Bundles are reported, one JSON line each.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@handles_errors
def push_cmd(
    sources: tuple[Path, ...],
    server: str,
    mode: str,
    transaction_limit: int,
    fhir_version: str,
    token_env: str,
    errors_file: Path,
    quiet: bool,
) -> None:
    from tqdm import tqdm

    from trialdocs.push import push

    with tqdm(unit=" Bundles", disable=quiet or None, file=sys.stderr, leave=False) as bar:
        result = push(
            sources,
            server,
            mode=mode,  # type: ignore[arg-type]
            version=fhir_version,  # type: ignore[arg-type]
            transaction_limit=transaction_limit,
            token_env=token_env,
            errors_file=errors_file,
            progress=bar.update,
        )
    _report_errors(result.errors)
    for failure in result.failed:
        who = ": ".join(p for p in (failure.file, failure.nct_id) if p)
        click.echo(f"trialdocs: error: {who}: server said {failure.status}: {failure.message}", err=True)
    click.echo(result.summary(server), err=True)
    if result.failed:
        click.echo(f"details with the server's OperationOutcome: {errors_file}", err=True)
    if not (result.pushed or result.failed or result.errors):
        raise UsageError(f"no Bundles or trial records found in {', '.join(map(str, sources))}")
    sys.exit(result.exit_code)


@main.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the canonical trial document.

    \b
    Example:
      trialdocs schema > trial.schema.json
    """
    from trialdocs.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


if __name__ == "__main__":  # pragma: no cover
    main()
