"""The lay summary of results: the ten elements of EU CTR Annex V, drafted from posted results.

Every number a reader sees is the record's own number, said plainly ("12 of
40 people (30%)"), and every drafted line carries the model paths of the
numbers in it, so a test (and a reviewer) can find each one in the record.
What the registry cannot say (whether follow-up trials are planned) comes from
an editor's overlay, or the page says the record does not say.

Words that would mislead are never drafted: no "works", "safe" or
"effective", no relative risk, and "unlikely to be due to chance" only for a
pre-specified analysis with p < 0.05.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from trialdocs import evidence
from trialdocs.criteria import has_inline_syntax, parse_inline
from trialdocs.errors import NoResultsError
from trialdocs.lexicon import default_lexicon
from trialdocs.model import (
    AdverseEvent,
    AgencyClass,
    Allocation,
    Analysis,
    ArmType,
    Criterion,
    DateType,
    EventCount,
    GroupCount,
    Intervention,
    Masking,
    Measure,
    Measurement,
    OutcomeResult,
    OutcomeType,
    OverallStatus,
    PartialDate,
    ResultGroup,
    Results,
    SecondaryIdType,
    StudyType,
    Trial,
    WhoMasked,
    fold_key,
    table_cells,
)
from trialdocs.readability import Figures, figures
from trialdocs.summary import charts, draft, names
from trialdocs.summary.build import reader_criteria
from trialdocs.summary.draft import Line
from trialdocs.summary.flow import FlowReading, Stretch, deaths, read_flow
from trialdocs.summary.overlay import Overlay
from trialdocs.summary.phrasebook import INTERVENTION_TYPES, age_text, listing, of_people, percent
from trialdocs.summary.study_groups import ROLE_TITLE, StudyGroups, arm_of, is_total

Source = Literal["overlay", "drafted"]
BlockKind = Literal["prose", "bullets", "facts", "quote"]

#: Annex V's ten elements, in order: key and the heading a reader sees.
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("identification", "About this trial"),
    ("sponsor", "Who ran the trial"),
    ("general", "Why and when the trial was done"),
    ("population", "Who took part"),
    ("products", "What treatments were studied"),
    ("side_effects", "Side effects"),
    ("results", "What the results were"),
    ("comments", "Comments on the results"),
    ("follow_up", "Follow-up trials"),
    ("more_info", "Where to find more information"),
)
ELEMENT_TITLES = dict(ELEMENTS)
TOP_EVENTS = 5
DISCLAIMER = (
    "This page reports what one trial found. It is not medical advice. "
    "Do not change your treatment without talking with your doctor."
)
NOT_CAUSED = Line(
    "Here, a side effect is any health problem people had during the trial. The treatment did not cause all of them.",
    "results.adverse_events",
)
EU_COUNTRIES = frozenset(
    [
        "Austria",
        "Belgium",
        "Bulgaria",
        "Croatia",
        "Cyprus",
        "Czechia",
        "Denmark",
        "Estonia",
        "Finland",
        "France",
        "Germany",
        "Greece",
        "Hungary",
        "Ireland",
        "Italy",
        "Latvia",
        "Lithuania",
        "Luxembourg",
        "Malta",
        "Netherlands",
        "Poland",
        "Portugal",
        "Romania",
        "Slovakia",
        "Slovenia",
        "Spain",
        "Sweden",
    ]
) | {"Czech Republic"}


@dataclass(frozen=True)
class Block:
    """Prose (one paragraph of sentences) and bullets, which are graded; facts (labelled
    record values: numbers, names, addresses) and quotes (the record's own words), which are not."""

    kind: BlockKind
    lines: tuple[Line, ...]
    label: str | None = None
    #: A quote the reader needs to follow the page (what was measured, what each group is): shown, not folded away.
    shown: bool = False


@dataclass(frozen=True)
class Element:
    key: str
    source: Source
    blocks: tuple[Block, ...]
    #: Inline SVG (already escaped) and its text alternative.
    chart: charts.Chart | None = None
    #: The overlay line of the heading, for the gate.
    line: int | None = None
    #: The heading when it is not Annex V's usual one (an observational study is not a trial).
    heading: str | None = None

    @property
    def number(self) -> int:
        return [k for k, _ in ELEMENTS].index(self.key) + 1

    @property
    def title(self) -> str:
        return self.heading or ELEMENT_TITLES[self.key]

    @property
    def lay_lines(self) -> tuple[Line, ...]:
        """The drafted or edited sentences (not the record's quoted words): what the gate grades."""
        return tuple(line for b in self.blocks if b.kind in ("prose", "bullets") for line in b.lines)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lay_lines)

    @property
    def figures(self) -> Figures:
        return figures(self.text)


@dataclass(frozen=True)
class ResultsSummary:
    nct_id: str
    url: str
    title: str
    title_source: Source
    elements: tuple[Element, ...]
    record_date: str | None
    inclusion: tuple[Criterion, ...] = ()
    exclusion: tuple[Criterion, ...] = ()
    disclaimer: str = DISCLAIMER
    overlay_path: str | None = None

    def element(self, key: str) -> Element:
        return next(e for e in self.elements if e.key == key)


# ---------------------------------------------------------------- plain numbers


def _sources(*paths: str | None) -> str:
    return "; ".join(dict.fromkeys(p for p in paths if p))


def _month(date: PartialDate) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    parts = date.date.split("-")
    return f"{months[int(parts[1]) - 1]} {parts[0]}" if len(parts) > 1 else parts[0]


def _value(text: str | None) -> str | None:
    """A measured value as posted, or None for the registry's 'NA'."""
    if text is None or text.strip().upper() in ("NA", "N/A", ""):
        return None
    return text.strip()


def p_value_below(text: str | None, limit: float = 0.05) -> bool | None:
    """Whether a posted p-value ('0.0245', '<0.001', '=0.247') is below ``limit``; None if unreadable."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*(<=|>=|<|>|=)?\s*(\d*\.?\d+)\s*", text)
    if m is None:
        return None
    op, number = m.group(1) or "=", float(m.group(2))
    if op == "<":
        return number <= limit
    if op in ("=",):
        return number < limit
    if op == "<=":
        return True if number < limit else None
    return False


# ---------------------------------------------------------------- groups


def _count_of(counts: Iterable[GroupCount], group_id: str) -> tuple[int, int] | None:
    """(count, index) of a group's count."""
    for i, c in enumerate(counts):
        if c.group_id == group_id:
            return c.count, i
    return None


# ---------------------------------------------------------------- the elements


#: A EudraCT number (2005-003229-20); some sponsors register it as their own study id.
_EUDRACT = re.compile(r"\d{4}-\d{6}-\d{2}")


def _identification(trial: Trial) -> list[Block]:
    rows = [Line(f"ClinicalTrials.gov number: {trial.nct_id}", "nct_id")]
    if trial.org_study_id:
        label = "EU trial number (EudraCT)" if _EUDRACT.fullmatch(trial.org_study_id) else "The sponsor's protocol number"
        rows.append(Line(f"{label}: {trial.org_study_id}", "org_study_id"))
    eu = [(i, s) for i, s in enumerate(trial.secondary_ids) if s.type in (SecondaryIdType.EUDRACT_NUMBER, SecondaryIdType.CTIS)]
    for i, s in eu:
        rows.append(Line(f"EU trial number: {s.id}", f"secondary_ids[{i}].id"))
    others = [(i, s) for i, s in enumerate(trial.secondary_ids) if (i, s) not in eu]
    if others:
        rows.append(Line(f"Other numbers: {', '.join(s.id for _, s in others)}", "secondary_ids"))
    quote = [Line(trial.official_title or trial.brief_title, "official_title" if trial.official_title else "brief_title")]
    if trial.acronym:
        quote.append(Line(f"Short name: {trial.acronym}", "acronym"))
    lines = [Line("These are the names and numbers that identify the trial.", "nct_id")]
    return [Block("prose", tuple(lines)), Block("facts", tuple(rows)), Block("quote", tuple(quote), "The trial's full title")]


