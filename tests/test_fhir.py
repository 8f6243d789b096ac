"""FHIR export: golden files, HL7's CT.gov mapping side by side, corpus validation and round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trialdocs import Trial, iter_load, load_one
from trialdocs.cli import main
from trialdocs.fhir import bundle_dict, full_url, to_fhir, to_fhir_json
from trialdocs.fhir import codes as c
from trialdocs.fhir.r4b import DROPPED
from trialdocs.fhir.validate import _constraints, validate_resource
from trialdocs.model import OverallStatus
from trialdocs.scope import scoped
from trialdocs.sources.fhir import NOT_CARRIED, NOT_CARRIED_R4B, from_bundle

from .conftest import CORPUS, FIXTURES, corpus_dir

GOLDEN = FIXTURES / "golden"


def resource(bundle: dict[str, Any], rtype: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype)


def systems(concept: dict[str, Any] | None) -> set[str]:
    return {c["system"] for c in (concept or {}).get("coding", [])}


# ---------------------------------------------------------------- golden files
# The golden Bundles were read through by hand against the seed page and the
# HL7 example before being committed; a change to them must be reviewed again.


@pytest.mark.parametrize("version,name", [("R5", "NCT06709469.r5.json"), ("R4B", "NCT06709469.r4b.json")])
def test_fixture_matches_reviewed_golden_file(fixture_yaml: Path, version: str, name: str) -> None:
    text = to_fhir_json(load_one(fixture_yaml), version, pretty=True)  # type: ignore[arg-type]
    assert text == (GOLDEN / name).read_text("utf-8")
    assert json.loads(to_fhir_json(load_one(fixture_yaml), version)) == json.loads(text)  # type: ignore[arg-type]


def test_fixture_r5_facts(fixture_yaml: Path) -> None:
    bundle = bundle_dict(load_one(fixture_yaml))
    study = resource(bundle, "ResearchStudy")
    assert study["id"] == "nct06709469"
    assert study["identifier"][0] == {"use": "official", "system": "https://clinicaltrials.gov", "value": "NCT06709469"}
    assert study["name"] == "REALL_CART"
    assert [c["code"] for c in study["phase"]["coding"]] == ["phase-1", "PHASE1"]
    assert study["progressStatus"][0]["state"]["coding"][0]["code"] == "recruiting"
    assert study["recruitment"]["targetNumber"] == 10
    assert study["recruitment"]["eligibility"] == {"reference": full_url("Group", "nct06709469-eligibility")}
    assert study["protocol"] == [{"reference": full_url("PlanDefinition", "nct06709469-protocol")}]
    assert [f["concept"]["text"] for f in study["focus"]] == ["CART", "chemotherapy", "prednisone"]
    assert study["relatedArtifact"] == [
        {"type": "transforms", "document": {"url": "https://clinicaltrials.gov/api/v2/studies/NCT06709469"}}
    ]
    group = resource(bundle, "Group")
    age = group["characteristic"][0]["valueRange"]
    assert age == {"high": {"value": 30, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"}}
    exclusions = [c["valueCodeableConcept"]["text"] for c in group["characteristic"] if c["exclude"]]
    assert len(exclusions) == 10
    assert "GFR <30 ml/min or bilirubin >3 times the upper limit of normality (unless due to Gilbert's syndrome)." in exclusions
    plan = resource(bundle, "PlanDefinition")
    assert plan["type"]["coding"][0]["code"] == "clinical-protocol"
    assert [a["title"] for a in plan["action"]] == ["ARM A", "ARM B"]
    assert [s["title"] for s in plan["action"][0]["action"]] == ["CART", "chemotherapy", "prednisone"]
    assert resource(bundle, "Location")["address"] == {"city": "Madrid", "state": "Madrid", "country": "Spain"}


def test_to_fhir_returns_a_validated_model(fixture_yaml: Path) -> None:
    model = to_fhir(load_one(fixture_yaml), "R4B")
    assert type(model).__module__.startswith("fhir.resources.R4B")
    assert model.entry[0].resource.status == "active"


# ---------------------------------------------------------------- HL7 side by side


@pytest.fixture
def hl7_example() -> dict[str, Any]:
    path = corpus_dir("fhir-examples") / "r5" / "ResearchStudy-example-ctgov-study-record.json"
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def test_same_code_systems_as_hl7_ctgov_mapping(hl7_example: dict[str, Any], fixture_yaml: Path) -> None:
    ours = resource(bundle_dict(load_one(fixture_yaml)), "ResearchStudy")
    assert systems(hl7_example["phase"]) <= systems(ours["phase"])
    assert systems(hl7_example["primaryPurposeType"]) <= systems(ours["primaryPurposeType"])
    assert systems(hl7_example["progressStatus"][0]["state"]) <= systems(ours["progressStatus"][0]["state"])
    theirs_roles = set().union(*(systems(p["role"]) for p in hl7_example["associatedParty"]))
    assert theirs_roles <= systems(ours["associatedParty"][0]["role"])
    # HL7's example writes arm and title types as text only; we code them in the
    # systems the R5 ResearchStudy definition binds.
    sd = json.loads((corpus_dir("fhir-examples") / "r5" / "StructureDefinition-ResearchStudy.json").read_text("utf-8"))
    bindings = {e["path"]: e.get("binding", {}).get("valueSet", "") for e in sd["snapshot"]["element"]}
    assert bindings["ResearchStudy.comparisonGroup.type"].split("|")[0].endswith("research-study-arm-type")
    assert systems(ours["comparisonGroup"][0]["type"]) >= {"http://hl7.org/fhir/research-study-arm-type"}
    assert bindings["ResearchStudy.label.type"].split("|")[0].endswith("title-type")
    assert systems(ours["label"][0]["type"]) == {"http://hl7.org/fhir/title-type"}


def test_same_element_choices_as_hl7_ctgov_mapping(hl7_example: dict[str, Any], v2_dir: Path) -> None:
    trial = load_one(v2_dir / "NCT00763412.json")
    ours = resource(bundle_dict(trial), "ResearchStudy")
    # Elements HL7 fills from CT.gov data that we fill too. HL7's `classifier`,
    # `url` and `contained` hold FEvIR-specific data, and its `name`
    # ("NCT05503693_FHIR_Transform") is a hand-made quirk: ours is the acronym,
    # which this record does not have.
    shared = set(hl7_example) - {"resourceType", "id", "contained", "url", "classifier", "text", "meta", "name"}
    assert shared <= set(ours), shared - set(ours)
    assert ours["identifier"][0]["system"] == hl7_example["identifier"][1]["system"]
    assert ours["identifier"][0]["use"] == hl7_example["identifier"][1]["use"] == "official"
    assert ours["relatedArtifact"][0]["type"] == hl7_example["relatedArtifact"][0]["type"] == "transforms"
    assert ours["status"] == hl7_example["status"] == "active"
    assert set(hl7_example["recruitment"]) - {"eligibility"} <= {"targetNumber", "actualNumber"}
    assert "actualNumber" in ours["recruitment"]
    assert {"name", "type", "description", "intendedExposure"} <= set(ours["comparisonGroup"][0])
    overall = next(p for p in hl7_example["progressStatus"] if p["state"]["coding"][0]["code"] == "overall-study")
    ours_overall = next(p for p in ours["progressStatus"] if p["state"].get("coding", [{}])[0].get("code") == "overall-study")
    assert set(overall) == set(ours_overall) == {"state", "actual", "period"}


# ---------------------------------------------------------------- corpus


def corpus_trials() -> list[Trial]:
    trials = []
    for name in ("ctgov-v2", "ctgov-legacy-xml"):
        trials += [t for t in iter_load([corpus_dir(name)]) if isinstance(t, Trial)]
    return trials


@pytest.mark.corpus
@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_every_corpus_bundle_validates(version: str) -> None:
    trials = corpus_trials()
    assert len(trials) == 583
    for trial in trials:
        bundle = bundle_dict(trial, version, validate=False)  # type: ignore[arg-type]
        problems = validate_resource(bundle, version)  # type: ignore[arg-type]
        assert problems == [], (trial.nct_id, [str(p) for p in problems[:3]])


def carried(trial: Trial) -> dict[str, Any]:
    """The trial with the fields listed in NOT_CARRIED blanked out."""
    d = trial.model_dump(mode="json")
    for key in ("first_posted", "status_verified", "version"):
        d["dates"][key] = None
    if d["dates"]["last_update_posted"]:
        d["dates"]["last_update_posted"]["type"] = None
    d["responsible_party"] = None
    d["central_contacts"] = []
    for loc in d["locations"]:
        loc["contacts"] = []
    d["eligibility"]["gender_based"] = None
    d["eligibility"]["study_population"] = None
    for item in d["interventions"]:
        item["arm_labels"] = []
    title = (d["lay"] or {}).get("title")
    d["lay"] = {**{k: None for k in type(trial.lay).model_fields}, "title": title} if title else None
    d["results"] = None
    return d


def test_not_carried_list_is_short() -> None:
    assert len(NOT_CARRIED) <= 12
    assert len(DROPPED) <= 6


@pytest.mark.corpus
def test_round_trip_over_the_whole_corpus(fixture_yaml: Path) -> None:
    for trial in [*corpus_trials(), load_one(fixture_yaml)]:
        back = from_bundle(json.loads(to_fhir_json(trial)))
        assert carried(back) == carried(trial), trial.nct_id


def test_import_reads_our_bundle_back(tmp_path: Path, fixture_yaml: Path) -> None:
    trial = load_one(fixture_yaml)
    path = tmp_path / "b.json"
    path.write_text(to_fhir_json(trial))
    assert carried(load_one(path)) == carried(trial)


def carried_r4b(trial: Trial) -> dict[str, Any]:
    """``carried`` minus what R4B drops as well (``NOT_CARRIED_R4B``)."""
    d = carried(trial)
    d["dates"]["last_update_posted"] = None
    d["last_known_status"] = None
    pis = [o for o in d["officials"] if o["role"] and "PRINCIPAL_INVESTIGATOR" in o["role"]][:1]
    d["officials"] = [{"name": o["name"], "role": "PRINCIPAL_INVESTIGATOR", "affiliation": None} for o in pis]
    for outcome in d["primary_outcomes"] + d["secondary_outcomes"]:
        outcome["description"] = outcome["time_frame"] = None
    for item in d["interventions"]:
        item["other_names"] = []
    return d


@pytest.mark.corpus
def test_r4b_round_trip_over_the_whole_corpus(fixture_yaml: Path) -> None:
    assert len(NOT_CARRIED_R4B) <= 6
    for trial in [*corpus_trials(), load_one(fixture_yaml)]:
        back = from_bundle(json.loads(to_fhir_json(trial, "R4B")))
        assert carried_r4b(back) == carried_r4b(trial), trial.nct_id


def test_foreign_bundle_is_refused_with_a_clear_error(tmp_path: Path, hl7_example: dict[str, Any]) -> None:
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": hl7_example}]}))
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert "no ClinicalTrials.gov identifier" in result.stderr or "not a trialdocs Bundle" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- identity


def test_transaction_bundle_puts_at_stable_ids(fixture_yaml: Path) -> None:
    bundle = bundle_dict(load_one(fixture_yaml), bundle="transaction")
    assert bundle["type"] == "transaction"
    urls = [e["request"]["url"] for e in bundle["entry"]]
    assert all(e["request"]["method"] == "PUT" for e in bundle["entry"])
    assert urls == [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert urls[:3] == ["ResearchStudy/nct06709469", "PlanDefinition/nct06709469-protocol", "Group/nct06709469-eligibility"]


def test_export_is_byte_identical_across_runs(fixture_yaml: Path) -> None:
    trial = load_one(fixture_yaml)
    assert to_fhir_json(trial) == to_fhir_json(load_one(fixture_yaml))


def test_duplicate_organizations_are_folded() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000001",
            "brief_title": "x",
            "overall_status": "COMPLETED",
            "sponsor": {"name": "Acme Inc", "kind": "INDUSTRY"},
            "collaborators": [{"name": "ACME, Inc."}, {"name": "Other Org"}],
        }
    )
    orgs = [e["resource"]["name"] for e in bundle_dict(trial)["entry"] if e["resource"]["resourceType"] == "Organization"]
    assert orgs == ["Acme Inc", "Other Org"]


# ---------------------------------------------------------------- validation


def test_validator_names_resource_and_element() -> None:
    missing = {"resourceType": "ResearchStudy", "id": "x"}
    assert [str(p) for p in validate_resource(missing, "R5")] == [
        "ResearchStudy/x: structure: Value for the field 'status' is required. @ status"
    ]
    inv = {
        "resourceType": "ResearchStudy",
        "id": "x",
        "status": "active",
        "focus": [{"extension": [{"url": "u"}], "concept": {"text": "a"}}],
    }
    assert [str(p) for p in validate_resource(inv, "R5")] == [
        "ResearchStudy/x: ext-1: Must have either extensions or value[x], not both @ ResearchStudy.focus.extension"
    ]
    contained = {
        "resourceType": "ResearchStudy",
        "id": "x",
        "status": "active",
        "contained": [{"resourceType": "Group", "id": "g", "type": "person", "membership": "definitional"}],
    }
    assert [p.key for p in validate_resource(contained, "R5")] == ["dom-3"]


def test_shipped_constraints_match_the_structure_definitions() -> None:
    base = corpus_dir("fhir-examples")
    for version, folder in (("R5", "r5"), ("R4B", "r4")):
        sd = json.loads((base / folder / "StructureDefinition-ResearchStudy.json").read_text("utf-8"))
        published = {c["key"]: c["expression"] for e in sd["snapshot"]["element"] for c in e.get("constraint", [])}
        for items in _constraints()[version].values():
            for item in items:
                if item["key"] in published:
                    assert item["expression"] == published[item["key"]], (version, item["key"])


def test_cli_fhir_and_validate(tmp_path: Path, fixture_yaml: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["fhir", str(fixture_yaml), "-o", str(tmp_path / "out"), "--ndjson"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "Group.ndjson",
        "Location.ndjson",
        "Organization.ndjson",
        "PlanDefinition.ndjson",
        "ResearchStudy.ndjson",
    ]
    ok = runner.invoke(main, ["validate", str(tmp_path / "out" / "ResearchStudy.ndjson")])
    assert ok.exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resourceType": "Location", "id": "l", "name": "x", "position": {"latitude": "north"}}))
    failed = runner.invoke(main, ["validate", str(bad)])
    assert failed.exit_code == 1
    assert f"{bad}: Location/l: structure:" in failed.stdout and "@ position.latitude" in failed.stdout
    usage = runner.invoke(main, ["fhir", str(fixture_yaml), "--ndjson"])
    assert usage.exit_code == 2 and "give -o OUT" in usage.stderr


def test_corpus_location_is_configurable() -> None:
    assert CORPUS.name == "corpus" or CORPUS.exists()


# ---------------------------------------------------------------- criterion scope

SCOPED = """Inclusion Criteria:

