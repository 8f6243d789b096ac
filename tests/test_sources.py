"""Importers: each source format, round trips and clear errors on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialdocs import FieldError, SourceError, UnreadableInputError, dump, iter_load, load, load_one
from trialdocs.model import AgeUnit, DateType, OverallStatus, Phase, Sex, StudyType
from trialdocs.sources import iter_bytes

MINIMAL_V2 = {
    "protocolSection": {
        "identificationModule": {"nctId": "NCT01234567", "briefTitle": "Aspirin for headache"},
        "statusModule": {
            "overallStatus": "RECRUITING",
            "startDateStruct": {"date": "2024-05", "type": "ACTUAL"},
        },
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Acme", "class": "INDUSTRY"}},
        "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE1", "PHASE2"]},
        "eligibilityModule": {
            "eligibilityCriteria": "Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* Age \\<18\n",
            "sex": "ALL",
            "minimumAge": "18 Years",
            "maximumAge": "N/A",
        },
        "armsInterventionsModule": {
            "armGroups": [{"label": "A", "type": "EXPERIMENTAL", "interventionNames": ["Drug: Aspirin"]}],
            "interventions": [{"type": "DRUG", "name": "Aspirin", "otherNames": ["aspirin", "ASA"]}],
        },
    }
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_v2_single_study_is_normalized(tmp_path: Path) -> None:
    trial = load_one(write(tmp_path, "s.json", json.dumps(MINIMAL_V2)))
    assert trial.nct_id == "NCT01234567"
    assert trial.phases == (Phase.PHASE1, Phase.PHASE2)
    assert trial.overall_status is OverallStatus.RECRUITING
    assert trial.dates.start is not None and trial.dates.start.date == "2024-05"
    assert trial.dates.start.type is DateType.ACTUAL
    assert trial.eligibility.minimum_age is not None
    assert (trial.eligibility.minimum_age.value, trial.eligibility.minimum_age.unit) == (18, AgeUnit.YEARS)
    assert trial.eligibility.maximum_age is None
    assert trial.eligibility.exclusion[0].text == "Age <18"
    assert trial.arms[0].interventions == ("Aspirin",)
    assert trial.interventions[0].other_names == ("ASA",)


def test_v2_list_response_array_and_ndjson(tmp_path: Path) -> None:
    other = json.loads(json.dumps(MINIMAL_V2))
    other["protocolSection"]["identificationModule"]["nctId"] = "NCT07654321"
    listing = write(tmp_path, "page.json", json.dumps({"studies": [MINIMAL_V2, other], "nextPageToken": "x"}))
    array = write(tmp_path, "download.json", json.dumps([MINIMAL_V2, other]))
    ndjson = write(tmp_path, "s.ndjson", json.dumps(MINIMAL_V2) + "\n\n" + json.dumps(other) + "\n")
    for path in (listing, array, ndjson):
        assert [t.nct_id for t in load(path)] == ["NCT01234567", "NCT07654321"]


def test_directory_is_walked_in_sorted_order(tmp_path: Path) -> None:
    other = json.loads(json.dumps(MINIMAL_V2))
    other["protocolSection"]["identificationModule"]["nctId"] = "NCT00000009"
    write(tmp_path, "b.json", json.dumps(MINIMAL_V2))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.json", json.dumps(other))
    write(tmp_path, "notes.txt", "ignored")
    assert [t.nct_id for t in load(tmp_path)] == ["NCT01234567", "NCT00000009"]


def test_canonical_round_trip_yaml_and_json(fixture_yaml: Path) -> None:
    trial = load_one(fixture_yaml)
    for fmt in ("yaml", "json"):
        (back,) = list(iter_bytes(dump(trial, fmt).encode(), suffix=f".{fmt}"))  # type: ignore[arg-type]
        assert back == trial


def test_fixture_matches_the_seed_page(fixture_yaml: Path) -> None:
    trial = load_one(fixture_yaml)
    assert trial.acronym == "REALL_CART"
    assert trial.phases == (Phase.PHASE1,)
    assert trial.study_type is StudyType.INTERVENTIONAL
    assert trial.enrollment is not None and trial.enrollment.count == 10
    assert trial.enrollment.type is DateType.ESTIMATED
    assert trial.eligibility.minimum_age is None
    assert str(trial.eligibility.maximum_age) == "30 years"
    assert trial.eligibility.sex is Sex.ALL
    assert [i.name for i in trial.interventions] == ["CART", "chemotherapy", "prednisone"]
    assert len(trial.eligibility.inclusion) == 13
    assert len(trial.eligibility.exclusion) == 10
    assert "Lansky (age <16 years) or Karnofsky (age ≥16 years) score of 50 or greater." in [
        c.text for c in trial.eligibility.inclusion
    ]
    assert (trial.locations[0].city, trial.locations[0].country) == ("Madrid", "Spain")
    assert trial.lay is not None and str(trial.lay.reviewed) == "2026-05-15"


LEGACY = b"""<?xml version="1.0" encoding="UTF-8"?>
<clinical_study>
  <required_header><download_date>ClinicalTrials.gov processed this data on May 11, 2016</download_date></required_header>
  <id_info><org_study_id>X-1</org_study_id><nct_id>NCT00000475</nct_id></id_info>
  <brief_title>Vaccine study</brief_title>
  <sponsors><lead_sponsor><agency>St. Vincent</agency><agency_class>U.S. Fed</agency_class></lead_sponsor></sponsors>
  <overall_status>Active, not recruiting</overall_status>
  <start_date>April 1991</start_date>
  <completion_date type="Anticipated">September 1, 2020</completion_date>
  <phase>Phase 1/Phase 2</phase>
  <study_type>Interventional</study_type>
  <study_design_info>
    <intervention_model>Parallel Assignment</intervention_model>
    <masking>Double (Participant, Outcomes Assessor)</masking>
  </study_design_info>
  <enrollment type="Anticipated">40</enrollment>
  <eligibility>
    <criteria><textblock>
        Inclusion Criteria:

          -  Adults with cancer

        Exclusion Criteria:

          -  Pregnant
    </textblock></criteria>
    <gender>Both</gender>
    <minimum_age>3 Months</minimum_age>
    <maximum_age>N/A</maximum_age>
    <healthy_volunteers>Accepts Healthy Volunteers</healthy_volunteers>
  </eligibility>