#: Shorter than the lay page's phrasebook: on a results page the kind is a side note.
_SPONSOR_KINDS = {
    AgencyClass.NIH: "part of the U.S. government",
    AgencyClass.FED: "a U.S. government office",
    AgencyClass.OTHER_GOV: "a government body",
    AgencyClass.INDIV: "one researcher",
    AgencyClass.INDUSTRY: "a company",
    AgencyClass.NETWORK: "a group of research teams",
    AgencyClass.OTHER: "a university, a hospital or a group like them",
}


def _sponsor(trial: Trial, results: Results) -> list[Block]:
    lines = [Line("The sponsor is the group in charge of the trial.", "sponsor.name")]
    kind = names.sponsor_kind(trial)
    if kind in _SPONSOR_KINDS:
        lines.append(Line(f"Here, it is {_SPONSOR_KINDS[kind]}.", _sources("sponsor.kind", "sponsor.name")))
    facts = [Line(f"Sponsor: {trial.sponsor.name}", "sponsor.name")]
    if trial.collaborators:
        facts.append(Line(f"Partners: {', '.join(c.name for c in trial.collaborators)}", "collaborators"))
    blocks = [Block("prose", tuple(lines)), Block("facts", tuple(facts))]
    contact = _contact_line(results)
    if contact:
        blocks.append(Block("facts", (contact,)))
    return blocks


def _contact_line(results: Results) -> Line | None:
    poc = results.point_of_contact
    if poc is None:
        return None
    phone = poc.phone and (poc.phone + (f" ext. {poc.phone_ext}" if poc.phone_ext else ""))
    parts = [p for p in (poc.title, poc.organization, poc.email, phone) if p]
    return Line(f"Contact for the results: {', '.join(parts)}", "results.point_of_contact") if parts else None


def _when(trial: Trial) -> list[Line]:
    """When the trial ran; a planned end date is said to be planned, never as if the trial had ended."""
    d = trial.dates
    lines = []
    ended = d.completion if d.completion and d.completion.type is DateType.ACTUAL else None
    if d.start and ended:
        return [Line(f"The trial ran from {_month(d.start)} to {_month(ended)}.", "dates.start.date; dates.completion.date")]
    if d.start:
        lines.append(Line(f"The trial started in {_month(d.start)}.", "dates.start.date"))
    if d.primary_completion and d.primary_completion.type is DateType.ACTUAL:
        lines.append(
            Line(f"The main results were collected up to {_month(d.primary_completion)}.", "dates.primary_completion.date")
        )
    if d.completion and not ended:
        lines.append(Line(f"The trial is planned to end in {_month(d.completion)}.", "dates.completion.date"))
    return lines


def _general(trial: Trial) -> list[Block]:
    lines: list[Line] = []
    lines += _when(trial)
    countries, where = _countries(trial)
    named = [_the(c) for c in countries]
    if len(countries) == 1:
        lines.append(Line(f"People took part in {named[0]}.", where))
    elif countries:
        some = "including" if len(countries) > 6 else "in"
        lines.append(
            Line(f"People took part in {len(countries)} countries, {some} {listing(named[:6])}.".replace(", in ", ": "), where)
        )
    lines += _design_lines(trial)
    blocks = [Block("prose", tuple(lines))]
    primary = [o for o in trial.primary_outcomes][:3]
    if primary:
        blocks.append(
            Block(
                "quote",
                tuple(Line(o.measure, f"primary_outcomes[{i}].measure") for i, o in enumerate(primary)),
                "The main question, in the record's words",
            )
        )
    if trial.brief_summary:
        blocks.append(
            Block("quote", (Line(trial.brief_summary, "brief_summary"),), "Why the trial was done, in the record's words")
        )
    return blocks


_THE = frozenset(
    (
        "United States",
        "United Kingdom",
        "Netherlands",
        "Czech Republic",
        "Philippines",
        "Russian Federation",
        "Dominican Republic",
        "United Arab Emirates",
    )
)


def _the(country: str) -> str:
    return f"the {country}" if country in _THE or country.startswith("Korea, Republic") else country


def _countries(trial: Trial) -> tuple[list[str], str]:
    """Where people took part: the baseline's "Region of Enrollment" counts when the record has them
    (the site list also names sites that enrolled no one, and misses some that did), else the sites' countries."""
    results = trial.results
    if results is not None:
        for mi, m in enumerate(results.baseline.measures):
            if "region" in m.title.casefold() and m.param_type in ("COUNT_OF_PARTICIPANTS", "NUMBER"):
                found: dict[str, str] = {}
                for where, cls, cat, meas in table_cells(m.classes):
                    country = (cls.title or cat.title or "").strip()
                    value = _value(meas.value)
                    if country and value is not None and value.isdigit() and int(value) > 0:
                        title = where.split(".categories")[0] if cls.title else where.split(".measurements")[0]
                        found.setdefault(country, f"results.baseline.measures[{mi}]{title}.title")
                if found:
                    return list(found), _sources(*found.values())
    return list(dict.fromkeys(loc.country for loc in trial.locations if loc.country)), "locations[].country"


def _design_lines(trial: Trial) -> list[Line]:
    """How the trial was set up, in the past tense (the lay page's design lines speak to a future participant)."""
    lines = []
    design = trial.design
    if len(trial.arms) > 1 and design.allocation is Allocation.RANDOMIZED:
        lines.append(Line("Chance decided which group each person was in.", "design.allocation"))
    # A placebo only where the arm's own words or treatments say so: registries code usual care or a
    # fitness tracker as a placebo comparator. "Treatment", not "medicine": it may stand beside an app.
    for kind, word in ((ArmType.PLACEBO_COMPARATOR, "a placebo"), (ArmType.SHAM_COMPARATOR, "a sham")):
        if evidence.placebo_backed(trial, kind):
            lines.append(Line(f"One group got {word}. It looks like the study treatment but is not the real one.", "arms[].type"))
            break
    if not evidence.masking_backed(trial):
        return lines
    if WhoMasked.PARTICIPANT in design.who_masked:
        lines.append(Line("The people taking part did not know which group they were in.", "design.who_masked"))
    elif design.masking is Masking.NONE and len(trial.arms) > 1:
        lines.append(Line("Everyone knew which group each person was in.", "design.masking"))
    return lines


_PEOPLE_UNITS = tuple(
    f"{lead}{who}"
    for lead in ("", "number of ", "count of ", "no. of ")
    for who in ("participants", "patients", "subjects", "people", "persons")
)

_AGE_CATEGORIES = (
    (re.compile(r"^<=\s*18 years$", re.I), "18 or younger"),
    (re.compile(r"^between 18 and 65 years$", re.I), "between 18 and 65"),
    (re.compile(r"^>=\s*65 years$", re.I), "65 or older"),
)


def _total_group(results: Results) -> tuple[ResultGroup, int | None] | None:
    """The baseline group that counts everyone, and its number of people."""
    groups = results.baseline.groups
    around = [g for g in groups if ROLE_TITLE.search(g.title) and not is_total(g)]
    if around:
        # A total that also counts clinicians or carers is not everyone who took part; the one other group is.
        rest = [g for g in groups if g not in around and not is_total(g)]
        if len(rest) != 1:
            return None
        found = _count_of(results.baseline.denoms, rest[0].id)
        return rest[0], found[0] if found else None
    total = next((g for g in groups if is_total(g)), groups[0] if len(groups) == 1 else None)
    if total is None:
        return None
    found = _count_of(results.baseline.denoms, total.id)
    return total, found[0] if found else None


def _measure_counts(m: Measure, mpath: str, group_id: str) -> list[tuple[str, int, str]]:
    """(category or class title, count, path) for one group of a count measure."""
    out = []
    for where, cls, cat, meas in table_cells(m.classes):
        value = _value(meas.value)
        if meas.group_id == group_id and value is not None and value.isdigit():
            out.append((cat.title or cls.title or "", int(value), f"{mpath}{where}.value"))
    return out


def _population(trial: Trial, results: Results, reading: FlowReading | None, labels: dict[str, str]) -> list[Block]:
    lines, started = _flow_lines(reading, labels)
    lines += _baseline_lines(results, started)
    e = trial.eligibility
    ages = age_text(e.minimum_age, e.maximum_age)
    if ages == "Any age":
        limits = "The record sets no age limits."
    elif _ages_outside_limits(trial, results):
        limits = (
            f"The record's age limits ({ages.lower()}) do not fit the ages of some people who took part, "
            "so this page does not say who could join by age."
        )
    else:
        limits = f"The trial was open to people aged {ages.lower()}."
    lines.append(Line(limits, "eligibility.minimum_age; eligibility.maximum_age; results.baseline.measures"))
    if e.inclusion or e.exclusion:
        lines.append(Line("The full lists of who could and could not join are below.", "eligibility"))
    return [Block("prose", tuple(lines))]


