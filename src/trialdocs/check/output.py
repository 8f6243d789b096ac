"""Output formats for the gate: text, json, github, junit, sarif, html.

All are made from the same sorted list of findings.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from trialdocs.check.engine import CheckResult, SectionReport
from trialdocs.check.findings import Finding, Severity
from trialdocs.check.rules import RULES

TOOL_URI = "https://github.com/trialdocs/trialdocs"
VERSION = "0.1.0"


def _figure(f: Finding) -> str:
    if f.figure is None or f.threshold is None:
        return ""
    return f" ({f.figure:g} vs {f.threshold:g})"


def summary_line(result: CheckResult) -> str:
    """One line for people: counts and the verdict. The CLI prints it to stderr whatever the format."""
    c = result.counts()
    verdict = "failed" if result.exit_code else "passed"
    skipped = f", {c['skipped']} skipped" if c["skipped"] else ""
    return (
        f"{c['files']} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s), "
        f"{c['unreadable']} unreadable{skipped} — {verdict}"
    )


def notes(result: CheckResult) -> list[str]:
    """What the gate passed over, and why (stderr, beside the summary line)."""
    return [f"{path}: skipped: {why}" for path, why in result.skipped] + [f"{path}: {why}" for path, why in result.not_signed]


def text(result: CheckResult) -> str:
    """``file:line:col: error TD101 [section] message (figure vs threshold)``, one finding a line,
    then the findings counted by rule, so an editor sees what blocks the page and what only warns."""
    lines = [f"{f.location}: {f.severity.value} {f.code} [{f.section}] {f.message}{_figure(f)}" for f in result.findings]
    lines += [f"{e.file}: error: {e.message}" for e in result.errors]
    by_rule = rule_counts(result)
    if by_rule:
        lines += ["", "Findings by rule:"]
        for code, (errors, warnings) in by_rule.items():
            said = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
            lines.append(f"  {code} {RULES[code].name}: {', '.join(said)}")
    return "".join(line + "\n" for line in lines)


def rule_counts(result: CheckResult) -> dict[str, tuple[int, int]]:
    """Each rule that found something: (errors, warnings), in code order."""
    counts: dict[str, list[int]] = {}
    for f in result.findings:
        pair = counts.setdefault(f.code, [0, 0])
        pair[0 if f.severity is Severity.ERROR else 1] += 1
    return {code: (pair[0], pair[1]) for code, pair in sorted(counts.items())}


def as_json(result: CheckResult) -> str:
    data = {
        "findings": [f.as_dict() for f in result.findings],
        "unreadable": [e.as_dict() for e in result.errors],
        "skipped": [{"file": path, "reason": why} for path, why in result.skipped],
        "summary": result.counts(),
        "exit_code": int(result.exit_code),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    out = []
    for f in result.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = f"file={_gh_escape(f.file, True)}"
        if f.line:
            props += f",line={f.line},col={f.col or 1}"
        props += f",title={_gh_escape(f'{f.code} {f.name}', True)}"
        out.append(f"::{level} {props}::{_gh_escape(f'[{f.section}] {f.message}{_figure(f)}')}")
    for e in result.errors:
        out.append(f"::error file={_gh_escape(e.file or '', True)}::{_gh_escape(e.message)}")
    return "\n".join(out) + ("\n" if out else "")


def junit(result: CheckResult) -> str:
    """JUnit XML: a test case per checked file; findings at error severity are failures."""
    suites = ET.Element("testsuites", name="trialdocs check")
    suite = ET.SubElement(suites, "testsuite", name="trialdocs check")
    by_file: dict[str, list[Finding]] = {f: [] for f in result.files}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    failures = 0
    for file, findings in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="trialdocs.check", name=file)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} readability error(s)", type="readability")
            failure.text = "\n".join(f"{f.location}: {f.code} [{f.section}] {f.message}{_figure(f)}" for f in errors)
        warnings = [f for f in findings if f.severity is Severity.WARNING]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.location}: {f.code} [{f.section}] {f.message}" for f in warnings
            )
    for e in result.errors:
        case = ET.SubElement(suite, "testcase", classname="trialdocs.check", name=e.file or "?")
        ET.SubElement(case, "error", message=e.message, type="unreadable")
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.errors)))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def sarif(result: CheckResult) -> str:
    """SARIF 2.1.0 for code-scanning UIs."""
    used = sorted({f.code for f in result.findings})
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary()},
            "fullDescription": {"text": " ".join((RULES[code].__doc__ or "").split())},
            "defaultConfiguration": {"level": RULES[code].severity.value},
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.file}}}
        if f.line:
            location["physicalLocation"]["region"] = {"startLine": f.line, "startColumn": f.col or 1}
        if f.json_path:
            location["logicalLocations"] = [{"fullyQualifiedName": f.json_path, "kind": "element"}]
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error" if f.severity is Severity.ERROR else "warning",
            "message": {"text": f"[{f.section}] {f.message}{_figure(f)}"},
            "locations": [location],
        }
        if f.figure is not None:
            entry["properties"] = {"figure": f.figure, "threshold": f.threshold}
        results.append(entry)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "trialdocs", "version": VERSION, "informationUri": TOOL_URI, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


_REPORT_CSS = (
    "body{font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff;max-width:60rem;margin:auto;padding:1rem;line-height:1.5;"
    "overflow-wrap:anywhere}"
    ".sec{display:grid;grid-template-columns:1fr 1fr;gap:1rem;border-top:1px solid #ccd;padding:.5rem 0}"
    ".sec>*{min-width:0}.error{color:#a4262c}.warning{color:#6b4e00}"
    ".tag{display:inline-block;font-size:.8rem;font-weight:700;padding:0 .35rem;border-radius:.25rem;margin-right:.3rem}"
    ".tag.error{background:#fbe9ea;border:1px solid #a4262c}.tag.warning{background:#fff4d6;border:1px solid #8a6d00;color:#5c4700}"
    "blockquote{margin:0;padding-left:.75rem;border-left:3px solid #ccd}"
    ".chart{list-style:none;padding:0;margin:.5rem 0}.chart li{display:grid;grid-template-columns:minmax(0,16rem) 1fr;gap:.5rem;align-items:center}"
    ".track{position:relative;height:1.1rem;background:#f1f3f6}.bar{height:100%;background:#2f6b3a}.bar.over{background:#a4262c}"
    ".limit{position:absolute;top:-.2rem;bottom:-.2rem;width:2px;background:#1b1b1b}"
    ".axis{display:flex;justify-content:space-between;font-size:.85rem;color:#3d3d3d}"
    "@media (max-width:600px){.sec{grid-template-columns:1fr}.chart li{grid-template-columns:1fr}}"
    "@media print{.sec{break-inside:avoid}}"
)


def _chart(result: CheckResult) -> str:
    """Each file's highest section grade against the limit: an HTML bar chart, legible at any width.

    One bar a file (the worst section), the 40 worst first; with an axis, a
    legend and the limit drawn on every bar. Bars are HTML, not SVG, so their
    labels keep the page's text size on a phone.
    """
    worst: dict[str, SectionReport] = {}
    for s in result.sections:
        if s.file not in worst or s.fk_grade > worst[s.file].fk_grade:
            worst[s.file] = s
    rows = sorted(worst.values(), key=lambda s: (-s.fk_grade, s.file))[:40]
    if not rows:
        return ""
    top = max([max(s.fk_grade, s.threshold) for s in rows] + [12.0])
    top = float(int(top) + (4 - int(top) % 4))
    items = []
    for s in rows:
        over = s.fk_grade > s.threshold
        items.append(
            f"<li><span>{html.escape(s.file)} · {html.escape(s.section)}: <strong>{s.fk_grade:g}</strong>"
            f"{' (over the limit)' if over else ''}</span>"
            f'<span class="track" aria-hidden="true"><span class="bar{" over" if over else ""}" style="display:block;width:{max(s.fk_grade, 0) / top * 100:.1f}%"></span>'
            f'<span class="limit" style="left:{s.threshold / top * 100:.1f}%"></span></span></li>'
        )
    ticks = "".join(f"<span>{t:g}</span>" for t in range(0, int(top) + 1, 4))
    legend = (
        f"<p>Bar: the file's highest Flesch-Kincaid grade (green within the limit, red over it); "
        f"black line: the limit ({rows[0].threshold:g}). {len(rows)} of {len(worst)} file(s), worst first.</p>"
    )
    axis = f'<li aria-hidden="true"><span>grade</span><span class="axis">{ticks}</span></li>'
    return legend + '<ul class="chart">' + "".join(items) + axis + "</ul>"


def html_report(result: CheckResult) -> str:
    """A self-contained page for editors: the files that fail first, the chart, then each section beside its findings."""
    esc = html.escape
    by_section: dict[tuple[str, str], list[Finding]] = {}
    per_file: dict[str, list[int]] = {}
    for f in result.findings:
        by_section.setdefault((f.file, f.section), []).append(f)
        per_file.setdefault(f.file, [0, 0])[0 if f.severity is Severity.ERROR else 1] += 1
    c = result.counts()
    failing = sorted((n, file) for file, (n, _) in per_file.items() if n)
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>trialdocs readability report</title><style>{_REPORT_CSS}</style></head><body><main>",
        "<h1>Readability report</h1>",
        f"<p>{c['files']} file(s): {c['errors']} error(s), {c['warnings']} warning(s); {len(failing)} file(s) fail the gate.</p>",
    ]
    if failing:
        body.append(
            "<h2>Files that fail</h2><ul>"
            + "".join(
                f'<li><span class="tag error">Fails</span><a href="#{_anchor(file)}">{esc(file)}</a>: {n} error(s)</li>'
                for n, file in sorted(failing, key=lambda t: (-t[0], t[1]))
            )
            + "</ul>"
        )
    body += ["<h2>Grade of each file</h2>", _chart(result), "<h2>Sections and findings</h2>"]
    ordered = sorted(result.sections, key=lambda s: (-per_file.get(s.file, [0, 0])[0], s.file))
    seen_files: set[str] = set()
    for s in ordered:
        findings = by_section.get((s.file, s.section), [])
        items = "".join(
            f'<li class="{f.severity.value}"><span class="tag {f.severity.value}">{f.severity.value.capitalize()}</span>'
            f"<strong>{esc(f.code)}</strong> {esc(f.location)}: {esc(f.message)}{esc(_figure(f))}</li>"
            for f in findings
        )
        tips = sorted({f.suggestion for f in findings if f.suggestion})
        advice = "".join(f"<p>Suggestion: {esc(t)}</p>" for t in tips)
        anchor = "" if s.file in seen_files else f' id="{_anchor(s.file)}"'
        seen_files.add(s.file)
        body.append(
            f'<section class="sec"{anchor}><div><h3>{esc(s.file)} · {esc(s.section)}</h3><blockquote>{esc(s.text)}</blockquote></div>'
            f"<div><p>Grade {s.fk_grade:g} (max {s.threshold:g}), {s.words} words</p><ul>{items or '<li>No findings.</li>'}</ul>{advice}</div></section>"
        )
    others = [f for f in result.findings if (f.file, f.section) not in {(s.file, s.section) for s in result.sections}]
    if others:
        body.append(
            "<h2>Other findings</h2><ul>"
            + "".join(
                f'<li class="{f.severity.value}"><span class="tag {f.severity.value}">{f.severity.value.capitalize()}</span>'
                f"{esc(f.location)}: {esc(f.code)} {esc(f.message)}</li>"
                for f in others
            )
            + "</ul>"
        )
    body.append("</main></body></html>")
    return "\n".join(body) + "\n"


def _anchor(file: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", file)


FORMATTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
    "sarif": sarif,
    "html": html_report,
}
