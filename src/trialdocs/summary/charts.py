"""Small inline SVG pictures for the results summary, each with a text alternative.

The pictures repeat numbers the page already says in words; the words stay
the source of truth. Drawn on a narrow canvas (360 units wide) so they read
on a phone without shrinking the text, and capped in width on a desktop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from trialdocs.model import EventCount
from trialdocs.summary import flow
from trialdocs.summary.flow import FlowReading, GroupStep
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


def participant_flow(reading: FlowReading | None, labels: Mapping[str, str]) -> Chart | None:
    """Started → finished for each group (in each part, when the parts are not one cohort), and why people left.

    "Left early" is drawn only where the record's numbers close (started −
    finished = the reasons it gives); otherwise the picture says they do not.
    """
    if reading is None:
        return None
    body: list[str] = []
    words: list[str] = []
    y = 8
    for stretch in reading.stretches:
        if reading.reading == "periods":
            body.append(_text(0, y + 16, f"Part: {stretch.title}", 14, "700", MUTED))
            words.append(f"Part: {stretch.title}.")
            y += 26
        for step in stretch.steps:
            name = _capital(labels.get(step.group.id, step.group.title))
            body.append(_text(0, y + 16, name, 15, "700"))
            body.append(f'<rect x="0" y="{y + 26}" width="150" height="34" rx="4" fill="{BOX}" stroke="{BLUE}"/>')
            body.append(_text(10, y + 48, f"Started: {step.started}"))
            sentence = f"{name}: {step.started} started"
            if step.finished is not None:
                body.append(f'<path d="M154 {y + 43} H196" stroke="{INK}" stroke-width="2" marker-end="url(#arrow)"/>')
                body.append(f'<rect x="204" y="{y + 26}" width="150" height="34" rx="4" fill="{BOX}" stroke="{BLUE}"/>')
                body.append(_text(214, y + 48, f"Finished: {step.finished}"))
                sentence += f", {step.finished} finished"
            y += 66
            note = _left_early(step)
            if note:
                for chunk in _wrap(note, 46):
                    body.append(_text(0, y + 14, chunk, 13, fill=MUTED))
                    y += 18
                sentence += f"; {note[:1].lower()}{note[1:]}"
            words.append(sentence + ".")
            y += 14
    if not words:
        return None
    defs = f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="{INK}"/></marker></defs>'
    return _svg("flow", "How people moved through the trial", " ".join(words), y, [defs, *body])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _left_early(step: GroupStep) -> str | None:
    if not step.closes:
        return "The record's numbers for this group do not add up"
    if not step.left:
        return None
    if not step.reasons:
        return f"Left early: {step.left} (the record gives no reasons)"
    said = [f"{flow.word(r.words)} {r.count}" for r in step.reasons]
    if step.unexplained:
        said.append(f"no reason given {step.unexplained}")
    return f"Left early: {step.left} ({', '.join(said)})"


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


def side_effect_bars(
    rows: Sequence[tuple[str, EventCount | None, EventCount | None]], other_words: str = "other side effects"
) -> Chart | None:
    """For each group, the share of people with a serious side effect and with any other listed one
    (``other_words`` says which are listed: a record lists only those above its threshold)."""
    if not rows:
        return None
    body: list[str] = []
    words: list[str] = []
    y = 8
    bar_x, bar_w = 0, 250
    for label, serious, other in rows:
        name = _capital(label)
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
            words_for = "serious side effects" if kind == "Serious" else other_words
            said.append(f"{words_for} in {count.affected} of {count.at_risk} people ({shown})")
            y += 44
        words.append(f"{name}: {', '.join(said)}." if said else f"{name}: no numbers given.")
        y += 8
    return _svg("side-effects", "Side effects by group", " ".join(words), y, body)