#: CT.gov's standard age categories, as bounds in years.
_AGE_BOUNDS = (
    (re.compile(r"^<=\s*18 years$", re.I), 0.0, 18.0),
    (re.compile(r"^between 18 and 65 years$", re.I), 18.0, 64.99),  # 65 is in the next category
    (re.compile(r"^>=\s*65 years$", re.I), 65.0, float("inf")),
)


def _ages_outside_limits(trial: Trial, results: Results) -> bool:
    """Whether the baseline counts people in an age category wholly outside the record's age limits
    (a protocol amendment that lowered the minimum age, left out of the limits)."""
    e = trial.eligibility
    low = names.age_in_years(e.minimum_age.value, e.minimum_age.unit) if e.minimum_age else 0.0
    high = names.age_in_years(e.maximum_age.value, e.maximum_age.unit) if e.maximum_age else float("inf")
    for m in results.baseline.measures:
        for _, _, cat, meas in table_cells(m.classes):
            bounds = next(((a, b) for pattern, a, b in _AGE_BOUNDS if pattern.match((cat.title or "").strip())), None)
            value = _value(meas.value)
            if bounds and value and value.isdigit() and int(value) > 0 and (bounds[1] < low or bounds[0] > high):
                return True
    return False


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _flow_lines(reading: FlowReading | None, labels: dict[str, str]) -> tuple[list[Line], int | None]:
    """Started and finished, as totals only when the periods are one cohort moving on; with the started count that reads as 'everyone'."""
    if reading is None:
        return [], None
    if reading.reading == "cohort":
        whole = reading.stretches[0]
        # People around the trial (clinicians) are counted apart from those who took part in its groups.
        around = [st for st in whole.steps if not labels.get(st.group.id, "").startswith("Group ")]
        stretch = Stretch(whole.title, whole.title_path, tuple(st for st in whole.steps if st not in around) or whole.steps)
        lines = [
            Line(f"{_people(stretch.started)} started the trial.", _sources(*(p for s in stretch.steps for p in s.started_paths)))
        ]
        if stretch.finished is not None:
            lines.append(
                Line(f"{stretch.finished} of them finished it.", _sources(*(p for s in stretch.steps for p in s.finished_paths)))
            )
        for st in around if len(around) < len(whole.steps) else []:
            done = f", and {st.finished} finished" if st.finished is not None else ""
            lines.append(
                Line(
                    f"The record also counts {labels[st.group.id]}, who are not one of the trial's groups: "
                    f"{_people(st.started)} started{done}.",
                    _sources(*st.started_paths, *st.finished_paths),
                )
            )
        return lines + _not_adding_up(whole, labels), stretch.started
    lines = [
        Line(
            f"The record counts people in {len(reading.stretches)} parts of the trial. "
            "The same people may be counted in more than one part, so the parts are not added up.",
            "results.participant_flow.periods",
        )
    ]
    for stretch in reading.stretches:
        started = [stretch.title_path, *(p for s in stretch.steps for p in s.started_paths)]
        lines.append(Line(f"In the part called “{stretch.title}”, {_people(stretch.started)} started.", _sources(*started)))
        if stretch.finished is not None:
            finished = (p for s in stretch.steps for p in s.finished_paths)
            lines.append(Line(f"{stretch.finished} of them finished this part.", _sources(*finished)))
        lines += _not_adding_up(stretch, labels)
    return lines, None


def _not_adding_up(stretch: Stretch, labels: dict[str, str]) -> list[Line]:
    """What the page says instead of a sum that cannot be true."""
    out = []
    for step in stretch.steps:
        if step.closes:
            continue
        said = f"{step.started} started"
        if step.finished is not None:
            said += f", {step.finished} finished"
        if step.reasons:
            said += f", and the reasons it gives for not finishing count {_people(step.reasons_total)}"
        out.append(
            Line(
                f"For {labels.get(step.group.id, step.group.title)}, the record's numbers do not add up: {said}.",
                _sources(*step.paths),
            )
        )
    return out


def _baseline_lines(results: Results, started: int | None) -> list[Line]:
    """Sex, age and where people took part, from the baseline group that counts everyone.

    When the baseline counts fewer people than started (only those who
    finished, say), the page says so before giving shares of them.
    """
    lines: list[Line] = []
    everyone = _total_group(results)
    if everyone is None:
        return lines
    group, n = everyone
    denom = _count_of(results.baseline.denoms, group.id)
    denom_path = f"results.baseline.denoms[{denom[1]}].count" if denom else None
    if n is not None and started is not None and n != started and denom_path:
        lines.append(Line(f"The record describes {n} of them in more detail.", denom_path))
    for mi, m in enumerate(results.baseline.measures):
        mpath = f"results.baseline.measures[{mi}]"
        title = m.title.casefold()
        if m.param_type == "COUNT_OF_PARTICIPANTS" and ("sex" in title or "gender" in title):
            counts = {t.casefold(): (c, p) for t, c, p in _measure_counts(m, mpath, group.id)}
            female, male = counts.get("female"), counts.get("male")
            if female and male and n is not None and female[0] + male[0] != n:
                # The baseline's total counts people whose sex it does not give (clinicians beside patients): no shares of it.
                given = Line(
                    f"The record gives the sex of {female[0] + male[0]} people: {female[0]} female and {male[0]} male.",
                    _sources(female[1], male[1]),
                )
                lines.append(given)
            elif female and male:
                lines.append(Line(_sex_sentence(n, female[0], male[0]), _sources(denom_path, female[1], male[1])))
        elif m.param_type == "COUNT_OF_PARTICIPANTS" and "age" in title and "categor" in title:
            lines += _age_groups(m, mpath, group.id)
        elif m.param_type in ("MEAN", "MEDIAN") and "age" in title and (m.unit or "").casefold() == "years":
            value = _measure_counts_any(m, mpath, group.id)
            own = _count_of(m.denoms, group.id)
            if value and own is not None and n is not None and own[0] != n:
                whom = f"the {own[0]} people the record gives the age of"
                text = f"The {'average' if m.param_type == 'MEAN' else 'middle'} age of {whom} was {value[0]} years."
                lines.append(Line(text, _sources(value[1], f"{mpath}.denoms[{own[1]}].count")))
            elif value:
                text = (
                    f"Their average age was {value[0]} years."
                    if m.param_type == "MEAN"
                    else f"Half of them were younger than {value[0]} years, and half were older."
                )
                lines.append(Line(text, value[1]))
        elif "region" in title and m.param_type == "COUNT_OF_PARTICIPANTS":
            lines += _regions(m, mpath, group.id)
    return lines


def _age_groups(m: Measure, mpath: str, group_id: str) -> list[Line]:
    """'By age: 40 were between 18 and 65 ...', only when every category is one of CT.gov's standard three."""
    parts: list[str] = []
    paths: list[str] = []
    for cat_title, count, path in _measure_counts(m, mpath, group_id):
        plain = next((words for pattern, words in _AGE_CATEGORIES if pattern.match(cat_title.strip())), None)
        if plain is None:
            return []
        if count:
            parts.append(f"{count} {'was' if count == 1 else 'were'} {plain}")
            paths += [path, path.rsplit(".measurements", 1)[0] + ".title"]
    if len(parts) == 1:
        return [Line(f"By age, all {parts[0].split(' ', 1)[0]} {parts[0].split(' ', 1)[1]}.", _sources(*paths))]
    return [Line(f"By age: {listing(parts)}.", _sources(*paths))] if parts else []


def _sex_sentence(n: int | None, female: int, male: int) -> str:
    whole = n or female + male
    return f"{female} {'was' if female == 1 else 'were'} female ({percent(female, whole)}) and {male} {'was' if male == 1 else 'were'} male ({percent(male, whole)})."