</clinical_study>
"""


def test_legacy_xml_display_values_map_to_enums(tmp_path: Path) -> None:
    trial = load_one(write(tmp_path, "x.xml", LEGACY))
    assert trial.overall_status is OverallStatus.ACTIVE_NOT_RECRUITING
    assert trial.phases == (Phase.PHASE1, Phase.PHASE2)
    assert trial.sponsor.kind is not None and trial.sponsor.kind.value == "FED"
    assert trial.design.intervention_model is not None and trial.design.intervention_model.value == "PARALLEL"
    assert [w.value for w in trial.design.who_masked] == ["PARTICIPANT", "OUTCOMES_ASSESSOR"]
    assert trial.dates.start is not None and trial.dates.start.date == "1991-04"
    assert trial.dates.completion is not None and trial.dates.completion.date == "2020-09-01"
    assert trial.dates.completion.type is DateType.ESTIMATED
    assert trial.dates.version is not None and trial.dates.version.date == "2016-05-11"
    assert trial.eligibility.sex is Sex.ALL
    assert trial.eligibility.healthy_volunteers is True
    assert str(trial.eligibility.minimum_age) == "3 months"
    assert trial.eligibility.maximum_age is None
    assert [g.value for g in trial.eligibility.std_ages] == ["CHILD", "ADULT", "OLDER_ADULT"]
    assert [c.text for c in trial.eligibility.exclusion] == ["Pregnant"]


# ------------------------------------------------------------------ bad input


def only_error(path: Path) -> SourceError:
    (item,) = list(iter_load([path]))
    assert isinstance(item, SourceError), item
    return item


def test_truncated_json_is_unreadable_and_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.json", json.dumps(MINIMAL_V2)[:120])
    err = only_error(path)
    assert isinstance(err, UnreadableInputError)
    assert err.file == str(path)
    assert "invalid JSON at line 1" in str(err)


def test_json_that_is_not_a_study(tmp_path: Path) -> None:
    err = only_error(write(tmp_path, "pkg.json", json.dumps({"name": "left-pad", "version": "1.0"})))
    assert isinstance(err, UnreadableInputError)
    assert "not a clinical study" in str(err)


def test_unknown_phase_names_record_and_path(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL_V2))
    data["protocolSection"]["designModule"]["phases"] = ["PHASE1", "PHASE9"]
    path = write(tmp_path, "p.json", json.dumps(data))
    err = only_error(path)
    assert isinstance(err, FieldError)
    assert err.nct_id == "NCT01234567"
    assert err.path == "$.protocolSection.designModule.phases[1]"
    assert str(err) == f"{path}: NCT01234567: unknown Phase value 'PHASE9' @ $.protocolSection.designModule.phases[1]"


def test_missing_nct_id_path(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL_V2))
    del data["protocolSection"]["identificationModule"]["nctId"]
    err = only_error(write(tmp_path, "n.json", json.dumps(data)))
    assert str(err).endswith("missing value @ $.protocolSection.identificationModule.nctId")


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL_V2))
    data["protocolSection"]["eligibilityModule"]["minimumAge"] = {"oops": 1}
    err = only_error(write(tmp_path, "t.json", json.dumps(data)))
    assert err.path == "$.protocolSection.eligibilityModule.minimumAge"


def test_bad_record_in_a_list_keeps_its_index(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(MINIMAL_V2))
    bad["protocolSection"]["identificationModule"]["nctId"] = "NCT00000002"
    bad["protocolSection"]["statusModule"]["overallStatus"] = "DANCING"
    items = list(iter_load([write(tmp_path, "l.json", json.dumps({"studies": [MINIMAL_V2, bad]}))]))
    assert not isinstance(items[0], SourceError)
    err = items[1]
    assert isinstance(err, SourceError)
    assert err.nct_id == "NCT00000002"
    assert err.path == "$.studies[1].protocolSection.statusModule.overallStatus"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<clinical_study><brief_title>&lol3;</brief_title></clinical_study>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<clinical_study><brief_title>&ext;</brief_title></clinical_study>
"""


