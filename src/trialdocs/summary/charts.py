"""Small inline SVG pictures for the results summary, each with a text alternative.

The pictures repeat numbers the page already says in words; the words stay
the source of truth. Drawn on a narrow canvas (360 units wide) so they read
on a phone without shrinking the text, and capped in width on a desktop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from trialdocs.model import EventCount, FlowPeriod, ParticipantFlow, ResultGroup
from trialdocs.summary.phrasebook import percent

WIDTH = 360
INK = "#1b1b1b"
MUTED = "#3d3d3d"
BLUE = "#0b4f8a"
ORANGE = "#9a4a00"
BOX = "#e8eef5"


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    #: The picture's content in words: what a screen reader says, and the text format prints.
    description: str
    svg: str


def _svg(kind: str, title: str, description: str, height: int, body: list[str]) -> Chart:
    ident = f"chart-{kind}"
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )
    return Chart(kind, title, description, svg)


def _text(x: float, y: float, text: str, size: int = 14, weight: str = "400", fill: str = INK, anchor: str = "start") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def participant_flow(flow: ParticipantFlow, label: Callable[[ResultGroup], str]) -> Chart | None:
    """Started → finished for each group, with how many left early and the main reasons why."""
    if not flow.periods or not flow.groups:
        return None

    def counts(period: FlowPeriod, kind: str) -> dict[str, int]:
        found = period.milestone(kind)
        return {c.group_id: c.count for c in found[1].counts} if found else {}

    started, finished = counts(flow.periods[0], "STARTED"), counts(flow.periods[-1], "COMPLETED")
    if not started:
        return None
    reasons: dict[str, dict[str, int]] = {}
    for period in flow.periods:
        for drop in period.drop_reasons:
            for c in drop.counts:
                if c.count:
                    reasons.setdefault(c.group_id, {}).setdefault(drop.reason, 0)
                    reasons[c.group_id][drop.reason] += c.count
    body: list[str] = []
    words: list[str] = []
    y = 8
    for group in flow.groups:
        if group.id not in started:
            continue
        name, n_in, n_out = label(group), started[group.id], finished.get(group.id)
        body.append(_text(0, y + 16, name, 15, "700"))
        body.append(f'<rect x="0" y="{y + 26}" width="150" height="34" rx="4" fill="{BOX}" stroke="{BLUE}"/>')
        body.append(_text(10, y + 48, f"Started: {n_in}"))
        sentence = f"{name}: {n_in} started"
        if n_out is not None:
            body.append(f'<path d="M154 {y + 43} H196" stroke="{INK}" stroke-width="2" marker-end="url(#arrow)"/>')
            body.append(f'<rect x="204" y="{y + 26}" width="150" height="34" rx="4" fill="{BOX}" stroke="{BLUE}"/>')
            body.append(_text(214, y + 48, f"Finished: {n_out}"))
            sentence += f", {n_out} finished"
        y += 66
        top = sorted(reasons.get(group.id, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        if top:
            left = sum(n for _, n in top)
            shown = ", ".join(f"{reason.lower()} {n}" for reason, n in top[:3])
            more = "" if len(top) <= 3 else f", other reasons {sum(n for _, n in top[3:])}"
            line = f"Left early: {left} ({shown}{more})"
            for chunk in _wrap(line, 46):
                body.append(_text(0, y + 14, chunk, 13, fill=MUTED))
                y += 18
            sentence += f"; {left} left early ({shown}{more})"
        words.append(sentence + ".")
        y += 14
    if not words:
        return None
    defs = f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="{INK}"/></marker></defs>'
    return _svg("flow", "How people moved through the trial", " ".join(words), y, [defs, *body])


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def _pct(c: EventCount) -> float:
    return 100 * c.affected / c.at_risk if c.at_risk else 0.0


def side_effect_bars(rows: Sequence[tuple[str, EventCount | None, EventCount | None]]) -> Chart | None:
    """For each group, the share of people with a serious side effect and with any other listed one."""
    if not rows:
        return None
    body: list[str] = []
    words: list[str] = []
    y = 8
    bar_x, bar_w = 0, 250
    for name, serious, other in rows:
        body.append(_text(0, y + 16, name, 15, "700"))
        y += 24
        said = []
        for kind, count, colour in (("Serious", serious, ORANGE), ("Other", other, BLUE)):
            if count is None or not count.at_risk:
                continue
            pct, shown = _pct(count), percent(count.affected, count.at_risk)
            body.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="18" fill="{BOX}"/>')
            body.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w * pct / 100:.1f}" height="18" fill="{colour}"/>')
            text = f"{kind}: {count.affected} of {count.at_risk} ({shown})"
            body.append(_text(bar_x + bar_w + 6, y + 14, shown, 13))
            body.append(_text(0, y + 34, text, 13, fill=MUTED))
            said.append(f"{kind.lower()} side effects in {count.affected} of {count.at_risk} people ({shown})")
            y += 44
        words.append(f"{name}: {', '.join(said)}." if said else f"{name}: no numbers given.")
        y += 8
    return _svg("side-effects", "Side effects by group", " ".join(words), y, body)