def _measure_counts_any(m: Measure, mpath: str, group_id: str) -> tuple[str, str] | None:
    for where, _, _, meas in table_cells(m.classes):
        if meas.group_id == group_id and (value := _value(meas.value)) is not None:
            return value, f"{mpath}{where}.value"
    return None


def _regions(m: Measure, mpath: str, group_id: str) -> list[Line]:
    eu: list[tuple[int, str]] = []
    other: list[tuple[int, str]] = []
    for where, cls, _, meas in table_cells(m.classes):
        country = (cls.title or "").strip()
        value = _value(meas.value)
        if meas.group_id == group_id and value is not None and value.isdigit() and country:
            (eu if country in EU_COUNTRIES else other).append((int(value), f"{mpath}{where}.value"))
    if not eu and not other:
        return []
    in_eu, outside = sum(c for c, _ in eu), sum(c for c, _ in other)
    if not eu:
        return [
            Line(
                f"No one took part in the European Union. All {outside} people took part outside it.",
                _sources(*(p for _, p in other)),
            )
        ]
    if not other:
        return [Line(f"All {in_eu} people took part in the European Union.", _sources(*(p for _, p in eu)))]
    return [
        Line(f"{in_eu} {'person' if in_eu == 1 else 'people'} took part in the European Union.", _sources(*(p for _, p in eu))),
        Line(f"{outside} took part outside it.", _sources(*(p for _, p in other))),
    ]


def _named_by_some_arms_only(trial: Trial, item: Intervention) -> bool:
    """Whether the arms' own words name a treatment for some arms and not others: then its link to every arm
    is a coding slip (a comparator arm linked to the new dye), and "every group got it" would be false."""
    words = [fold_key(w) for w in (item.name, *item.other_names) if len(fold_key(w)) > 3]
    said = [any(w in fold_key(f"{a.label} {a.description or ''}") for w in words) for a in trial.arms]
    return any(said) and not all(said)


def _products(trial: Trial, groups: StudyGroups) -> list[Block]:
    lines: list[Line] = []
    arms = {a.label for a in trial.arms}
    everyone = [
        (name, i)
        for name, item, i in names.treatments(trial)
        if len(arms) > 1 and arms <= set(item.arm_labels) and not _named_by_some_arms_only(trial, item)
    ]
    studied = [t for t in names.treatments(trial) if (t[0], t[2]) not in everyone]
    if studied:
        kinds = []
        for name, item, _ in studied:
            what = INTERVENTION_TYPES[item.type] if item.type is not None and item.type.value != "OTHER" else None
            kinds.append(f"{name} (a {what})" if what and what.lower() not in name.lower() else name)
        lines.append(Line(f"The trial studied {listing(kinds)}.", "interventions"))
    compared = names.comparators(trial)
    if compared:
        them = "it" if len(studied) == 1 else "them"
        lines.append(Line(f"It compared {them} with {listing(list(compared))}.", "interventions; arms[].type"))
    if everyone:
        paths = (f"interventions[{i}].arm_labels" for _, i in everyone)
        lines.append(Line(f"The plan gave every group {listing([n for n, _ in everyone])} as well.", _sources(*paths)))
    if trial.arms:
        n = len(trial.arms)
        lines.append(Line(f"The trial's plan had {n} {'group' if n == 1 else 'groups'}.", "arms"))
    k = len(groups.entries)
    titles = [f"{e.path}.title" for e in groups.entries]
    if k == 1:
        lines.append(
            Line("The results report the people who took part as one group, called Group A on this page.", _sources(*titles))
        )
    elif k > 1:
        lines.append(
            Line(f"The results report the people who took part in {k} groups. Each has a letter on this page.", _sources(*titles))
        )
    blocks = [Block("prose", tuple(lines))] if lines else []
    lettered = {e.group.id for e in groups.entries}
    around = [
        Line(f"Also counted, not one of the trial's groups: {g.title}", f"results.participant_flow.groups[{gi}].title")
        for gi, g in enumerate(trial.results.participant_flow.groups if trial.results else ())
        if lettered and g.id not in lettered
    ]
    named = tuple(Line(f"{e.label}: {e.group.title}", f"{e.path}.title") for e in groups.entries) + tuple(around)
    if named:
        blocks.append(Block("quote", named, "The groups, in the record's words", shown=True))
    described: list[Line] = []
    differ = False
    for e in groups.entries:
        arm = arm_of(trial.arms, e.group)
        if e.group.description and e.group.description != e.group.title:
            described.append(Line(f"{e.label}: {e.group.description}", f"{e.path}.description"))
        if arm is not None and arm.description and e.group.description and _numbers_differ(arm.description, e.group.description):
            differ = True
            ai = trial.arms.index(arm)
            described[-1] = Line(f"{e.label}, in the results: {e.group.description}", f"{e.path}.description")
            described.append(Line(f"{e.label}, in the plan: {arm.description}", f"arms[{ai}].description"))
    if differ:
        blocks.append(
            Block(
                "prose",
                (
                    Line(
                        "For some groups, the plan and the results give different numbers for what the group got. "
                        "Both are shown below; ask the trial team which is right.",
                        "arms; results.participant_flow.groups",
                    ),
                ),
            )
        )
    if described:
        blocks.append(Block("quote", tuple(described), "What each group got, in the record's words", shown=differ))
    return blocks


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _numbers_differ(plan: str, results: str) -> bool:
    """Whether two descriptions of one group give different numbers (a dose, a schedule): both have numbers,
    and neither's numbers are all in the other's."""
    a, b = set(_NUMBER.findall(plan)), set(_NUMBER.findall(results))
    return bool(a and b) and not (a <= b or b <= a)


def plain_event(term: str) -> str:
    """A side-effect term in plain words: the lexicon's name, else the term without coding suffixes."""
    lexicon = default_lexicon()
    cleaned = re.sub(r"\s+(nos|nec)\b", "", term.strip(), flags=re.IGNORECASE).strip()
    plain = lexicon.plain(cleaned.lower()) or lexicon.plain(term.lower())
    word = plain[0] if plain else cleaned
    if not plain and word.isupper() and (" " in word or (word.isalpha() and len(word) > 5)):  # "BRONCHITIS", not "COVID-19"
        word = word.lower()
    return word[:1].upper() + word[1:] if word else term


def _event_lines(events: tuple[AdverseEvent, ...], key: str, groups: dict[str, str], totals: frozenset[str]) -> list[Line]:
    """The events that affected the most people across the study's groups (a total group is not added in twice);
    events tied with the last one shown are counted in a closing line, so the cut never picks among equals."""
    ranked = sorted(
        ((sum(c.affected for c in e.counts if c.group_id not in totals), -i, i, e) for i, e in enumerate(events)),
        reverse=True,
    )
    out = []
    shown = [r for r in ranked[:TOP_EVENTS] if r[0]]
    tied = [r for r in ranked[TOP_EVENTS:] if shown and len(shown) == TOP_EVENTS and r[0] == shown[-1][0]]
    for _, _, i, e in ranked[:TOP_EVENTS]:
        if not any(c.affected for c in e.counts):
            continue
        parts, paths = [], []
        for ci, c in enumerate(e.counts):
            if not c.at_risk:
                continue
            label = groups.get(c.group_id, c.group_id)
            parts.append(f"{label}, {of_people(c.affected, c.at_risk)}")
            paths += [
                f"results.adverse_events.{key}[{i}].term",
                f"results.adverse_events.{key}[{i}].counts[{ci}].affected",
                f"results.adverse_events.{key}[{i}].counts[{ci}].at_risk",
            ]
        out.append(Line(f"{plain_event(e.term)}: {'; '.join(parts)}.", _sources(*paths)))
    if tied:
        n = len(tied)
        out.append(
            Line(
                f"{n} more {'side effect' if n == 1 else 'side effects'} affected as many people as the last one here.",
                _sources(*(f"results.adverse_events.{key}[{r[2]}].term" for r in tied)),
            )
        )
    return out


def _counted(count: EventCount | None) -> EventCount | None:
    """A total the record really counted: 0 people at risk means nobody was watched, not that nothing happened."""
    return count if count is not None and count.at_risk > 0 else None


