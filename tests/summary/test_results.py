"""The results summary (EU CTR Annex V): import, drafting, numbers, wording, overlays, formats.

The exact sentences asserted for ``fixtures/results/NCT09990001.json`` were
worked out by hand from that fixture's numbers (e.g. 61 of 81 is 75.3%, so
"75%"), not copied from the code's output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trialdocs import NoResultsError, Trial, dump, iter_load, load_one
from trialdocs.cli import main
from trialdocs.model import OutcomeType
from trialdocs.sources import iter_bytes
from trialdocs.summary import build_results, parse_overlay, render_results
from trialdocs.summary.phrasebook import percent
from trialdocs.summary.results import ELEMENTS, p_value_below, plain_event

from ..conftest import FIXTURES, corpus_dir
from .provenance import unaccounted, wrong_denominators

RESULTS_FIXTURE = FIXTURES / "results" / "NCT09990001.json"


def fixture() -> Trial:
    return load_one(RESULTS_FIXTURE)


def lines_of(trial: Trial, key: str) -> list[str]:
    element = build_results(trial).element(key)
    return [line.text for b in element.blocks for line in b.lines]


def corpus_results() -> list[Trial]:
    trials = [t for d in ("ctgov-v2", "ctgov-legacy-xml") for t in iter_load([corpus_dir(d)]) if isinstance(t, Trial)]
    return [t for t in trials if t.results is not None]


# ---------------------------------------------------------------- import


def test_v2_results_import_keeps_the_record_numbers() -> None:
    results = fixture().results
    assert results is not None
    flow = results.participant_flow
    assert [(m.type, [c.count for c in m.counts]) for m in flow.periods[0].milestones] == [
        ("STARTED", [40, 41]),
        ("COMPLETED", [36, 39]),
        ("NOT COMPLETED", [4, 2]),
    ]
    assert [(d.reason, [c.count for c in d.counts]) for d in flow.periods[0].drop_reasons] == [
        ("Adverse Event", [3, 0]),
        ("Lost to Follow-up", [1, 2]),
    ]
    assert [c.count for c in results.baseline.denoms] == [40, 41, 81]
    primary = results.outcomes[0]
    assert primary.type is OutcomeType.PRIMARY and primary.unit == "days per month"
    assert [m.value for m in primary.classes[0].categories[0].measurements] == ["-3.1", "-1.2"]
    assert primary.analyses[0].p_value == "0.012" and primary.analyses[0].group_ids == ("OG000", "OG001")
    groups = results.adverse_events.groups
    assert [(g.serious.affected, g.serious.at_risk) for g in groups if g.serious] == [(2, 40), (1, 41)]
    assert [e.term for e in results.adverse_events.other] == ["Pyrexia", "Nausea", "Headache"]
    assert results.limitations == "Small trial with 12 weeks of follow-up."
    assert results.point_of_contact is not None and results.point_of_contact.email == "trials@example.com"


def test_xml_total_category_becomes_group_totals() -> None:
    """NCT00023673's <serious_events> 'Total' row: E1 7 of 8, E2 36 of 53 (read in the XML)."""
    trial = load_one(corpus_dir("ctgov-legacy-xml") / "NCT00023673.xml")
    assert trial.results is not None
    ae = trial.results.adverse_events
    assert [(g.id, g.serious.affected, g.serious.at_risk) for g in ae.groups if g.serious] == [("E1", 7, 8), ("E2", 36, 53)]
    assert all(e.organ_system != "Total" for e in ae.serious + ae.other)
    assert ae.serious[0].term == "Hemoglobin decreased" and ae.serious[0].organ_system == "Blood and lymphatic system disorders"
    flow = trial.results.participant_flow.periods[0]
    assert [c.count for c in flow.milestones[0].counts] == [8, 9, 0, 46]


def test_bad_results_field_names_its_path() -> None:
    data = json.loads(RESULTS_FIXTURE.read_text())
    data["resultsSection"]["adverseEventsModule"]["seriousEvents"][1]["stats"][0]["numAffected"] = "many"
    (item,) = iter_bytes(json.dumps(data).encode(), file="bad.json", suffix=".json")
    assert isinstance(item, NoResultsError.__mro__[1])
    assert str(item).endswith("@ $.resultsSection.adverseEventsModule.seriousEvents[1].stats[0].numAffected")
    assert "NCT09990001" in str(item) and "bad.json" in str(item)


def test_results_round_trip_through_yaml_and_json() -> None:
    for trial in [fixture(), *corpus_results()[:10]]:
        assert trial.results is not None
        for fmt in ("yaml", "json"):
            (again,) = [t for t in iter_bytes(dump(trial, fmt).encode(), suffix=f".{fmt}") if isinstance(t, Trial)]
            assert again.results == trial.results, (trial.nct_id, fmt)


# ---------------------------------------------------------------- drafting