* Adults with lung cancer
* Part 2 (Cohorts D to G):
* Must have an EGFR mutation

Exclusion Criteria:

* Active infection
* Patients with HIV but an undetectable viral load are eligible
* If HIV-positive, must have an undetectable viral load
"""


def scoped_trial() -> Trial:
    return Trial.model_validate(
        {
            "nct_id": "NCT00000001",
            "brief_title": "Scope",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "eligibility": {"text": SCOPED},
        }
    )


def _kinds(ch: dict[str, Any]) -> set[str]:
    return {x["valueCode"] for e in ch.get("extension", []) for x in e["extension"] if x["url"] == "kind"}


def _link(ch: dict[str, Any]) -> dict[str, Any]:
    """The ``criterion-qualifies`` modifier extension of a linked characteristic, as {sub-url: value}."""
    (only,) = [e for e in ch.get("modifierExtension", []) if e["url"] == c.EXT + "criterion-qualifies"]
    return {x["url"]: x.get("valueString", x.get("valueCode")) for x in only["extension"]}


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_an_exclusion_is_excluded_and_its_permission_or_condition_is_linked_to_it(version: str) -> None:
    group = resource(bundle_dict(scoped_trial(), version), "Group")  # type: ignore[arg-type]
    chars = group["characteristic"]
    exclusions = [ch for ch in chars if ch["code"]["text"].startswith("Exclusion criterion")]
    assert [(ch["valueCodeableConcept"]["text"], ch["exclude"], ch.get("id")) for ch in exclusions] == [
        ("Active infection", True, None),
        ("Patients with HIV but an undetectable viral load are eligible", True, "exclusion-1"),
        ("If HIV-positive, must have an undetectable viral load", True, "exclusion-2"),
    ]
    assert _kinds(exclusions[1]) == {"permission"} and _kinds(exclusions[2]) == {"conditional"}
    # Each qualifier follows its exclusion, points back to it, and is not a trait of every member.
    after = {ch.get("id"): chars[i + 1] for i, ch in enumerate(chars) if ch.get("id")}
    permission, condition = after["exclusion-1"], after["exclusion-2"]
    assert _link(permission) == {"criterion": "exclusion-1", "kind": "permission"}
    assert permission["code"]["text"] == "Permission within an exclusion criterion"
    assert permission["valueCodeableConcept"]["text"] == "Patients with HIV but an undetectable viral load are eligible"
    assert permission["exclude"] is False and "extension" not in permission
    assert _link(condition) == {"criterion": "exclusion-2", "kind": "conditional"}
    assert condition["code"]["text"] == "Condition of an exclusion criterion"
    assert condition["valueCodeableConcept"]["text"] == "If HIV-positive"
    assert (
        "modifierExtension" not in exclusions[0] and len(chars) == 2 + 3 + 2
    )  # 2 inclusions (no heading), 3 exclusions, 2 linked


def test_an_exception_is_its_own_clause_beside_the_excluded_criterion(fixture_yaml: Path) -> None:
    chars = resource(bundle_dict(load_one(fixture_yaml)), "Group")["characteristic"]
    at = next(i for i, ch in enumerate(chars) if "Gilbert" in ch.get("valueCodeableConcept", {}).get("text", ""))
    assert chars[at]["exclude"] is True and _kinds(chars[at]) == {"exception"}
    assert _link(chars[at + 1]) == {"criterion": chars[at]["id"], "kind": "exception"}
    assert chars[at + 1]["valueCodeableConcept"]["text"] == "unless due to Gilbert's syndrome"
    assert chars[at + 1]["code"]["text"] == "Exception to an exclusion criterion"


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_a_heading_is_no_characteristic_but_a_group_extension(version: str) -> None:
    group = resource(bundle_dict(scoped_trial(), version), "Group")  # type: ignore[arg-type]
    texts = [ch["valueCodeableConcept"]["text"] for ch in group["characteristic"] if "valueCodeableConcept" in ch]
    assert "Part 2 (Cohorts D to G):" not in texts and "Part 2 (Cohorts D to G)" not in texts
    headings = [e for e in group["extension"] if e["url"] == c.EXT + "criterion-heading"]
    assert headings == [
        {
            "url": c.EXT + "criterion-heading",
            "extension": [
                {"url": "section", "valueCode": "inclusion"},
                {"url": "index", "valueInteger": 1},
                {"url": "level", "valueInteger": 0},
                {"url": "text", "valueString": "Part 2 (Cohorts D to G)"},
            ],
        }
    ]
    by_text = {ch["valueCodeableConcept"]["text"]: ch for ch in group["characteristic"] if "valueCodeableConcept" in ch}
    applies = [x for e in by_text["Must have an EGFR mutation"]["extension"] for x in e["extension"] if x["url"] == "appliesTo"]
    assert applies == [{"url": "appliesTo", "valueString": "Part 2 (Cohorts D to G)"}]
    assert by_text["Must have an EGFR mutation"]["code"]["text"] == "Inclusion criterion (sub-item, level 1)"


def nested_headings_trial() -> Trial:
    """Headings inside headings, a heading with no items and one among the exclusions: the tree must come back whole."""
    return Trial.model_validate(
        {
            "nct_id": "NCT00000002",
            "brief_title": "Headings",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "eligibility": {
                "inclusion": [
                    {"text": "Adults"},
                    {
                        "text": "Group 2",
                        "heading": True,
                        "children": [
                            {"text": "Prior chemotherapy"},
                            {"text": "Group 3", "heading": True, "children": [{"text": "ECOG 0-1"}]},
                            {"text": "Group 4", "heading": True},
                        ],
                    },
                ],
                "exclusion": [
                    {"text": "Cohort 1", "heading": True, "children": [{"text": "Pregnant, unless the pregnancy is ended"}]},
                    {"text": "Active infection"},
                ],
            },
        }
    )


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_nested_and_empty_headings_survive_the_round_trip(version: str) -> None:
    trial = nested_headings_trial()
    text = to_fhir_json(trial, version)  # type: ignore[arg-type]
    assert sweep(trial, resource(json.loads(text), "Group")) == (0, 0)
    back = from_bundle(json.loads(text))
    assert back.eligibility.inclusion == trial.eligibility.inclusion
    assert back.eligibility.exclusion == trial.eligibility.exclusion
    assert back.eligibility.exclusion[0].children[0].text == "Pregnant, unless the pregnancy is ended"


def test_a_bundle_of_the_earlier_shape_still_reads_its_headings_back() -> None:
    """Bundles written before headings left the characteristics marked them ``kind: heading``."""
    trial = scoped_trial()
    bundle = json.loads(to_fhir_json(trial))
    group = resource(bundle, "Group")
    group.pop("extension")
    at = next(
        i for i, ch in enumerate(group["characteristic"]) if ch["valueCodeableConcept"].get("text") == "Adults with lung cancer"
    )
    scope = {"url": c.EXT + "criterion-scope", "extension": [{"url": "kind", "valueCode": "heading"}]}
    old = {
        "extension": [scope],
        "code": {"text": "Inclusion criterion"},
        "valueCodeableConcept": {"text": "Part 2 (Cohorts D to G)"},
    }
    group["characteristic"].insert(at + 1, {**old, "exclude": False})
    assert from_bundle(bundle).eligibility == trial.eligibility


# ---------------------------------------------------------------- acceptance sweeps
# "Good fit and Not a fit that keep every criterion's meaning": over every corpus
# record, in R5 and R4B, (a) no criterion under the exclusion heading has
# exclude: false, (b) no heading is a characteristic.

_LABELS = ("Inclusion criterion", "Exclusion criterion")


def sweep(trial: Trial, group: dict[str, Any]) -> tuple[int, int]:
    """(a) exclusion criteria with ``exclude`` not true, (b) headings held as characteristics.

    (b) walks the trial's scoped criteria beside the Group's criterion
    characteristics in order: a heading counts when the next characteristic
    is its text in its section, or when any characteristic is marked ``kind: heading``.
    """
    criteria = [ch for ch in group.get("characteristic", []) if ch.get("code", {}).get("text", "").startswith(_LABELS)]
    excluded_false = sum(
        1 for ch in criteria if ch["code"]["text"].startswith("Exclusion criterion") and ch["exclude"] is not True
    )
    as_characteristic, at = 0, 0
    for s in scoped(trial.eligibility):
        label = _LABELS[s.section == "exclusion"]
        if (
            at < len(criteria)
            and criteria[at]["code"]["text"].startswith(label)
            and criteria[at]["valueCodeableConcept"]["text"] == s.text
        ):
            as_characteristic += s.is_heading
            at += 1
    marked = sum(1 for ch in criteria if "heading" in _kinds(ch))
    return excluded_false, max(as_characteristic, marked)


def test_the_sweep_counts_the_earlier_shape() -> None:
    """The sweep is able to fail: a Group of the earlier shape (heading kept, permission and condition not excluded) counts."""
    trial = scoped_trial()

    def scope(kind: str) -> list[dict[str, Any]]:
        return [{"url": c.EXT + "criterion-scope", "extension": [{"url": "kind", "valueCode": kind}]}]

    old = [
        {"code": {"text": "Inclusion criterion"}, "valueCodeableConcept": {"text": "Adults with lung cancer"}, "exclude": False},
        {
            "extension": scope("heading"),
            "code": {"text": "Inclusion criterion"},
            "valueCodeableConcept": {"text": "Part 2 (Cohorts D to G)"},
            "exclude": False,
        },
        {"code": {"text": "Exclusion criterion"}, "valueCodeableConcept": {"text": "Active infection"}, "exclude": True},
        {
            "extension": scope("permission"),
            "code": {"text": "Exclusion criterion"},
            "valueCodeableConcept": {"text": "x"},
            "exclude": False,
        },
        {
            "extension": scope("conditional"),
            "code": {"text": "Exclusion criterion"},
            "valueCodeableConcept": {"text": "y"},
            "exclude": False,
        },
    ]
    assert sweep(trial, {"characteristic": old}) == (2, 1)
    assert sweep(trial, resource(bundle_dict(scoped_trial()), "Group")) == (0, 0)


@pytest.mark.corpus
@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_sweep_no_exclusion_is_included_and_no_heading_is_a_characteristic(version: str) -> None:
    """Before this work (9ad58d2): 212 exclusions in 103 studies with `exclude: false`, 14 headings as characteristics."""
    trials = corpus_trials()
    assert len(trials) == 583
    excluded_false = headings = exclusions = 0
    for trial in trials:
        group = resource(bundle_dict(trial, version, validate=False), "Group")  # type: ignore[arg-type]
        a, b = sweep(trial, group)
        excluded_false, headings = excluded_false + a, headings + b
        # Nothing was dropped to reach 0: one characteristic per exclusion that is no heading.
        want = [s.text for s in scoped(trial.eligibility) if s.section == "exclusion" and not s.is_heading]
        got = [
            ch["valueCodeableConcept"]["text"]
            for ch in group.get("characteristic", [])
            if ch["code"].get("text", "").startswith("Exclusion criterion")
        ]
        assert got == want, trial.nct_id
        exclusions += len(got)
    assert (excluded_false, headings) == (0, 0)
    assert exclusions > 5000  # the sweep saw the corpus's exclusions


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_cohort_headings_survive_the_round_trip(version: str) -> None:
    trial = scoped_trial()
    back = from_bundle(json.loads(to_fhir_json(trial, version)))  # type: ignore[arg-type]
    heading = back.eligibility.inclusion[1]
    assert heading.heading and heading.text == "Part 2 (Cohorts D to G)"
    assert [c.text for c in heading.children] == ["Must have an EGFR mutation"]
    assert back.eligibility == trial.eligibility


# ---------------------------------------------------------------- issue 14 regressions
# Each expected value below was read in the HL7 packages (hl7.fhir.r5.core 5.0.0,
# hl7.fhir.r4b.core 4.3.0, hl7.terminology.r5 7.0.1); tests/interop checks the
# whole table against them when the packages are installed.


def _codings(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        found = [obj] if "system" in obj and "code" in obj else []
        return found + [c for v in obj.values() for c in _codings(v)]
    if isinstance(obj, list):
        return [c for v in obj for c in _codings(v)]
    return []


def test_r4b_uses_no_code_system_that_r4b_lacks(fixture_yaml: Path) -> None:
    """research-study-arm-type is in neither hl7.fhir.r4b.core 4.3.0 nor THO 7.0.1."""
    trials = [load_one(fixture_yaml), *corpus_trials()[:60]]
    systems_used = {x["system"] for t in trials for x in _codings(bundle_dict(t, "R4B"))}
    assert "http://hl7.org/fhir/research-study-arm-type" not in systems_used
    plan = resource(bundle_dict(load_one(fixture_yaml), "R4B"), "PlanDefinition")
    arm_code = plan["action"][0]["code"][0]  # the first arm, ARM A: experimental
    assert arm_code["coding"] == [c.ctgov("ArmGroupType", "EXPERIMENTAL")]


def test_displays_are_the_official_ones(fixture_yaml: Path) -> None:
    study = resource(bundle_dict(load_one(fixture_yaml)), "ResearchStudy")
    titles = {x["type"]["coding"][0]["code"]: x["type"]["coding"][0]["display"] for x in study["label"]}
    assert titles["official"] == "Official title"
    assert c.coding(c.STATUS, "active-but-not-recruiting")["display"] == "Active, not recruiting"
    assert c.coding(c.ARM_TYPE, "placebo-comparator")["display"] == "Placebo Comparator"
    assert c.coding(c.PARTY_ROLE, "lead-sponsor")["display"] == "lead-sponsor"
    assert "display" not in c.coding(c.STATUS, "no-such-code")


def test_last_known_status_carries_the_hl7_code(fixture_yaml: Path) -> None:
    trial = load_one(fixture_yaml).model_copy(
        update={"overall_status": OverallStatus.UNKNOWN, "last_known_status": OverallStatus.RECRUITING}
    )
    study = resource(bundle_dict(trial), "ResearchStudy")
    last = next(p for p in study["progressStatus"] if p["state"].get("text") == "Last known status")
    assert [(x["system"], x["code"]) for x in last["state"]["coding"]] == [
        (c.STATUS, "recruiting"),
        (c.CTGOV_ENUM + "OverallStatus", "RECRUITING"),
    ]


def _references(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return ([obj["reference"]] if isinstance(obj.get("reference"), str) else []) + [
            r for v in obj.values() for r in _references(v)
        ]
    if isinstance(obj, list):
        return [r for v in obj for r in _references(v)]
    return []


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_every_reference_resolves_inside_a_collection_bundle(fixture_yaml: Path, version: str) -> None:
    for trial in [load_one(fixture_yaml), *corpus_trials()[:60]]:
        bundle = bundle_dict(trial, version)  # type: ignore[arg-type]
        urls = {e["fullUrl"] for e in bundle["entry"]}
        assert all(u.startswith("urn:uuid:") for u in urls)
        refs = _references([e["resource"] for e in bundle["entry"]])
        assert refs and set(refs) <= urls, (trial.nct_id, set(refs) - urls)
    again = bundle_dict(load_one(fixture_yaml), version)  # type: ignore[arg-type]
    assert again == bundle_dict(load_one(fixture_yaml), version)  # type: ignore[arg-type]


def test_with_a_base_url_references_resolve_against_it(fixture_yaml: Path) -> None:
    bundle = bundle_dict(load_one(fixture_yaml), base_url="https://fhir.example.org/r5/")
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert "https://fhir.example.org/r5/ResearchStudy/nct06709469" in urls
    refs = _references([e["resource"] for e in bundle["entry"]])
    assert {f"https://fhir.example.org/r5/{r}" for r in refs} <= urls


def test_batch_bundle_puts_each_resource_and_refers_by_id(fixture_yaml: Path) -> None:
    bundle = bundle_dict(load_one(fixture_yaml), bundle="batch")
    assert bundle["type"] == "batch"
    assert bundle["entry"][0]["request"] == {"method": "PUT", "url": "ResearchStudy/nct06709469"}
    ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
    assert set(_references([e["resource"] for e in bundle["entry"]])) <= ids


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_every_resource_has_a_generated_narrative(fixture_yaml: Path, version: str) -> None:
    trial = load_one(fixture_yaml)
    bundle = bundle_dict(trial, version)  # type: ignore[arg-type]
    for entry in bundle["entry"]:
        text = entry["resource"]["text"]
        assert text["status"] == "generated" and text["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p>')
    study = resource(bundle, "ResearchStudy")
    assert trial.lay is not None and trial.lay.title is not None
    assert f"<p>{trial.lay.title}</p>" in study["text"]["div"]
    drafted = load_one(fixture_yaml).model_copy(update={"lay": None})
    div = resource(bundle_dict(drafted, version), "ResearchStudy")["text"]["div"]  # type: ignore[arg-type]
    # The condition entry is not what the criteria require, so the page says what the study is about, not whom it is for.
    assert "This study is about precursor cell lymphoblastic leukemia-lymphoma." in div and "&lt;" not in div.replace(
        "&lt;16", ""
    )


@pytest.mark.corpus
@pytest.mark.parametrize("bundle", ["collection", "transaction", "batch"])
def test_bundle_json_is_the_bytes_of_the_rewritten_bundle(bundle: str) -> None:
    """The text replacement of references gives what copying every resource with rewrite_references gives."""
    from trialdocs._io import compact_json
    from trialdocs.fhir import bundle_json, validated_resources, wrap_bundle

    trials = [t for d in ("ctgov-v2", "ctgov-legacy-xml") for t in iter_load([corpus_dir(d)]) if isinstance(t, Trial)]
    for version in ("R5", "R4B"):
        for trial in trials[:: 1 if version == "R5" else 5]:
            items = validated_resources(trial, version)  # type: ignore[arg-type]
            assert bundle_json(trial, items, bundle) == compact_json(wrap_bundle(trial, items, bundle)), trial.nct_id  # type: ignore[arg-type]
    trial = trials[0]
    items = validated_resources(trial)
    with_base = bundle_json(trial, items, "transaction", "https://fhir.example.org/r5")  # type: ignore[arg-type]
    assert with_base == compact_json(wrap_bundle(trial, items, "transaction", "https://fhir.example.org/r5"))  # type: ignore[arg-type]
    assert '"reference":"urn:uuid:' in bundle_json(trial, items)