def _flow_deaths(results: Results, reading: FlowReading | None) -> Line | None:
    """The deaths the flow gives as reasons for leaving, said where the side-effect table does not count as many."""
    died, paths = deaths(reading)
    ae = results.adverse_events
    totals = frozenset(g.id for g in ae.groups if is_total(ResultGroup(id=g.id, title=g.title)))
    counted = max(
        sum(c.affected for g in ae.groups if g.id not in totals and (c := _counted(g.deaths)) is not None),
        _deaths_listed(results, totals),
    )
    if not died or counted >= died:
        return None
    return Line(f"The record's list of why people left the trial says {_people(died)} died.", _sources(*paths))


_DEATH_TERM = re.compile(r"\b(death|deaths|died|mortality)\b", re.IGNORECASE)


def _deaths_listed(results: Results, totals: frozenset[str]) -> int:
    """People the serious-event list counts under a term that names death ("Death - cardiovascular",
    "Total, all-cause mortality"): a table can hold its deaths there and not in its deaths row."""
    return sum(
        c.affected
        for e in results.adverse_events.serious
        if _DEATH_TERM.search(e.term)
        for c in e.counts
        if c.group_id not in totals
    )


def _other_measures_of_side_effects(results: Results) -> Line | None:
    """A measure that counts side effects itself (it may count more than the table, which lists only common ones)."""
    for i, o in enumerate(results.outcomes):
        if _ADVERSE.search(o.title):
            where = (
                "one of its main measures (see “What the results were” below)"
                if o.type is OutcomeType.PRIMARY
                else "one of its other measures. Its numbers are in the full results"
            )
            return Line(
                f"The trial also counted side effects as {where}.",
                _sources(f"results.outcomes[{i}].title", f"results.outcomes[{i}].type"),
            )
    return None


_ADVERSE = re.compile(r"\b(adverse (events?|reactions?|effects?)|side[- ]effects?|AEs?|TEAEs?|SAEs?)\b", re.IGNORECASE)


def _side_effects(results: Results, groups: StudyGroups, reading: FlowReading | None) -> tuple[list[Block], charts.Chart | None]:
    ae = results.adverse_events
    flow_deaths = _flow_deaths(results, reading)
    also_measured = _other_measures_of_side_effects(results)
    labels = groups.labels(
        "results.adverse_events.groups", [ResultGroup(id=g.id, title=g.title, description=g.description) for g in ae.groups]
    )
    totals = frozenset(g.id for g in ae.groups if is_total(ResultGroup(id=g.id, title=g.title)))
    serious = [(gi, g, c) for gi, g in enumerate(ae.groups) if (c := _counted(g.serious)) is not None]
    died = [(gi, g, c) for gi, g in enumerate(ae.groups) if (c := _counted(g.deaths)) is not None]
    said = []
    if ae.description:
        said.append(Line(ae.description, "results.adverse_events.description"))
    window = ae.time_frame.strip() if ae.time_frame else None
    if window and window != ae.description:
        said.append(Line(f"Counted over: {window}", "results.adverse_events.time_frame"))
    quote = [Block("quote", tuple(said), "What the record says about side effects", shown=True)] if said else []
    if not serious and not died and not any(_counted(g.other) for g in ae.groups):
        lines = [Line("The record gives no numbers for side effects.", "results.adverse_events.groups")]
        return [Block("prose", tuple(x for x in (*lines, flow_deaths, also_measured) if x)), *quote], None
    lines = [NOT_CAUSED]
    if window:
        lines.append(
            Line("Side effects were counted only over the time the record gives below.", "results.adverse_events.time_frame")
        )
    then = " in that time" if window else ""
    if all(c.affected == 0 for _, _, c in serious):
        if serious:
            paths = (f"results.adverse_events.groups[{gi}].serious.affected" for gi, _, _ in serious)
            none = (
                "The side-effect table counts no serious side effects."
                if flow_deaths
                else f"No one had a serious side effect{then}."
            )
            lines.append(Line(none, _sources(*paths)))
    else:
        for gi, g, c in serious:
            base = f"results.adverse_events.groups[{gi}].serious"
            lines.append(
                Line(
                    f"In {labels[g.id]}, {of_people(c.affected, c.at_risk)} had a serious side effect.",
                    _sources(f"{base}.affected", f"{base}.at_risk"),
                )
            )
    if died and all(c.affected == 0 for _, _, c in died) and not flow_deaths and not _deaths_listed(results, totals):
        paths = (f"results.adverse_events.groups[{gi}].deaths.affected" for gi, _, _ in died)
        lines.append(Line(f"No one died{then}." if window else "No one died during the trial.", _sources(*paths)))
    for gi, g, c in died:
        if c.affected:
            base = f"results.adverse_events.groups[{gi}].deaths"
            lines.append(
                Line(
                    f"In {labels[g.id]}, {of_people(c.affected, c.at_risk)} died during the trial.",
                    _sources(f"{base}.affected", f"{base}.at_risk"),
                )
            )
    others = [c for g in ae.groups if (c := _counted(g.other)) is not None]
    if serious and others and not any(c.affected for _, _, c in serious) and not any(c.affected for c in others):
        lines.append(
            Line(
                "The side-effect table counts no side effects at all. Other parts of the record may still describe "
                "health problems, so check the full results.",
                _sources(*(f"results.adverse_events.groups[{gi}].other.affected" for gi, _, _ in serious)),
            )
        )
    if flow_deaths:
        lines.append(flow_deaths)
        lines.append(Line("So the side-effect table may not count every serious health problem.", flow_deaths.source))
    blocks = [Block("prose", tuple(lines))]
    listed = _event_lines(ae.serious, "serious", labels, totals)
    if listed:
        blocks.append(Block("prose", (Line("The most common serious side effects were:", "results.adverse_events.serious"),)))
        blocks.append(Block("bullets", tuple(listed)))
    other = _event_lines(ae.other, "other", labels, totals)
    threshold = _value(ae.frequency_threshold)
    cut = threshold if threshold and threshold not in ("0", "0.0") else None
    counted_other = any(_counted(g.other) for g in ae.groups)
    intro = []
    if cut and (other or counted_other):
        listed_none = "" if other else " It lists none."
        intro.append(
            Line(
                f"The record lists other side effects only when they happened to more than {cut}% of the people in a group.{listed_none}",
                "results.adverse_events.frequency_threshold",
            )
        )
    if other:
        intro.append(Line("The most common other side effects were:", "results.adverse_events.other"))
    if intro:
        blocks.append(Block("prose", tuple(intro)))
    if other:
        blocks.append(Block("bullets", tuple(other)))
    if also_measured:
        blocks.append(Block("prose", (also_measured,)))
    chart = charts.side_effect_bars(
        [
            (labels[g.id], _counted(g.serious), _counted(g.other))
            for g in ae.groups
            if _counted(g.serious) is not None or _counted(g.other) is not None
        ],
        other_words=f"other side effects listed (those in more than {cut}% of a group)" if cut else "other side effects",
    )
    return blocks + quote, chart


_PARAM_WORDS = {
    "MEAN": "the average was",
    "MEDIAN": "the middle value was",
    "LEAST_SQUARES_MEAN": "the adjusted average was",
    "GEOMETRIC_MEAN": "the geometric average was",
    "GEOMETRIC_LEAST_SQUARES_MEAN": "the adjusted geometric average was",
    "LOG_MEAN": "the log average was",
}


def _unit_text(value: str, unit: str | None) -> str:
    if unit is None:
        return value
    if unit.casefold().startswith(("percent", "percentage")) or unit.strip() == "%":
        return f"{value}%"
    return f"{value} {unit}"


def _denom(outcome: OutcomeResult, opath: str, class_index: int, group_id: str) -> tuple[int, str] | None:
    cls = outcome.classes[class_index]
    found = _count_of(cls.denoms, group_id)
    if found:
        return found[0], f"{opath}.classes[{class_index}].denoms[{found[1]}].count"
    found = _count_of(outcome.denoms, group_id)
    return (found[0], f"{opath}.denoms[{found[1]}].count") if found else None