def test_fixture_sentences_say_the_record_numbers() -> None:
    trial = fixture()
    assert lines_of(trial, "population")[:6] == [
        "81 people started the trial.",
        "75 of them finished it.",
        "Their average age was 40.5 years.",
        "61 were female (75%) and 20 were male (25%).",
        "61 people took part in the European Union.",
        "20 took part outside it.",
    ]
    side = lines_of(trial, "side_effects")
    assert "In Group A, 2 of 40 people (5%) had a serious side effect." in side
    assert "In Group B, 1 of 41 people (2%) had a serious side effect." in side
    assert "Side effects were counted only over the time the record gives below." in side
    assert "No one died in that time." in side
    other = side[side.index("The most common other side effects were:") + 1 :][:3]
    assert other == [
        "Nausea: Group A, 10 of 40 people (25%); Group B, 4 of 41 people (10%).".replace("Nausea", plain_event("Nausea")),
        "Fever: Group A, 6 of 40 people (15%); Group B, 2 of 41 people (5%).",
        "Headache: Group A, 3 of 40 people (8%); Group B, 5 of 41 people (12%).",
    ]
    results = lines_of(trial, "results")
    assert (
        "Group A, the average was -3.1 days per month (36 people measured); "
        "Group B, the average was -1.2 days per month (39 people measured)." in results
    )
    assert "Between Group A and Group B, the difference was unlikely to be due to chance." in results
    assert lines_of(trial, "identification")[1:4] == [
        "ClinicalTrials.gov number: NCT09990001",
        "The sponsor's protocol number: DX-201",
        "EU trial number: 2019-001234-56",
    ]


def test_side_effects_not_watched_are_not_reported_as_none() -> None:
    """0 people at risk means nobody was counted (NCT02299791: "Adverse events were not monitored")."""
    data = json.loads(RESULTS_FIXTURE.read_text())
    ae = data["resultsSection"]["adverseEventsModule"]
    ae["description"] = "Adverse events were not monitored."
    for group in ae["eventGroups"]:
        for kind in ("serious", "other", "deaths"):
            group[f"{kind}NumAffected"] = group[f"{kind}NumAtRisk"] = 0
    ae["seriousEvents"] = ae["otherEvents"] = []
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    assert lines_of(trial, "side_effects") == [
        "The record gives no numbers for side effects.",
        "Adverse events were not monitored.",
        "Counted over: 12 weeks",
    ]


def test_a_planned_end_is_never_said_as_if_the_trial_had_ended() -> None:
    """NCT02856893 posts results in 2022 but plans to end in 2027."""
    assert lines_of(fixture(), "general")[0] == "The trial ran from March 2019 to June 2020."
    data = json.loads(RESULTS_FIXTURE.read_text())
    status = data["protocolSection"]["statusModule"]
    status["completionDateStruct"] = {"date": "2027-12", "type": "ESTIMATED"}
    status["primaryCompletionDateStruct"] = {"date": "2020-06", "type": "ACTUAL"}
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    assert lines_of(trial, "general")[:3] == [
        "The trial started in March 2019.",
        "The main results were collected up to June 2020.",
        "The trial is planned to end in December 2027.",
    ]


def test_a_treatment_every_group_got_is_not_called_the_one_studied() -> None:
    """NCT00353704 lists morphine, given in both arms, beside the pregabalin it studied."""
    data = json.loads(RESULTS_FIXTURE.read_text())
    arms = data["protocolSection"]["armsInterventionsModule"]
    arms["interventions"].append({"type": "DRUG", "name": "morphine", "armGroupLabels": ["Drug X", "Placebo"]})
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    assert lines_of(trial, "products")[:3] == [
        "The trial studied Drug X.",  # the name already says it is a drug
        "It compared it with placebo.",
        "The plan gave every group morphine as well.",
    ]


def test_elements_are_the_ten_of_annex_v_in_order() -> None:
    summary = build_results(fixture())
    assert [e.key for e in summary.elements] == [k for k, _ in ELEMENTS]
    assert [e.number for e in summary.elements] == list(range(1, 11))
    assert lines_of(fixture(), "follow_up") == ["The record does not say whether more trials are planned."]


@pytest.mark.parametrize(
    "text,below",
    [
        ("0.012", True),
        ("<0.05", True),
        ("<0.001", True),
        ("=0.247", False),
        ("0.05", False),
        ("<=0.05", None),
        (">0.05", False),
        ("NA", None),
    ],
)
def test_p_value_reading(text: str, below: bool | None) -> None:
    assert p_value_below(text) is below


def _with_analysis(**changes: object) -> Trial:
    data = json.loads(RESULTS_FIXTURE.read_text())
    outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
    for key, value in changes.items():
        if key == "type":
            outcome["type"] = value
        else:
            outcome["analyses"][0][key] = value
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    return trial


def test_chance_is_ruled_out_only_for_a_prespecified_p_below_005() -> None:
    unlikely = "Between Group A and Group B, the difference was unlikely to be due to chance."
    assert unlikely in lines_of(_with_analysis(), "results")
    assert unlikely not in lines_of(_with_analysis(pValue="0.21"), "results")
    assert "Between Group A and Group B, the difference could be due to chance." in lines_of(
        _with_analysis(pValue="0.21"), "results"
    )
    post_hoc = lines_of(_with_analysis(type="POST_HOC"), "results")
    assert unlikely not in post_hoc and any("less certain" in line for line in post_hoc)
    non_inferior = lines_of(_with_analysis(nonInferiorityType="NON_INFERIORITY"), "results")
    assert unlikely not in non_inferior and any("not worse than" in line for line in non_inferior)