@pytest.mark.parametrize("payload", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_are_refused(tmp_path: Path, payload: bytes) -> None:
    err = only_error(write(tmp_path, "bomb.xml", payload))
    assert isinstance(err, UnreadableInputError)
    assert "unsafe XML refused" in str(err)


def test_yaml_object_tags_are_refused(tmp_path: Path) -> None:
    err = only_error(write(tmp_path, "evil.yaml", "nct_id: !!python/object/apply:os.system ['echo hi']\n"))
    assert isinstance(err, UnreadableInputError)
    assert "invalid YAML" in str(err)


def test_canonical_error_path(tmp_path: Path) -> None:
    text = "nct_id: NCT01234567\nbrief_title: x\noverall_status: RECRUITING\nsponsor: {name: A}\nphases: [PHASE7]\n"
    err = only_error(write(tmp_path, "c.yaml", text))
    assert err.nct_id == "NCT01234567"
    assert err.path == "$.phases[0]"


def test_directory_with_one_bad_file_yields_all_good_records(tmp_path: Path) -> None:
    for i in range(3):
        data = json.loads(json.dumps(MINIMAL_V2))
        data["protocolSection"]["identificationModule"]["nctId"] = f"NCT0000000{i}"
        write(tmp_path, f"{i}.json", json.dumps(data))
    write(tmp_path, "9-bad.json", '{"protocolSection": ')
    items = list(iter_load([tmp_path]))
    assert [i.nct_id for i in items if not isinstance(i, SourceError)] == ["NCT00000000", "NCT00000001", "NCT00000002"]
    assert [type(i).__name__ for i in items if isinstance(i, SourceError)] == ["UnreadableInputError"]
    with pytest.raises(UnreadableInputError):
        load(tmp_path)