def _unit_denom(outcome: OutcomeResult, opath: str, class_index: int, group_id: str) -> tuple[int, str] | None:
    """How many of the other unit (questionnaires) a group had: the class's own number first, as for people."""
    found = _count_of(outcome.classes[class_index].unit_denoms, group_id)
    if found:
        return found[0], f"{opath}.classes[{class_index}].unit_denoms[{found[1]}].count"
    found = _count_of(outcome.unit_denoms, group_id)
    return (found[0], f"{opath}.unit_denoms[{found[1]}].count") if found else None


_LEVEL = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _spread(outcome: OutcomeResult, meas: Measurement) -> str | None:
    """A confidence interval or a range the record gives with a value, in words; nothing for a standard deviation."""
    low, high = _value(meas.lower_limit), _value(meas.upper_limit)
    if low is None or high is None:
        return None
    kind = (outcome.dispersion_type or "").casefold()
    if "confidence interval" in kind:
        level = _LEVEL.search(kind)
        return f"{level.group(1) + '% ' if level else ''}confidence interval {low} to {high}"
    if "inter-quartile" in kind or "interquartile" in kind:
        return f"the middle half of the people between {low} and {high}"
    if "range" in kind:
        return f"range {low} to {high}"
    return None


def _outcome_rows(outcome: OutcomeResult, opath: str, labels: dict[str, str]) -> list[Line]:
    """One line per row of the table; a count of people says of how many, a count of other things
    (questionnaires, eyes) says of how many of them and from how many people."""
    rows: list[Line] = []
    units = outcome.analysis_unit.strip().lower() if outcome.analysis_unit else None
    counts = _is_count(outcome) and units is None
    estimate = _is_estimate(outcome)
    for ci, cls in enumerate(outcome.classes):
        for ki, cat in enumerate(cls.categories):
            heading = " – ".join(t for t in (cls.title, cat.title) if t)
            parts: list[str] = []
            paths: list[str | None] = [
                f"{opath}.unit" if outcome.unit else None,
                f"{opath}.classes[{ci}].title" if cls.title else None,
                f"{opath}.classes[{ci}].categories[{ki}].title" if cat.title else None,
            ]
            for vi, meas in enumerate(cat.measurements):
                label = labels.get(meas.group_id, meas.group_id)
                path = f"{opath}.classes[{ci}].categories[{ki}].measurements[{vi}].value"
                value = _value(meas.value)
                if value is None:
                    parts.append(f"{label}, no number given")
                    continue
                denom = _denom(outcome, opath, ci, meas.group_id)
                things = _unit_denom(outcome, opath, ci, meas.group_id) if units else None
                if counts and value.isdigit():
                    parts.append(f"{label}, {of_people(int(value), denom[0] if denom else None)}")
                    paths += [path, denom[1] if denom else None]
                elif things and outcome.param_type == "COUNT_OF_UNITS" and value.isdigit():
                    people = f", from {_people(denom[0])}" if denom else ""
                    parts.append(f"{label}, {int(value)} of {things[0]} {units} ({percent(int(value), things[0])}{people})")
                    paths += [path, things[1], denom[1] if denom else None]
                else:
                    said = _PARAM_WORDS.get(outcome.param_type or "", "")
                    if said and denom and denom[0] == 1 and not things:
                        said = "the value was"
                    measured = f"{_people(denom[0])} measured" if denom else ""
                    if denom and estimate:
                        measured = f"estimated from {_people(denom[0])}"
                    if things:
                        measured = f"{things[0]} {units}" + (f" from {_people(denom[0])}" if denom else "")
                    spread = _spread(outcome, meas)
                    notes = "; ".join(n for n in (spread, measured) if n)
                    people = f" ({notes})" if notes else ""
                    parts.append(f"{label}, {said + ' ' if said else ''}{_unit_text(value, outcome.unit)}{people}")
                    paths += [path, denom[1] if denom else None, things[1] if things else None]
                    if spread:
                        base = path.removesuffix(".value")
                        paths += [f"{base}.lower_limit", f"{base}.upper_limit", f"{opath}.dispersion_type"]
            if parts:
                prefix = f"“{heading}”: " if heading else ""
                rows.append(Line(f"{prefix}{'; '.join(parts)}.", _sources(*paths)))
    return rows


def _interval_disagrees(analysis: Analysis, below: bool) -> bool:
    """Whether a 95% interval says the opposite of the p-value: p < 0.05 with an interval that holds no
    difference (0, or 1 for a ratio), or p ≥ 0.05 with one that does not."""
    try:
        level = float(analysis.ci_percent or "nan")
        low, high = float(analysis.ci_lower_limit or "nan"), float(analysis.ci_upper_limit or "nan")
    except ValueError:
        return False
    if level != 95 or low != low or high != high:
        return False
    none = 1.0 if "ratio" in (analysis.param_type or "").casefold() else 0.0
    holds_none = low <= none <= high
    return holds_none if below else not holds_none


def _analysis_line(outcome: OutcomeResult, opath: str, analysis: Analysis, apath: str, labels: dict[str, str]) -> Line | None:
    groups = [labels.get(g, g) for g in analysis.group_ids]
    between = f"Between {listing(groups)}" if len(groups) > 1 else "In this comparison"
    kind = (analysis.non_inferiority_type or "").upper()
    if kind.startswith(("NON_INFERIORITY", "EQUIVALENCE")):
        return Line(
            f"{between}, the researchers tested whether one treatment was not worse than the other. The record gives the details.",
            f"{apath}.non_inferiority_type",
        )
    below = p_value_below(analysis.p_value)
    if below is None:
        return None
    if _interval_disagrees(analysis, below):
        return Line(
            f"{between}, the record's p-value and its 95% confidence interval disagree, "
            "so this page does not say whether the difference could be due to chance.",
            _sources(f"{apath}.p_value", f"{apath}.ci_lower_limit", f"{apath}.ci_upper_limit", f"{apath}.ci_percent"),
        )
    if below and outcome.type is not OutcomeType.POST_HOC:
        return Line(f"{between}, the difference was unlikely to be due to chance.", _sources(f"{apath}.p_value", f"{opath}.type"))
    if below:
        return Line(
            f"{between}, the researchers found a difference in a check they chose after the trial. Such checks are less certain.",
            f"{apath}.p_value",
        )
    return Line(f"{between}, the difference could be due to chance.", f"{apath}.p_value")