def test_percentages_round_half_up() -> None:
    assert [percent(1, 40), percent(1, 8), percent(2, 41), percent(1, 300), percent(0, 5)] == ["3%", "13%", "5%", "0.3%", "0%"]
    # By hand: 2 of 5007 is 0.0399%, 1 of 236507 is 0.000423%.
    assert [percent(2, 5007), percent(1, 236507)] == ["0.04%", "0.0004%"]


def test_side_effect_terms_use_the_lexicon() -> None:
    assert plain_event("Pyrexia") == "Fever"
    assert plain_event("Dyspnoea") == "Shortness of breath"
    assert plain_event("Headache NOS") == "Headache"
    assert plain_event("BRONCHITIS") == "Bronchitis"  # NCT01029262 writes some terms in capitals
    assert plain_event("COVID-19") == "COVID-19"


# ---------------------------------------------------------------- the corpus


def test_every_corpus_record_with_results_gets_ten_elements() -> None:
    trials = corpus_results()
    assert len(trials) == 29 + 22
    for trial in trials:
        summary = build_results(trial)
        assert len(summary.elements) == 10, trial.nct_id
        assert all(e.blocks for e in summary.elements), trial.nct_id


def test_every_drafted_number_is_found_at_its_cited_path() -> None:
    checked = 0
    problems = []
    for trial in [fixture(), *corpus_results()]:
        record = trial.model_dump(mode="json")
        for element in build_results(trial).elements:
            for block in element.blocks:
                if block.kind == "quote":
                    continue
                for line in block.lines:
                    checked += len(re.findall(r"\d+", line.text))
                    if missing := unaccounted(line.text, line.source, record):
                        problems.append((trial.nct_id, line.text[:100], missing, line.source[:100]))
                    if wrong := wrong_denominators(line.text, line.source, record):
                        problems.append((trial.nct_id, line.text[:100], wrong, line.source[:100]))
    assert checked > 4000
    assert problems == [], "\n".join(map(str, problems))


def test_a_wrong_number_is_caught_by_the_provenance_check() -> None:
    record = fixture().model_dump(mode="json")
    path = "results.adverse_events.groups[0].serious.affected; results.adverse_events.groups[0].serious.at_risk"
    assert unaccounted("In Group A, 2 of 40 people (5%) had a serious side effect.", path, record) == []
    assert unaccounted("In Group A, 3 of 40 people (8%) had a serious side effect.", path, record) == ["3", "8%"]


def test_a_share_of_another_groups_denominator_is_caught() -> None:
    record = fixture().model_dump(mode="json")
    own = "results.adverse_events.groups[0].serious.affected; results.adverse_events.groups[0].serious.at_risk"
    assert wrong_denominators("In Group A, 2 of 40 people (5%) had a serious side effect.", own, record) == []
    crossed = "results.adverse_events.groups[0].serious.affected; results.adverse_events.groups[1].serious.at_risk"
    # 41 is Group B's number at risk: the right number, from the wrong group.
    assert wrong_denominators("In Group A, 2 of 41 people (5%) had a serious side effect.", crossed, record) == ["2 of 41 people"]


def test_drafted_text_is_plain_for_at_least_90_percent_of_elements() -> None:
    grades = [e.figures.fk_grade for t in corpus_results() for e in build_results(t).elements if e.text]
    plain = sum(g <= 8 for g in grades) / len(grades)
    assert plain >= 0.90, plain


FORBIDDEN = re.compile(
    r"\b(works?|worked|safe|safety|effective|efficacy|times (more|less) likely|risk reduction|reduced the risk|"
    r"COUNT_OF_PARTICIPANTS|LEAST_SQUARES|NOT_POSTED|N/A)\b|\\[<>*_]",
    re.IGNORECASE,
)


def test_drafted_text_makes_no_claim_of_benefit_and_prints_no_enum() -> None:
    found = []
    for trial in [fixture(), *corpus_results()]:
        summary = build_results(trial)
        for element in summary.elements:
            for line in element.lay_lines:  # facts (names, emails) and quotes are the record's own words
                if m := FORBIDDEN.search(line.text):
                    found.append((trial.nct_id, element.key, m.group(0), line.text[:80]))
    assert found == []


def test_a_study_without_results_fails_with_a_clear_message() -> None:
    trial = load_one(FIXTURES / "NCT06709469.yaml")
    with pytest.raises(NoResultsError) as err:
        build_results(trial)
    assert str(err.value) == "NCT06709469: no results to summarize: the study has no posted results @ results"
    result = CliRunner().invoke(main, ["summary", str(FIXTURES / "NCT06709469.yaml"), "--kind", "results"])
    assert result.exit_code == 1
    assert f"{FIXTURES / 'NCT06709469.yaml'}: NCT06709469: no results to summarize" in result.stderr  # file, record, path


def test_cli_writes_results_pages_and_reports_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["summary", str(RESULTS_FIXTURE), str(FIXTURES / "NCT06709469.yaml"), "--kind", "results", "-o", str(out)]
    )
    assert result.exit_code == 0  # a study without results is skipped and counted, not failed
    assert sorted(p.name for p in out.iterdir()) == ["NCT09990001.results.md"]
    assert "1 results page; 1 record has no posted results" in result.stderr


