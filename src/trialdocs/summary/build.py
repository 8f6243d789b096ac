"""Assemble a lay summary from a trial: editor text where there is some, drafts elsewhere.

The :class:`Summary` is what every format renders (Markdown, HTML, text,
JSON), so all four show the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote_plus

from markdown_it import MarkdownIt

from trialdocs import evidence
from trialdocs.criteria import inline_text
from trialdocs.model import Criterion, Intervention, LaySummary, Location, OverallStatus, Phase, StudyType, Trial
from trialdocs.readability import Figures, figures
from trialdocs.summary import draft, names
from trialdocs.summary.overlay import Overlay
from trialdocs.summary.phrasebook import (
    INTERVENTION_TYPES,
    LADDER,
    PHASES,
    SEXES,
    SPONSOR_KINDS,
    STATUSES,
    STUDY_TYPES,
    age_text,
)
from trialdocs.summary.sections import SECTION_TITLES

Source = Literal["overlay", "drafted"]
_MD = MarkdownIt("commonmark").disable(["code", "html_block", "html_inline", "image"])
SITE_LIST_LIMIT = 20
DISCLAIMER = (
    "This page explains a study in plain words. It is not medical advice. "
    "Talk with your doctor before you decide to join any study."
)


@dataclass(frozen=True)
class Paragraph:
    text: str
    bullet: bool = False
    line: int | None = None
    #: Drafted text only: each sentence with the record field or criterion path it came from.
    sentences: tuple[draft.Line, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.source for line in self.sentences))

    @property
    def original(self) -> str | None:
        """The registry's own words behind a drafted bullet, if it rewrites a criterion."""
        found = [line.original for line in self.sentences if line.original]
        return found[0] if found else None


@dataclass(frozen=True)
class Section:
    key: str
    source: Source
    paragraphs: tuple[Paragraph, ...]

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.key]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paragraphs)

    @property
    def bullets(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.paragraphs if p.bullet)

    @property
    def prose(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.paragraphs if not p.bullet)

    @property
    def figures(self) -> Figures:
        return figures(self.text)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    link: str | None = None


@dataclass(frozen=True)
class Site:
    name: str
    city: str
    recruiting: bool


@dataclass(frozen=True)
class Country:
    name: str
    sites: tuple[Site, ...]

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.city for s in self.sites if s.city))


@dataclass(frozen=True)
class Summary:
    nct_id: str
    url: str
    title: Section
    at_a_glance: Section
    facts: tuple[Fact, ...]
    what: Section
    good_fit: Section
    not_a_fit: Section
    benefit: Section
    similar_studies: Section | None
    inclusion: tuple[Criterion, ...]
    exclusion: tuple[Criterion, ...]
    countries: tuple[Country, ...]
    site_count: int
    contacts: tuple[str, ...]
    steps: tuple[str, ...]
    record_date: str | None
    reviewed: str | None
    disclaimer: str
    phase_steps: tuple[int, ...]
    timeline: dict[str, Any] | None
    ladder: tuple[tuple[str, str], ...] = LADDER
    overlay_path: str | None = None
    #: Open for new people: decides "Where this trial is running" or "ran".
    is_open: bool = True
    #: Joining steps apply (recruiting or not yet): "How to take part", else "What you can do".
    can_join: bool = True
    #: A warning under the title: the record is old, its status may be out of date.
    notice: str | None = None

    @property
    def phase_step(self) -> int | None:
        """The highest step, for templates written before a study could be on two."""
        return self.phase_steps[-1] if self.phase_steps else None

    @property
    def phase_words(self) -> str:
        """'phase 2' or 'phases 2 and 3'."""
        if len(self.phase_steps) == 1:
            return f"phase {self.phase_steps[0]}"
        return "phases " + " and ".join(", ".join(str(n) for n in self.phase_steps).rsplit(", ", 1))

    @property
    def lay_sections(self) -> tuple[Section, ...]:
        """The sections the readability gate checks, in page order."""
        found = (self.title, self.at_a_glance, self.what, self.good_fit, self.not_a_fit, self.benefit, self.similar_studies)
        return tuple(s for s in found if s is not None)

    @property
    def collapse_sites(self) -> bool:
        return self.site_count > SITE_LIST_LIMIT