#: A sentence of the record that says which way a measure's numbers go ("higher scores mean worse pain").
_DIRECTION = re.compile(
    r"\b(higher|lower|greater|larger|smaller|bigger|more|less|fewer|negative|positive|increase[sd]?|decrease[sd]?|"
    r"reduction|maximum|minimum|range[sd]?)\b[^.]*\b(better|worse|improve\w*|worsen\w*|sever\w*|benefit|"
    r"indicat\w*|represent\w*|mean[st]?|reflect\w*|fewer|less|more|greater)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:is|=|being|as|represents|indicates|means|\()\s*(?:the\s+)?(?:best|worst)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


_NAMED_WAY = re.compile(r"\b(improvement|worsening|reduction|increase|decrease|gain|loss)\b", re.IGNORECASE)


def direction(outcome: OutcomeResult) -> str | None:
    """The record's own sentences on what a higher or lower number means, if it has any; a unit
    that names its direction ("Lines of visual acuity improvement") says it too."""
    said = []
    if outcome.unit and _NAMED_WAY.search(outcome.unit):
        said.append(f"The unit is “{outcome.unit.strip()}”.")
    for text in (outcome.title, outcome.description or ""):
        for sentence in _SENTENCE.split(text.strip()):
            if _DIRECTION.search(sentence) and sentence not in said:
                said.append(sentence.strip())
    return " ".join(said) or None


def _is_count(outcome: OutcomeResult) -> bool:
    return outcome.param_type == "COUNT_OF_PARTICIPANTS" or (outcome.unit or "").strip().casefold() in _PEOPLE_UNITS


_SHARE_UNIT = re.compile(r"^\s*(percent(age)?|%)\s+(of\s+)?(the\s+)?(participants|patients|subjects|people)\b", re.I)


def _is_share(outcome: OutcomeResult) -> bool:
    return _SHARE_UNIT.match(outcome.unit or "") is not None


_CHANGE = re.compile(r"^\s*(mean\s+|average\s+|percent(age)?\s+)?change\b|\bchange from baseline\b", re.I)


def _is_change(outcome: OutcomeResult) -> bool:
    return _CHANGE.search(outcome.title) is not None


def _has_numbers(outcome: OutcomeResult) -> bool:
    return outcome.posted and any(_value(m.value) is not None for _, _, _, m in table_cells(outcome.classes))


def _reading_guide(outcome: OutcomeResult, opath: str) -> list[Block]:
    """What a reader needs before the numbers: what each line counts, and which way is better
    (the record's own sentence, or that it does not say)."""
    blocks: list[Block] = []
    lead: str | None = None
    lead_source = f"{opath}.param_type"
    if _is_share(outcome) and _is_estimate(outcome):
        lead = (
            "Each line gives the researchers' estimate of the share of people in a group who had what was measured "
            "by that time. It is calculated from everyone who was followed, so it is not a simple count."
        )
        lead_source = _sources(f"{opath}.unit", f"{opath}.description")
    elif _is_share(outcome):
        lead = "Each line gives the share of the people measured in a group who were counted for this measure."
        lead_source = f"{opath}.unit"
    elif outcome.analysis_unit and (outcome.param_type == "COUNT_OF_UNITS" or _is_count(outcome)):
        unit = outcome.analysis_unit.strip().lower()
        lead = (
            f"This measure counts {unit}, not people. Each line gives how many {unit} in a group were counted, "
            f"out of the {unit} measured."
        )
        lead_source = _sources(f"{opath}.analysis_unit", f"{opath}.param_type")
    elif _is_count(outcome):
        lead = "Each line gives how many people in a group were counted for this measure, out of the people measured."
    elif _is_ratio(outcome):
        lead = (
            "These numbers are ratios. A ratio of one means no difference between the things compared. "
            "When the range given with a ratio includes one, the result fits with no difference."
        )
        lead_source = _sources(f"{opath}.unit", f"{opath}.title")
    elif _is_change(outcome):
        lead = "These numbers are changes: below zero means the measure went down, above zero means it went up."
        lead_source = f"{opath}.title"
    if lead:
        blocks.append(Block("prose", (Line(lead, lead_source),)))
    meaning = direction(outcome)
    if meaning is None:
        line = Line("The record does not say whether a higher or lower number is better.", f"{opath}.description")
        blocks.append(Block("prose", (line,)))
    else:
        line = Line(meaning, f"{opath}.description")
        blocks.append(Block("quote", (line,), "What the numbers mean, in the record's words", shown=True))
    return blocks


_ESTIMATE = re.compile(r"\bkaplan|\bestimated?\b|\bcumulative (incidence|rate|percentage|probability)|\bevent rates?\b", re.I)
_RATIO = re.compile(r"\b(ratio|relative (risk|hazard)|odds)\b", re.I)


def _is_estimate(outcome: OutcomeResult) -> bool:
    return _ESTIMATE.search(" ".join(filter(None, (outcome.title, outcome.description)))) is not None


def _is_ratio(outcome: OutcomeResult) -> bool:
    return _RATIO.search(outcome.unit or "") is not None or _RATIO.search(outcome.title) is not None


def _finished(reading: FlowReading | None, labels: dict[str, str]) -> dict[str, tuple[int, str]]:
    """How many finished the trial in each lettered group (one cohort only), with the path of that count."""
    if reading is None or reading.reading != "cohort":
        return {}
    return {
        labels[st.group.id]: (st.finished, st.finished_paths[0])
        for st in reading.stretches[0].steps
        if st.finished is not None and st.finished_paths and labels.get(st.group.id, "").startswith("Group ")
    }


def _more_than_finished(
    outcome: OutcomeResult, opath: str, labels: dict[str, str], finished: dict[str, tuple[int, str]]
) -> list[Line]:
    """A measure that counts more people in a group than finished the trial: the page says so, since the record
    does not say how it counted those who left (as smokers, as failures, or carried forward)."""
    out = []
    for di, d in enumerate(outcome.denoms):
        label = labels.get(d.group_id, "")
        done = finished.get(label)
        if done and d.count > done[0]:
            out.append(
                Line(
                    f"In {label}, this measure counts {d.count} people, more than the {done[0]} who finished the trial. "
                    "So it counts some people who left early; the record does not say how.",
                    _sources(f"{opath}.denoms[{di}].count", done[1]),
                )
            )
    return out


def _primary(
    results: Results, trial: Trial, groups: StudyGroups, i: int, outcome: OutcomeResult, finished: dict[str, tuple[int, str]]
) -> list[Block]:
    """One main result: what was measured and when, what its numbers mean, then each group's number."""
    opath = f"results.outcomes[{i}]"
    said = [Line(outcome.title, f"{opath}.title")]
    if outcome.time_frame:
        said.append(Line(f"When: {outcome.time_frame}", f"{opath}.time_frame"))
    if outcome.unit:
        said.append(Line(f"Unit: {outcome.unit}", f"{opath}.unit"))
    if outcome.description and outcome.description != outcome.title:
        said.append(Line(f"What it is: {outcome.description}", f"{opath}.description"))
    blocks = [Block("quote", tuple(said), "What was measured, in the record's words", shown=True)]
    if not _has_numbers(outcome):
        lines = [Line("The record gives no numbers for this measure.", f"{opath}.classes")]
        if trial.overall_status is OverallStatus.TERMINATED:
            lines.append(Line("The trial stopped early.", "overall_status"))
        blocks.append(Block("prose", tuple(lines)))
        if outcome.population_description:
            why = Line(outcome.population_description, f"{opath}.population_description")
            blocks.append(Block("quote", (why,), "What the record says about who was measured", shown=True))
        return blocks
    labels = groups.labels(f"{opath}.groups", outcome.groups)
    blocks += _reading_guide(outcome, opath)
    blocks.append(Block("bullets", tuple(_outcome_rows(outcome, opath, labels))))
    beyond = _more_than_finished(outcome, opath, labels, finished)
    if beyond:
        blocks.append(Block("prose", tuple(beyond)))
    comparisons = [
        line
        for ai, a in enumerate(outcome.analyses)
        if (line := _analysis_line(outcome, opath, a, f"{opath}.analyses[{ai}]", labels)) is not None
    ]
    if comparisons:
        blocks.append(Block("prose", tuple(dict.fromkeys(comparisons))))
    return blocks


#: The other kinds of measure, counted after the primary ones: (kind, words before "measures", words after).
_OTHER_KINDS: tuple[tuple[OutcomeType | None, str, str], ...] = (
    (OutcomeType.SECONDARY, "secondary ", ""),
    (OutcomeType.OTHER_PRE_SPECIFIED, "other planned ", ""),
    (OutcomeType.POST_HOC, "chosen after the trial ", ""),
    (None, "", " of no stated kind"),
)


def _results(trial: Trial, results: Results, groups: StudyGroups, finished: dict[str, tuple[int, str]]) -> list[Block]:
    """Every primary outcome in the record's order; the other measures counted after them."""
    outcomes = list(enumerate(results.outcomes))
    main = [(i, o) for i, o in outcomes if o.type is OutcomeType.PRIMARY]
    if not outcomes:
        return [Block("prose", (Line("The record does not give numbers for the main results yet.", "results.outcomes"),))]
    blocks: list[Block] = []
    if main:
        n = len(main)
        paths = (f"results.outcomes[{i}].type" for i, _ in main)
        count = "one main measure" if n == 1 else f"{n} main measures"
        blocks.append(
            Block("prose", (Line(f"The trial had {count}. {'It is' if n == 1 else 'They are'} shown first.", _sources(*paths)),))
        )
    else:
        main = outcomes[:1]
        first = Line(
            "The record does not mark any measure as the main one. The first one it lists is shown.", "results.outcomes[].type"
        )
        blocks.append(Block("prose", (first,)))
    for i, outcome in main:
        blocks += _primary(results, trial, groups, i, outcome, finished)
    shown = {i for i, _ in main}
    rest: list[Line] = []
    for kind, before, after in _OTHER_KINDS:
        these = [i for i, o in outcomes if o.type is kind and i not in shown]
        if these:
            n = len(these)
            cited = _sources(*(f"results.outcomes[{i}].type" for i in these))
            rest.append(Line(f"{n} {before}{'measure' if n == 1 else 'measures'}{after}", cited))
            empty = [i for i in these if not _has_numbers(outcomes[i][1])]
            if empty:
                k = len(empty)
                said = f"{k} of them {'has' if k == 1 else 'have'}" if k < n else ("It has" if n == 1 else "They have")
                rest.append(
                    Line(f"{said} no numbers in the record", _sources(*(f"results.outcomes[{i}].classes" for i in empty)))
                )
    if rest:
        lines = [Line("The record also has other measures. What it gives for them is on ClinicalTrials.gov.", "results.outcomes")]
        blocks.append(Block("prose", tuple(lines)))
        blocks.append(Block("bullets", tuple(Line(line.text[:1].upper() + line.text[1:] + ".", line.source) for line in rest)))
    return blocks


def _comments(trial: Trial, results: Results) -> list[Block]:
    lines = [
        Line("These are the results of one trial. Other trials may find different results.", "results"),
        Line("Doctors look at the results of many trials before they decide how to treat people.", "results"),
    ]
    if trial.overall_status is OverallStatus.TERMINATED:
        lines.insert(0, Line("The trial stopped early.", "overall_status"))
        if trial.why_stopped:
            lines.insert(1, Line(f"The reason given: {trial.why_stopped.strip().rstrip('.')}.", "why_stopped"))
    if trial.study_type is StudyType.OBSERVATIONAL:
        lines.insert(
            0,
            Line(
                "This study watched what happened to people; it did not decide who got what. "
                "It can show that two things went together, not that one caused the other.",
                "study_type",
            ),
        )
    blocks = [Block("prose", tuple(lines))]
    if results.limitations:
        blocks.append(
            Block(
                "quote",
                (Line(results.limitations, "results.limitations"),),
                "Limits the researchers noted, in the record's words",
            )
        )
    return blocks


def _follow_up() -> list[Block]:
    return [Block("prose", (Line("The record does not say whether more trials are planned.", "results"),))]


def _more_info(trial: Trial, results: Results) -> list[Block]:
    lines = [Line("You can read the full results on ClinicalTrials.gov.", "nct_id")]
    facts = [Line(f"Full results: {trial.url}?tab=results", "nct_id")]
    date = trial.dates.last_update_posted or trial.dates.version
    if date:
        lines.append(Line("This page was drafted from the record on that site.", "nct_id"))
        facts.append(
            Line(
                f"Record last updated: {date.date}",
                "dates.last_update_posted.date" if trial.dates.last_update_posted else "dates.version.date",
            )
        )
    contact = _contact_line(results)
    if contact:
        lines.append(Line("You can also ask the sponsor about the results.", "results.point_of_contact"))
        facts.append(contact)
    return [Block("prose", tuple(lines)), Block("facts", tuple(facts))]


# ---------------------------------------------------------------- assembly


def _from_overlay(key: str, overlay: Overlay | None) -> Element | None:
    if overlay is None or key not in overlay.sections or not overlay.sections[key].blocks:
        return None
    section = overlay.sections[key]
    blocks: list[Block] = []
    for b in section.blocks:
        line = Line(b.text, f"overlay:{b.line}")
        if blocks and blocks[-1].kind == ("bullets" if b.bullet else "prose") and b.bullet:
            blocks[-1] = Block("bullets", blocks[-1].lines + (line,))
        else:
            blocks.append(Block("bullets" if b.bullet else "prose", (line,)))
    return Element(key, "overlay", tuple(blocks), line=section.line)


#: A sponsor's claim of benefit, which the page must not carry even as a quote: no posted result backs it.
_CLAIM = re.compile(
    r"\b(effective|effectiveness|efficacious|promising|superior|superiority|beneficial|proven|works?|"
    r"expected to (?:reduce|improve|help|work|benefit)|safe and|better than)\b",
    re.IGNORECASE,
)
#: Record words that may carry such claims: the purpose, what each group got, the limitations.
_CLAIM_SOURCES = re.compile(r"(brief_summary|\.groups\[\d+\]\.description|results\.limitations)$")


def _without_claims(text: str) -> str:
    """The record's words with each sentence that claims a benefit left out, and marked "(…)"."""
    kept: list[str] = []
    for sentence in _SENTENCE.split(text):
        if _CLAIM.search(sentence):
            if not kept or kept[-1] != "(…)":
                kept.append("(…)")
        else:
            kept.append(sentence)
    return " ".join(kept)


def _plain_quotes(block: Block) -> Block:
    """The record's words without its Markdown escapes ("\\>= 2.0" is ">= 2.0"), as every format shows them,
    and without a sponsor's claims of benefit."""
    if block.kind != "quote":
        return block
    lines = []
    for line in block.lines:
        text = parse_inline(line.text) if has_inline_syntax(line.text) else line.text
        if _CLAIM_SOURCES.search(line.source) and _CLAIM.search(text):
            text = _without_claims(text)
            if text.strip() == "(…)":
                continue  # nothing of the quote is left but the mark
        lines.append(Line(text, line.source) if text != line.text else line)
    return Block(block.kind, tuple(lines), block.label, block.shown)


_TRIAL_WORD = re.compile(r"\b(T|t)rial(s?)\b")


def _study_words(text: str) -> str:
    """An observational study is called a study: "the trial" → "the study", "trials" → "studies"."""
    return _TRIAL_WORD.sub(lambda m: ("S" if m.group(1) == "T" else "s") + ("tudies" if m.group(2) else "tudy"), text)


def _as_study(block: Block) -> Block:
    if block.kind != "prose":
        return block
    return dataclasses.replace(block, lines=tuple(dataclasses.replace(x, text=_study_words(x.text)) for x in block.lines))


def build_results(trial: Trial, overlay: Overlay | None = None) -> ResultsSummary:
    """The ten-element lay summary of ``trial``'s posted results.

    Raises :class:`~trialdocs.errors.NoResultsError` when the record has none.
    """
    results = trial.results
    if results is None:
        why = "it says results are posted, but the source holds none" if trial.has_results else "the study has no posted results"
        raise NoResultsError(f"no results to summarize: {why}", nct_id=trial.nct_id, path="results")
    groups = StudyGroups(results, arms=len(trial.arms) or None)
    flow_labels = groups.labels("results.participant_flow.groups", results.participant_flow.groups)
    reading = read_flow(results.participant_flow)
    side_blocks, side_chart = _side_effects(results, groups, reading)
    drafted: dict[str, tuple[list[Block], charts.Chart | None]] = {
        "identification": (_identification(trial), None),
        "sponsor": (_sponsor(trial, results), None),
        "general": (_general(trial), None),
        "population": (_population(trial, results, reading, flow_labels), charts.participant_flow(reading, flow_labels)),
        "products": (_products(trial, groups), None),
        "side_effects": (side_blocks, side_chart),
        "results": (_results(trial, results, groups, _finished(reading, flow_labels)), None),
        "comments": (_comments(trial, results), None),
        "follow_up": (_follow_up(), None),
        "more_info": (_more_info(trial, results), None),
    }
    elements = []
    for key, _ in ELEMENTS:
        edited = _from_overlay(key, overlay)
        if edited is not None:
            elements.append(edited)
            continue
        blocks, chart = drafted[key]
        kept = tuple(q for b in blocks if (q := _plain_quotes(b)).lines)
        if trial.study_type is StudyType.OBSERVATIONAL:
            heading = _study_words(ELEMENT_TITLES[key])
            elements.append(Element(key, "drafted", tuple(_as_study(b) for b in kept), chart, heading=heading))
        else:
            elements.append(Element(key, "drafted", kept, chart))
    title = overlay.lay_title if overlay and overlay.lay_title else None
    date = trial.dates.last_update_posted or trial.dates.version
    return ResultsSummary(
        nct_id=trial.nct_id,
        url=trial.url,
        # The drafted title may name the age limits; where the baseline contradicts them, the record's own title.
        title=title or f"Results: {trial.brief_title if _ages_outside_limits(trial, results) else draft.title(trial).text}",
        title_source="overlay" if title else "drafted",
        elements=tuple(elements),
        record_date=date.date if date else None,
        inclusion=reader_criteria(trial.eligibility.inclusion),
        exclusion=reader_criteria(trial.eligibility.exclusion),
        overlay_path=overlay.path if overlay else None,
    )