def test_bulk_results_over_the_corpus_is_one_line_and_exit_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["summary", str(corpus_dir("ctgov-v2")), "--kind", "results", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == ["29 results pages; 491 records have no posted results"]
    assert len(list(tmp_path.glob("*.results.md"))) == 29


# ---------------------------------------------------------------- overlays and formats


OVERLAY = """---
nct_id: NCT09990001
lay_title: What we learned from the Drug X migraine trial
---

## 9. Follow-up trials

A larger trial of Drug X started in 2022.

## Side effects

- Nausea was the most common side effect.
"""


def test_overlay_replaces_the_elements_it_names() -> None:
    summary = build_results(fixture(), parse_overlay(OVERLAY, "NCT09990001.results.md"))
    assert summary.title == "What we learned from the Drug X migraine trial"
    assert summary.element("follow_up").source == "overlay"
    assert summary.element("follow_up").text == "A larger trial of Drug X started in 2022."
    assert summary.element("side_effects").text == "Nausea was the most common side effect."
    assert summary.element("population").source == "drafted"


def test_formats_are_deterministic_and_json_carries_every_source() -> None:
    trial = fixture()
    for fmt in ("md", "html", "txt", "json"):
        assert render_results(build_results(trial), fmt) == render_results(build_results(fixture()), fmt)  # type: ignore[arg-type]
    data = json.loads(render_results(build_results(trial), "json"))
    assert [e["number"] for e in data["elements"]] == list(range(1, 11))
    assert all(line["source"] for e in data["elements"] for b in e["blocks"] for line in b["lines"])
    html = render_results(build_results(trial), "html")
    assert html.count("<svg") == 2 and html.count('role="img"') == 2
    assert (
        '<desc id="chart-flow-d">Group A: 40 started, 36 finished; left early: 4 (adverse event 3, lost to follow-up 1).' in html
    )
    md = render_results(build_results(trial), "md")
    assert "## 6. Side effects" in md and "\\<" not in md and "N/A" not in md


def test_results_overlay_numbers_are_checked_by_the_gate(tmp_path: Path) -> None:
    from trialdocs.check import Config, check_paths

    (tmp_path / "NCT09990001.json").write_text(RESULTS_FIXTURE.read_text())
    overlay = tmp_path / "NCT09990001.results.md"
    overlay.write_text(
        "---\nnct_id: NCT09990001\n---\n\n## Side effects\n\n"
        "In Group A, 2 of 42 people (5%) had a serious side effect. In Group B, 1 of 41 people (9%) did.\n"
    )
    config = Config(select=["TD720"])
    result = check_paths([overlay], config=config)
    messages = [f.message for f in result.findings]
    assert messages == [
        'text says "2 of 42"; the record has 2 of 41 @ results.adverse_events.other[0].counts[1]',
        'text says "9% (1 of 41)"; the record has 2.4% @ results.adverse_events.groups[1].serious',
    ]


def test_a_results_overlay_without_front_matter_is_found_by_its_name(tmp_path: Path) -> None:
    from trialdocs.check import Config, check_paths

    (tmp_path / "NCT09990001.json").write_text(RESULTS_FIXTURE.read_text())
    overlay = tmp_path / "NCT09990001.results.md"
    overlay.write_text("## Who took part\n\nIn all, 85 people started the trial.\n")
    result = check_paths([overlay], config=Config(select=["TD720"]))
    assert [f.message for f in result.findings] == ['text says "85 people"; the record has 81 @ results.baseline.denoms[2].count']


def test_hostile_registry_text_is_escaped_in_the_page_and_its_pictures() -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="x">'
    data = json.loads(RESULTS_FIXTURE.read_text())
    flow = data["resultsSection"]["participantFlowModule"]
    flow["groups"][0]["title"] = hostile
    flow["periods"][0]["dropWithdraws"][0]["type"] = hostile
    data["resultsSection"]["adverseEventsModule"]["otherEvents"][0]["term"] = hostile
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    html = render_results(build_results(trial), "html")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_sex_of_fewer_people_than_the_total_is_not_shared_out_of_the_total() -> None:
    """A baseline total that also counts people whose sex it does not give (clinicians beside patients)."""
    data = json.loads(RESULTS_FIXTURE.read_text())
    baseline = data["resultsSection"]["baselineCharacteristicsModule"]
    total = next(g["id"] for g in baseline["groups"] if g["title"] == "Total")
    for count in baseline["denoms"][0]["counts"]:
        if count["groupId"] == total:
            count["value"] = str(int(count["value"]) + 7)
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    said = lines_of(trial, "population")
    assert not any("were female (" in line for line in said)
    assert any(line.startswith("The record gives the sex of 81 people: ") for line in said)


def test_a_treatment_named_by_some_arms_only_is_not_given_to_every_group() -> None:
    """Linked to both arms by the coding, but only the experimental arm's words name it (a comparator dye)."""
    data = json.loads(RESULTS_FIXTURE.read_text())
    module = data["protocolSection"]["armsInterventionsModule"]
    module["interventions"].append({"type": "DRUG", "name": "ioforminol", "armGroupLabels": ["Drug X", "Placebo"]})
    module["armGroups"][0]["description"] = "Drug X with ioforminol."
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    assert not any("every group" in line for line in lines_of(trial, "products"))


# ---------------------------------------------------------------- found by the blind review at c9090be


def _variant(change: Callable[[dict[str, Any]], None]) -> Trial:
    """The results fixture with one hand-made change (never a review-pool record)."""
    data = json.loads(RESULTS_FIXTURE.read_text())
    change(data)
    (trial,) = iter_bytes(json.dumps(data).encode(), suffix=".json")
    assert isinstance(trial, Trial)
    return trial


def test_deaths_the_flow_gives_overrule_no_serious_side_effect() -> None:
    def change(data: dict[str, Any]) -> None:
        drops = data["resultsSection"]["participantFlowModule"]["periods"][0]["dropWithdraws"]
        drops[0]["reasons"][0]["numSubjects"] = 2
        drops.append(
            {"type": "Death", "reasons": [{"groupId": "FG000", "numSubjects": 1}, {"groupId": "FG001", "numSubjects": 0}]}
        )
        ae = data["resultsSection"]["adverseEventsModule"]
        for g in ae["eventGroups"]:
            g["seriousNumAffected"] = 0
        ae["seriousEvents"] = []

    said = lines_of(_variant(change), "side_effects")
    assert "No one had a serious side effect." not in said
    assert "No one died during the trial." not in said
    assert "The side-effect table counts no serious side effects." in said
    assert "The record's list of why people left the trial says 1 person died." in said


def test_the_threshold_is_said_when_no_other_side_effect_is_listed() -> None:
    def change(data: dict[str, Any]) -> None:
        ae = data["resultsSection"]["adverseEventsModule"]
        ae["otherEvents"] = []
        for g in ae["eventGroups"]:
            g["otherNumAffected"] = 0

    element = build_results(_variant(change)).element("side_effects")
    said = [line.text for b in element.blocks for line in b.lines]
    assert (
        "The record lists other side effects only when they happened to more than 5% of the people in a group. It lists none."
        in said
    )
    assert element.chart is not None
    assert "other side effects listed (those in more than 5% of a group) in 0 of 40 people (0%)" in element.chart.description


def test_a_measure_that_counts_side_effects_is_pointed_to() -> None:
    def change(data: dict[str, Any]) -> None:
        data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]["title"] = "Participants With Adverse Events"

    said = lines_of(_variant(change), "side_effects")
    assert "The trial also counted side effects as one of its other measures. Its numbers are in the full results." in said