def _from_markdown(key: str, text: str, source: Source, first_line: int | None = None) -> Section:
    paragraphs: list[Paragraph] = []
    depth = 0
    tokens = _MD.parse(text)
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            depth += 1
        elif tok.type == "list_item_close":
            depth -= 1
        elif tok.type == "paragraph_open":
            body = inline_text(tokens[i + 1])
            if body:
                line = first_line + tok.map[0] if first_line is not None and tok.map else None
                paragraphs.append(Paragraph(body, depth > 0, line))
    return Section(key, source, tuple(paragraphs))


_NA_RE = re.compile(r"\bN/A\b", re.IGNORECASE)


def reader_text(text: str) -> str:
    """Registry text as a reader sees it: "N/A" is spelled out."""
    return _NA_RE.sub("not applicable", text)


def reader_criteria(items: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    return tuple(Criterion(text=reader_text(c.text), children=reader_criteria(c.children), heading=c.heading) for c in items)


def _drafted(key: str, lines: list[draft.Line], bullets: bool = False) -> Section:
    """Bullets one per line; prose as one paragraph that keeps each sentence's source."""
    if bullets:
        return Section(key, "drafted", tuple(Paragraph(line.text, not line.heading, sentences=(line,)) for line in lines))
    return Section(key, "drafted", (Paragraph(" ".join(line.text for line in lines), sentences=tuple(lines)),))


def _section(key: str, lay: LaySummary | None, overlay: Overlay | None, draft_it: Callable[[], Section] | None) -> Section | None:
    """Editor text if there is some; the draft is made only when it is needed."""
    if overlay is not None and key in overlay.sections and overlay.sections[key].blocks:
        blocks = overlay.sections[key].blocks
        return Section(key, "overlay", tuple(Paragraph(b.text, b.bullet, b.line) for b in blocks))
    text = getattr(lay, key, None) if lay is not None else None
    if text:
        return _from_markdown(key, text, "overlay")
    return draft_it() if draft_it is not None else None


def _phase_fact(phases: tuple[Phase, ...]) -> str | None:
    real = [p for p in phases if p in PHASES]
    if not real:
        return None
    if len(real) == 1:
        name, meaning = PHASES[real[0]]
        return f"{name}: {meaning}"
    names = " and ".join(PHASES[p][0].replace("Phase ", "") for p in real)
    meanings = "; then ".join(PHASES[p][1] for p in real)
    return f"Phase {names}: {meanings}"


def _phase_steps(phases: tuple[Phase, ...]) -> tuple[int, ...]:
    """Every step of the ladder the study is on: a phase 2/3 study lights both."""
    steps = {Phase.EARLY_PHASE1: 1, Phase.PHASE1: 1, Phase.PHASE2: 2, Phase.PHASE3: 3, Phase.PHASE4: 4}
    return tuple(sorted({steps[p] for p in phases if p in steps}))


def _notice(trial: Trial, today: dt.date | None) -> str | None:
    """Shown under the title in every format when the record is more than two years older than ``today``."""
    if (late := evidence.overdue(trial, today)) is not None:
        return f"The record's {late[0]}, {late[1]}, has passed. What it says about the study may be out of date."
    old = evidence.stale(trial, today)
    if old is None:
        return None
    return (
        f"This record was last updated on {old.isoformat()}, more than two years before {today.isoformat() if today else ''}. "
        "What it says about the study may be out of date."
    )


def _countries(locations: tuple[Location, ...], current: bool = True) -> tuple[Country, ...]:
    """Sites by country; a site is marked as looking for people only where the record's status is ``current``
    (open, and neither out of date nor past its planned dates), since a site's status ages with the record."""
    grouped: dict[str, list[Site]] = defaultdict(list)
    for loc in locations:
        recruiting = current and loc.status in (OverallStatus.RECRUITING, OverallStatus.ENROLLING_BY_INVITATION)
        city = ", ".join(dict.fromkeys(p for p in (loc.city, loc.state) if p))
        name = names.site_name(loc.facility) or city or "Study site"
        grouped[loc.country or "Country not given"].append(Site(name, city, recruiting))
    countries = [
        Country(name, tuple(sorted(sites, key=lambda s: (not s.recruiting, s.city, s.name)))) for name, sites in grouped.items()
    ]
    countries.sort(key=lambda c: (not any(s.recruiting for s in c.sites), -len(c.sites), c.name))
    return tuple(countries)


#: An intervention entry that names the absence of one ("No intervention", "None"): not something studied.
_NOTHING_RE = re.compile(r"^(?:no(?:ne)?(?: intervention| treatment)?|n/?a|not applicable)\.?$", re.IGNORECASE)


def _studied_label(trial: Trial, items: list[Intervention]) -> str:
    """ "Treatments studied" only where each item is a treatment; a test, a course or an exposure is not one."""
    if trial.study_type is StudyType.OBSERVATIONAL:
        return "What the study uses"
    if all(i.type in evidence.GIVEN_TYPES for i in items):
        return "Treatments studied"
    return "What is studied"


def _facts(trial: Trial, countries: tuple[Country, ...], today: dt.date | None = None) -> tuple[Fact, ...]:
    e = trial.eligibility
    facts: list[Fact] = []
    phase = _phase_fact(trial.phases)
    if phase:
        facts.append(Fact("Phase", phase))
    if trial.study_type is not None:
        kind = STUDY_TYPES[trial.study_type]
        if trial.study_type is StudyType.OBSERVATIONAL and not evidence.gives_nothing(trial):
            # Its groups get something (a drug, a placebo, a supplement): "no study treatment" is not said.
            kind = "Observes and records (observational study)"
        facts.append(Fact("Study type", kind))
    if trial.enrollment is not None:
        count_type = trial.enrollment.type.value if trial.enrollment.type is not None else None
        people = "person" if trial.enrollment.count == 1 else "people"
        # No type on an ended study: whether the count is the plan or the final one is not known, so neither is said.
        label = {"ESTIMATED": " (planned)", "ACTUAL": " (final count)"}.get(count_type or "", "")
        if count_type is None and trial.overall_status not in draft.ENDED_STATUSES:
            label = " (planned)"
        facts.append(Fact("Enrollment", f"{trial.enrollment.count} {people}{label}"))
    facts.append(Fact("Ages", age_text(*evidence.ages(trial))))
    if e.sex is not None:
        sex = draft.sex_words(e.sex, draft.reader(trial))
        facts.append(Fact("Sex", sex[:1].upper() + sex[1:] if sex else SEXES[e.sex]))
    if names.sponsor_is_person(trial):
        facts.append(Fact("Sponsor", f"The study doctor, {trial.sponsor.name}"))
    else:
        sponsor_kind = names.sponsor_kind(trial)
        kind = f" ({SPONSOR_KINDS[sponsor_kind]})" if sponsor_kind else ""
        facts.append(Fact("Sponsor", f"{trial.sponsor.name}{kind}"))
    studied = [s for s in names.treatments(trial) if not _NOTHING_RE.match(s[0])]
    shared = {i.name for i in evidence.background(trial)}
    distinct = [s for s in studied if s[1].name not in shared]
    # Background is set apart only where something else is left to compare.
    alike = [s for s in studied if s[1].name in shared] if distinct else []
    studied = distinct or studied
    if studied:
        labels = []
        for name, item, _ in studied:
            # An observational study's "intervention" is what people already get (a blood draw typed BIOLOGICAL,
            # their surgery): its type word would call it a treatment the study gives.
            typed = item.type is not None and item.type.value != "OTHER" and trial.study_type is not StudyType.OBSERVATIONAL
            what = INTERVENTION_TYPES[item.type] if typed and item.type is not None else None
            labels.append(f"{name} ({what})" if what and what.lower() not in name.lower() else name)
        facts.append(Fact(_studied_label(trial, [item for _, item, _ in studied]), "; ".join(labels)))
    if alike:
        facts.append(Fact("Every group also gets", "; ".join(name for name, _, _ in alike)))
    compared = names.comparators(trial)
    if compared:
        explained = {
            "placebo": "placebo (looks like the study medicine; the record says what is in it)"
            if evidence.is_medicine(trial) and not evidence.placebo_inert(trial)
            else "placebo (looks like the study medicine, but has no medicine in it)"
            if evidence.is_medicine(trial)
            else "placebo (looks like the study treatment, but is not the real one)",
            "sham": "sham (a pretend treatment)",
        }
        facts.append(Fact("Compared with", "; ".join(explained[c] for c in compared)))
    status = STATUSES[trial.overall_status]
    if evidence.can_join(trial) and _doubt(trial, today):
        status = f"{status}, the record says, but this may be out of date"
    facts.append(Fact("Status", status))
    if trial.has_results:
        facts.append(Fact("Results", "Posted on ClinicalTrials.gov", f"{trial.url}?tab=results"))
    if trial.locations:
        n = len(trial.locations)
        cities = [c for country in countries for c in country.cities][:3]
        where = ", ".join(cities) if cities else ", ".join(c.name for c in countries[:3])
        more = f" in {len(countries)} countries" if len(countries) > 1 else f" in {countries[0].name}"
        facts.append(
            Fact(
                "Locations",
                f"{n} site{'s' if n != 1 else ''}{more}, including {where}"
                if n > 1
                else f"1 site: {where}{more.replace(' in', ',')}",
            )
        )
    facts.append(Fact("Trial ID", f"{trial.nct_id} on ClinicalTrials.gov", trial.url))
    return tuple(facts)


def _contacts(trial: Trial) -> tuple[str, ...]:
    """The record's central contacts; without any, the contacts its sites list (up to three)."""
    out = []
    people = trial.central_contacts or tuple(c for loc in trial.locations for c in loc.contacts if c.phone or c.email)[:3]
    for c in people:
        parts = [p for p in (c.name, c.phone and (c.phone + (f" ext. {c.phone_ext}" if c.phone_ext else "")), c.email) if p]
        if parts:
            out.append(", ".join(parts))
    return tuple(dict.fromkeys(out))


def _doubt(trial: Trial, today: dt.date | None) -> str | None:
    """Why the record's status may be out of date (a planned date passed, or two years without an update), or None."""
    if (late := evidence.overdue(trial, today)) is not None:
        return f"The record's {late[0]}, {late[1]}, has passed"
    if (old := evidence.stale(trial, today)) is not None:
        return f"This record was last updated on {old.isoformat()}, more than two years ago"
    return None


def joinable(trial: Trial, today: dt.date | None) -> bool:
    """Joining steps ("How to take part") only where the status allows them and nothing says it may be out of date."""
    return evidence.can_join(trial) and _doubt(trial, today) is None


def _steps(trial: Trial, has_contacts: bool, today: dt.date | None) -> tuple[str, ...]:
    """What a reader can do now: joining steps only while the study takes people, else what is left to do."""
    status = trial.overall_status
    contact = (
        "Contact the study team. Their details are above."
        if has_contacts
        else "Find the study team's contact details on ClinicalTrials.gov."
    )
    steps = []
    if (doubt := _doubt(trial, today)) is not None and evidence.can_join(trial):
        # The record's status is older than its own plan, or than two years: no joining steps on its word, only
        # how to find out.
        late = evidence.overdue(trial, today)
        if status is OverallStatus.NOT_YET_RECRUITING and late and "start" not in late[0]:
            ask = "whether it ever started looking for people, or has already ended"  # its planned end passed too
        elif status is OverallStatus.NOT_YET_RECRUITING:
            ask = "whether it has started looking for people"
        else:
            ask = "whether it is still looking for people"
        return (
            f"{doubt}, so what it says about joining may be out of date.",
            f"Before you plan on joining, check the study's page on ClinicalTrials.gov or ask the study team {ask}.",
            contact,
            f"Look for similar studies that are looking for people: {similar_url(trial)}",
            "Ask your doctor about other studies or care that may suit you.",
        )
    if (late := evidence.overdue(trial, today)) is not None:
        steps.append(
            f"The record's {late[0]}, {late[1]}, has passed. "
            "Check the study's page on ClinicalTrials.gov, as its status may have changed."
        )
    elif (old := evidence.stale(trial, today)) is not None:
        steps.append(
            f"This record was last updated on {old.isoformat()}, more than two years ago. "
            "Check the study's page on ClinicalTrials.gov, as its status may have changed."
        )
    if status is OverallStatus.ENROLLING_BY_INVITATION:
        return (
            *steps,
            "People can join this study only if the study team invites them.",
            "If you are invited, talk with your doctor about whether this study is right for you.",
            "Ask all your questions before you decide. Taking part is your choice, and you can leave at any time.",
        )
    if status is OverallStatus.AVAILABLE:
        return (
            *steps,
            "Ask your doctor whether you could get this treatment through this program.",
            "Your doctor can find the program's contact details above or on ClinicalTrials.gov.",
        )
    if evidence.can_join(trial):
        if status is OverallStatus.NOT_YET_RECRUITING:
            steps.append("The study is not looking for people yet. It plans to start soon.")
        steps += [
            "Read the lists of who can and cannot join.",
            "Talk with your doctor about whether this study is right for you.",
            contact,
            "Ask all your questions before you decide. Joining is your choice, and you can leave at any time.",
        ]
        return tuple(steps)
    steps.append(
        {
            OverallStatus.WITHDRAWN: "This study stopped before anyone joined, so you cannot join it.",
            OverallStatus.UNKNOWN: "We do not know if this study is still running, so do not count on joining it.",
        }.get(status, "This study is not taking new people, so you cannot join it.")
    )
    if trial.has_results:
        steps.append(f"Read its results on ClinicalTrials.gov: {trial.url}?tab=results")
    steps.append(f"Look for similar studies that are looking for people: {similar_url(trial)}")
    steps.append("Ask your doctor about other studies or care that may suit you.")
    return tuple(steps)


def similar_url(trial: Trial) -> str:
    """A ClinicalTrials.gov search for recruiting studies of the record's condition, spelt as the page names it."""
    first = trial.conditions[0].split(";")[0].strip() if trial.conditions else ""
    term = names.condition_name(trial) or first or trial.brief_title
    return f"https://clinicaltrials.gov/search?cond={quote_plus(term)}&aggFilters=status:rec"


def _timeline(trial: Trial, today: dt.date, given: bool) -> dict[str, Any] | None:
    """Start, end and a mark: today when the caller gave the date, else the record's last update (labelled so)."""
    start, end = trial.dates.start, trial.dates.completion or trial.dates.primary_completion
    if start is None or end is None or end.first_day <= start.first_day:
        return None
    span = (end.first_day - start.first_day).days
    position = min(max((today - start.first_day).days / span, 0.0), 1.0)
    return {
        "start": start.date,
        "end": end.date,
        "end_planned": end.type is None or end.type.value == "ESTIMATED",
        "today": today.isoformat(),
        "mark": f"Today {today.isoformat()}" if given else f"Record updated {today.isoformat()}",
        "mark_caption": f"today ({today.isoformat()})" if given else f"when the record was last updated ({today.isoformat()})",
        "position": round(position, 4),
    }


_FACT_RE = re.compile(r"^\**\s*(?P<label>[^:*]{1,40}?)\s*:\s*\**\s*(?P<value>.+)$")


def _overlay_facts(facts: tuple[Fact, ...], overlay: Overlay | None) -> tuple[Fact, ...]:
    """An editor's "Quick facts" bullets ("Label: value") replace the drafted facts of the same label."""
    if overlay is None or "facts" not in overlay.sections:
        return facts
    edited: dict[str, str] = {}
    for block in overlay.sections["facts"].blocks:
        if m := _FACT_RE.match(block.text):
            edited[m.group("label").strip().casefold()] = m.group("value").strip()
    out = [Fact(f.label, edited.pop(f.label.casefold(), f.value), f.link) for f in facts]
    extra = [Fact(label[:1].upper() + label[1:], value) for label, value in edited.items()]
    return tuple(out[:-1] + extra + out[-1:])


def _overlay_steps(overlay: Overlay | None) -> tuple[str, ...]:
    if overlay is None or "steps" not in overlay.sections:
        return ()
    return tuple(b.text for b in overlay.sections["steps"].blocks)


def record_day(trial: Trial) -> dt.date | None:
    return evidence.record_date(trial)


def build_summary(trial: Trial, overlay: Overlay | None = None, *, today: dt.date | None = None) -> Summary:
    """The lay summary of one trial.

    ``today`` places the "today" mark on the timeline; it defaults to the
    record's own date, so the same input always gives the same page.
    """
    with evidence.one_build():
        return _build(trial, overlay, today)


def _build(trial: Trial, overlay: Overlay | None, today: dt.date | None) -> Summary:
    lay = trial.lay
    current = draft.is_open(trial) and not evidence.overdue(trial, today) and not evidence.stale(trial, today)
    countries = _countries(trial.locations, current)
    contacts = _contacts(trial)
    title_text = (overlay.lay_title if overlay else None) or (lay.title if lay else None)
    title = (
        Section("title", "overlay", (Paragraph(title_text, line=overlay.title_line if overlay and overlay.lay_title else None),))
        if title_text
        else _drafted("title", [draft.title(trial)])
    )
    glance = _section("at_a_glance", lay, overlay, lambda: _drafted("at_a_glance", draft.at_a_glance(trial, today)))
    what = _section("what", lay, overlay, lambda: _drafted("what", draft.what(trial) + draft.stop_lines(trial)))
    good = _section("good_fit", lay, overlay, lambda: _drafted("good_fit", draft.good_fit(trial), bullets=True))
    bad = _section("not_a_fit", lay, overlay, lambda: _drafted("not_a_fit", draft.not_a_fit(trial), bullets=True))
    benefit = _section("benefit", lay, overlay, lambda: _drafted("benefit", draft.benefit(trial)))
    similar = _section("similar_studies", lay, overlay, None)
    reviewed = (overlay.reviewed if overlay and overlay.reviewed else None) or (lay.reviewed if lay else None)
    day = today or record_day(trial) or dt.date(2000, 1, 1)
    assert glance and what and good and bad and benefit
    return Summary(
        nct_id=trial.nct_id,
        url=trial.url,
        title=title,
        at_a_glance=glance,
        facts=_overlay_facts(_facts(trial, countries, today), overlay),
        what=what,
        good_fit=good,
        not_a_fit=bad,
        benefit=benefit,
        similar_studies=similar,
        inclusion=reader_criteria(trial.eligibility.inclusion),
        exclusion=reader_criteria(trial.eligibility.exclusion),
        countries=countries,
        site_count=len(trial.locations),
        contacts=contacts,
        steps=_overlay_steps(overlay) or _steps(trial, bool(contacts), today),
        can_join=joinable(trial, today),
        notice=_notice(trial, today),
        is_open=draft.is_open(trial),
        record_date=updated.isoformat() if (updated := record_day(trial)) else None,
        reviewed=reviewed.isoformat() if reviewed else None,
        disclaimer=DISCLAIMER,
        phase_steps=_phase_steps(trial.phases),
        timeline=_timeline(trial, day, today is not None),
        overlay_path=overlay.path if overlay else None,
    )