def _questionnaires(data: dict[str, Any]) -> None:
    outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]
    outcome.update(type="PRIMARY", paramType="COUNT_OF_UNITS", unitOfMeasure="Questionnaires")
    outcome["denoms"] = [
        {"units": "Participants", "counts": [{"groupId": "OG000", "value": "4"}, {"groupId": "OG001", "value": "3"}]},
        {"units": "Questionnaires", "counts": [{"groupId": "OG000", "value": "40"}, {"groupId": "OG001", "value": "29"}]},
    ]
    outcome["classes"][0]["categories"][0]["measurements"] = [
        {"groupId": "OG000", "value": "30"},
        {"groupId": "OG001", "value": "18"},
    ]


def test_the_gate_knows_a_count_of_questionnaires(tmp_path: Path) -> None:
    from trialdocs.check import Config, check_paths

    data = json.loads(RESULTS_FIXTURE.read_text())
    _questionnaires(data)
    (tmp_path / "NCT09990001.json").write_text(json.dumps(data))
    overlay = tmp_path / "NCT09990001.results.md"
    overlay.write_text(
        "---\nnct_id: NCT09990001\n---\n\n## What the results were\n\n"
        "In Group A, 30 of 40 questionnaires (75%) were answered. In Group B, 18 of 30 (60%) were.\n"
    )
    result = check_paths([overlay], config=Config(select=["TD720"]))
    assert [f.message for f in result.findings] == [
        'text says "18 of 30"; the record has 18 of 29 @ results.outcomes[1].classes[0].categories[0].measurements[1].value'
    ]


def test_a_measure_of_questionnaires_is_not_a_count_of_people() -> None:
    trial = _variant(_questionnaires)
    assert trial.results is not None
    assert trial.results.outcomes[1].analysis_unit == "Questionnaires"
    said = lines_of(trial, "results")
    # By hand: 30 of 40 is 75%; 18 of 29 is 62.1%, so 62%.
    assert "Group A, 30 of 40 questionnaires (75%, from 4 people); Group B, 18 of 29 questionnaires (62%, from 3 people)." in said
    assert any(line.startswith("This measure counts questionnaires, not people.") for line in said)


def test_a_unit_that_names_people_is_a_count_of_people() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]
        outcome.update(type="PRIMARY", paramType="NUMBER", unitOfMeasure="Number of subjects")

    said = lines_of(_variant(change), "results")
    # By hand: 18 of 36 is 50%; 9 of 39 is 23.1%, so 23%.
    assert "Group A, 18 of 36 people (50%); Group B, 9 of 39 people (23%)." in said


def test_every_row_of_a_main_result_is_shown() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome["classes"] = [
            {
                "categories": [
                    {
                        "title": f"Score {k}",
                        "measurements": [{"groupId": "OG000", "value": str(k)}, {"groupId": "OG001", "value": "1"}],
                    }
                    for k in range(12)
                ]
            }
        ]

    said = lines_of(_variant(change), "results")
    assert sum(1 for line in said if line.startswith("“Score ")) == 12
    assert "“Score 11”: Group A, the average was 11 days per month (36 people measured); " in " ".join(said)


def test_one_persons_number_is_not_called_an_average() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome["denoms"][0]["counts"][0]["value"] = "1"

    said = lines_of(_variant(change), "results")
    assert (
        "Group A, the value was -3.1 days per month (1 person measured); Group B, the average was -1.2 days per month (39 people measured)."
        in said
    )


@pytest.mark.parametrize(
    ("kind", "name", "said"),
    [
        ("OTHER", "Swing Therapeutics, Inc.", None),
        ("OTHER", "University of Oxford", "Here, it is a university, a hospital or a group like them."),
        ("INDUSTRY", "University of Oxford", None),
        ("INDUSTRY", "Example Pharma", "Here, it is a company."),
        ("OTHER", "Orlando Health, Inc.", None),
    ],
)
def test_the_sponsors_kind_survives_its_name(kind: str, name: str, said: str | None) -> None:
    def change(data: dict[str, Any]) -> None:
        data["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"] = {"name": name, "class": kind}

    kinds = [line for line in lines_of(_variant(change), "sponsor") if line.startswith("Here, it is")]
    assert kinds == ([said] if said else [])


def test_side_effects_tied_with_the_last_shown_are_counted() -> None:
    def change(data: dict[str, Any]) -> None:
        other = data["resultsSection"]["adverseEventsModule"]["otherEvents"]
        for term in ("Cough", "Rash", "Back pain", "Dizziness"):
            other.append(
                {
                    "term": term,
                    "stats": [
                        {"groupId": "EG000", "numAffected": 2, "numAtRisk": 40},
                        {"groupId": "EG001", "numAffected": 1, "numAtRisk": 41},
                    ],
                }
            )

    said = lines_of(_variant(change), "side_effects")
    # Nausea 14, Pyrexia 8, Headache 8, then four events with 3 each: two shown, two tied with the last one shown.
    assert "2 more side effects affected as many people as the last one here." in said


def test_an_observational_study_is_called_a_study() -> None:
    def change(data: dict[str, Any]) -> None:
        data["protocolSection"]["designModule"]["studyType"] = "OBSERVATIONAL"

    summary = build_results(_variant(change))
    assert summary.element("sponsor").title == "Who ran the study"
    assert summary.element("follow_up").title == "Follow-up studies"
    prose = [line.text for e in summary.elements for b in e.blocks if b.kind == "prose" for line in b.lines]
    assert "The sponsor is the group in charge of the study." in prose
    assert not any(re.search(r"\btrials?\b", line) for line in prose)
    overlay = parse_overlay("## Who ran the study\n\nAn editor's words.\n", "NCT09990001.results.md")
    assert list(overlay.sections) == ["sponsor"]


def test_a_questions_own_count_of_questionnaires_is_its_denominator() -> None:
    def change(data: dict[str, Any]) -> None:
        _questionnaires(data)
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]
        outcome["classes"][0]["title"] = "I would recommend it"
        outcome["classes"][0]["denoms"] = [
            {"units": "Participants", "counts": [{"groupId": "OG000", "value": "4"}, {"groupId": "OG001", "value": "3"}]},
            {"units": "Questionnaires", "counts": [{"groupId": "OG000", "value": "38"}, {"groupId": "OG001", "value": "29"}]},
        ]

    said = lines_of(_variant(change), "results")
    # By hand: this question was answered on 38 questionnaires in Group A, not the measure's 40; 30 of 38 is 78.9%.
    assert (
        "“I would recommend it”: Group A, 30 of 38 questionnaires (79%, from 4 people); "
        "Group B, 18 of 29 questionnaires (62%, from 3 people)."
    ) in said


def test_legacy_xml_keeps_another_unit_of_analysis() -> None:
    """A legacy record with an analysed count in eyes beside the participants (hand-made from a corpus record)."""
    xml = (corpus_dir("ctgov-legacy-xml") / "NCT01357915.xml").read_text("utf-8")
    first = xml.index("<analyzed_list>", xml.index("<outcome>"))
    eyes = (
        "<analyzed><units>Eyes</units><scope>Measure</scope><count_list>"
        '<count group_id="O1" value="54"/><count group_id="O2" value="31"/></count_list></analyzed>'
    )
    xml = xml[: first + len("<analyzed_list>")] + eyes + xml[first + len("<analyzed_list>") :]
    (trial,) = iter_bytes(xml.encode("utf-8"), suffix=".xml")
    assert isinstance(trial, Trial) and trial.results is not None
    outcome = trial.results.outcomes[0]
    assert outcome.analysis_unit == "Eyes"
    assert [(c.group_id, c.count) for c in outcome.unit_denoms] == [("O1", 54), ("O2", 31)]
    assert [(c.group_id, c.count) for c in outcome.denoms] == [("O1", 27), ("O2", 16)]


# ---------------------------------------------------------------- found by the blind review at fe69063


def test_deaths_listed_as_serious_events_are_deaths_the_table_holds() -> None:
    def change(data: dict[str, Any]) -> None:
        drops = data["resultsSection"]["participantFlowModule"]["periods"][0]["dropWithdraws"]
        drops[0]["reasons"][0]["numSubjects"] = 2
        drops.append(
            {"type": "Death", "reasons": [{"groupId": "FG000", "numSubjects": 1}, {"groupId": "FG001", "numSubjects": 0}]}
        )
        data["resultsSection"]["adverseEventsModule"]["seriousEvents"].append(
            {
                "term": "Death - cardiovascular",
                "stats": [
                    {"groupId": "EG000", "numAffected": 1, "numAtRisk": 40},
                    {"groupId": "EG001", "numAffected": 0, "numAtRisk": 41},
                ],
            }
        )

    said = lines_of(_variant(change), "side_effects")
    assert not any("list of why people left" in line for line in said)
    assert not any("may not count" in line for line in said)
    assert not any(line.startswith("No one died") for line in said)


def test_a_placebo_comparator_with_no_placebo_in_its_words_is_not_called_a_placebo() -> None:
    def change(data: dict[str, Any]) -> None:
        module = data["protocolSection"]["armsInterventionsModule"]
        module["armGroups"][1].update(label="Fitness tracker", description="A fitness tracker and sleep tips.")
        module["armGroups"][1]["interventionNames"] = ["Device: Fitness tracker"]
        module["interventions"][1] = {"type": "DEVICE", "name": "Fitness tracker", "armGroupLabels": ["Fitness tracker"]}

    assert not any("placebo" in line for line in lines_of(_variant(change), "general"))
    assert "One group got a placebo. It looks like the study treatment but is not the real one." in lines_of(fixture(), "general")


def test_ratios_say_what_1_means_and_keep_their_confidence_intervals() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome.update(
            title="Hazard of a Migraine Attack",
            paramType="NUMBER",
            unitOfMeasure="Ratio",
            dispersionType="95% Confidence Interval",
        )
        outcome["classes"][0]["categories"][0]["measurements"] = [
            {"groupId": "OG000", "value": "1.13", "lowerLimit": "1.02", "upperLimit": "1.26"},
            {"groupId": "OG001", "value": "0.81", "lowerLimit": "0.60", "upperLimit": "1.08"},
        ]

    said = lines_of(_variant(change), "results")
    assert any(line.startswith("These numbers are ratios. A ratio of one means no difference") for line in said)
    assert (
        "Group A, 1.13 Ratio (95% confidence interval 1.02 to 1.26; 36 people measured); "
        "Group B, 0.81 Ratio (95% confidence interval 0.60 to 1.08; 39 people measured)."
    ) in said


def test_estimated_rates_are_not_shares_of_the_people_measured() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome.update(
            title="Rate of Migraine Attacks",
            description="Kaplan-Meier event rates (cumulative percentage of participants with an event) were estimated.",
            paramType="NUMBER",
            unitOfMeasure="percentage of participants",
        )
        outcome["classes"][0]["categories"][0]["measurements"] = [
            {"groupId": "OG000", "value": "5.1"},
            {"groupId": "OG001", "value": "5.3"},
        ]

    said = lines_of(_variant(change), "results")
    assert any(line.startswith("Each line gives the researchers' estimate of the share of people") for line in said)
    assert "Group A, 5.1% (estimated from 36 people); Group B, 5.3% (estimated from 39 people)." in said
    assert "The record does not say whether a higher or lower number is better." in said


def test_age_limits_the_baseline_contradicts_are_not_said() -> None:
    def change(data: dict[str, Any]) -> None:
        data["protocolSection"]["eligibilityModule"]["minimumAge"] = "65 Years"
        data["protocolSection"]["eligibilityModule"].pop("maximumAge")
        data["resultsSection"]["baselineCharacteristicsModule"]["measures"].append(
            {
                "title": "Age, Categorical",
                "paramType": "COUNT_OF_PARTICIPANTS",
                "unitOfMeasure": "Participants",
                "classes": [
                    {
                        "categories": [
                            {
                                "title": "Between 18 and 65 years",
                                "measurements": [
                                    {"groupId": "BG000", "value": "28"},
                                    {"groupId": "BG001", "value": "30"},
                                    {"groupId": "BG002", "value": "58"},
                                ],
                            },
                            {
                                "title": ">=65 years",
                                "measurements": [
                                    {"groupId": "BG000", "value": "12"},
                                    {"groupId": "BG001", "value": "11"},
                                    {"groupId": "BG002", "value": "23"},
                                ],
                            },
                        ]
                    }
                ],
            }
        )

    summary = build_results(_variant(change))
    said = [line.text for b in summary.element("population").blocks for line in b.lines]
    assert not any("was open to people aged" in line for line in said)
    assert any(line.startswith("The record's age limits (65 years and older) do not fit the ages") for line in said)
    assert "65" not in summary.title.removeprefix("Results: ").replace("NCT", "")
    assert any("was open to people aged 18 to 65 years" in line for line in lines_of(fixture(), "population"))


def test_an_observational_study_says_it_shows_association_not_cause() -> None:
    def change(data: dict[str, Any]) -> None:
        data["protocolSection"]["designModule"]["studyType"] = "OBSERVATIONAL"

    assert any("not that one caused the other" in line for line in lines_of(_variant(change), "comments"))
    assert not any("caused the other" in line for line in lines_of(fixture(), "comments"))


def test_clinicians_beside_the_arms_are_not_a_lettered_group_nor_counted_as_taking_part() -> None:
    def change(data: dict[str, Any]) -> None:
        flow = data["resultsSection"]["participantFlowModule"]
        flow["groups"].append({"id": "FG002", "title": "Clinicians", "description": "Clinicians who used the cards."})
        for m in flow["periods"][0]["milestones"]:
            m["achievements"].append({"groupId": "FG002", "numSubjects": 5 if m["type"] != "NOT COMPLETED" else 0})
        for d in flow["periods"][0]["dropWithdraws"]:
            d["reasons"].append({"groupId": "FG002", "numSubjects": 0})

    trial = _variant(change)
    said = lines_of(trial, "population")
    # By hand: 40 + 41 people in the two arms started and 36 + 39 finished; the 5 clinicians apart.
    assert said[:3] == [
        "81 people started the trial.",
        "75 of them finished it.",
        "The record also counts the group “Clinicians”, who are not one of the trial's groups: 5 people started, and 5 finished.",
    ]
    products = lines_of(trial, "products")
    assert "The results report the people who took part in 2 groups. Each has a letter on this page." in products
    assert "Also counted, not one of the trial's groups: Clinicians" in products


# ---------------------------------------------------------------- found by the blind review at 1fce058


def _with_clinicians(data: dict[str, Any]) -> None:
    """Five clinicians beside the two arms: in the flow, in the baseline (no data collected) and in the total."""
    flow = data["resultsSection"]["participantFlowModule"]
    flow["groups"].append({"id": "FG002", "title": "Clinicians", "description": "Clinicians who used the cards."})
    for m in flow["periods"][0]["milestones"]:
        m["achievements"].append({"groupId": "FG002", "numSubjects": 5 if m["type"] != "NOT COMPLETED" else 0})
    for d in flow["periods"][0]["dropWithdraws"]:
        d["reasons"].append({"groupId": "FG002", "numSubjects": 0})
    baseline = data["resultsSection"]["baselineCharacteristicsModule"]
    baseline["groups"].insert(2, {"id": "BG003", "title": "Clinicians"})
    counts = baseline["denoms"][0]["counts"]
    counts.append({"groupId": "BG003", "value": "5"})
    next(c for c in counts if c["groupId"] == "BG002")["value"] = "86"


def test_a_measure_of_the_clinicians_never_takes_an_arms_letter() -> None:
    def change(data: dict[str, Any]) -> None:
        _with_clinicians(data)
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][1]
        outcome["type"] = "PRIMARY"
        outcome["groups"] = [{"id": "OG000", "title": "Drug X"}]
        outcome["denoms"] = [{"units": "Participants", "counts": [{"groupId": "OG000", "value": "5"}]}]
        outcome["classes"][0]["categories"][0]["measurements"] = [{"groupId": "OG000", "value": "4"}]
        outcome.pop("analyses")

    said = lines_of(_variant(change), "results")
    assert "The group of 5 people the record calls “Drug X”, 4 of 5 people (80%)." in [s[:1].upper() + s[1:] for s in said]


def test_a_baseline_total_that_counts_clinicians_is_not_everyone_who_took_part() -> None:
    said = lines_of(_variant(_with_clinicians), "population")
    assert not any("86" in line for line in said)
    assert not any("were female (" in line for line in said)


def test_a_sentence_naming_the_best_and_worst_score_is_what_the_numbers_mean() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome["description"] = "Disability index. 0 is the best outcome and 50 is the worst outcome."

    said = lines_of(_variant(change), "results")
    assert "Disability index. 0 is the best outcome and 50 is the worst outcome." in said  # the quote under its label
    assert "The record does not say whether a higher or lower number is better." not in said


def test_a_p_value_its_own_interval_contradicts_is_not_read_as_chance_ruled_out() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome["analyses"][0].update(
            pValue="<0.05", ciPctValue="95", ciLowerLimit="-7.15", ciUpperLimit="7.55", paramType="Mean Difference (Final Values)"
        )

    said = lines_of(_variant(change), "results")
    assert not any("unlikely to be due to chance" in line for line in said)
    assert (
        "Between Group A and Group B, the record's p-value and its 95% confidence interval disagree, "
        "so this page does not say whether the difference could be due to chance."
    ) in said


def test_a_side_effect_table_that_counts_nothing_says_so() -> None:
    def change(data: dict[str, Any]) -> None:
        ae = data["resultsSection"]["adverseEventsModule"]
        ae["seriousEvents"], ae["otherEvents"] = [], []
        for g in ae["eventGroups"]:
            g["seriousNumAffected"] = g["otherNumAffected"] = 0

    said = lines_of(_variant(change), "side_effects")
    assert any(line.startswith("The side-effect table counts no side effects at all.") for line in said)
    assert not any("counts no side effects at all" in line for line in lines_of(fixture(), "side_effects"))


def test_a_measure_that_counts_more_people_than_finished_says_so() -> None:
    def change(data: dict[str, Any]) -> None:
        outcome = data["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
        outcome["denoms"][0]["counts"] = [{"groupId": "OG000", "value": "40"}, {"groupId": "OG001", "value": "39"}]

    said = lines_of(_variant(change), "results")
    # By hand: Group A started 40 and 36 finished; Group B's 39 measured are its 39 who finished.
    assert (
        "In Group A, this measure counts 40 people, more than the 36 who finished the trial. "
        "So it counts some people who left early; the record does not say how."
    ) in said
    assert not any("Group B, this measure counts" in line for line in said)
    assert not any("who finished the trial. So" in line for line in lines_of(fixture(), "results"))
