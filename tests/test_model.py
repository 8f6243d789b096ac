import datetime as dt

import pydantic
import pytest

from trialdocs.model import Age, AgeUnit, Intervention, PartialDate, Trial, fold_key, json_schema

BASE = {
    "nct_id": "NCT00000001",
    "brief_title": "A study",
    "overall_status": "RECRUITING",
    "sponsor": {"name": "Acme", "kind": "INDUSTRY"},
}


def test_fold_key_ignores_case_and_punctuation() -> None:
    assert fold_key("CAR-T") == fold_key("CAR T") == fold_key("cart") == "cart"
    assert fold_key("chimeric antigen receptor") != fold_key("CART")


def test_interventions_fold_names_across_the_trial() -> None:
    trial = Trial.model_validate(
        {
            **BASE,
            "interventions": [
                {"name": "CART", "other_names": ["CAR-T", "chimeric antigen receptor", "CAR T"], "arm_labels": ["A"]},
                {"name": "Car T", "other_names": ["cart"], "arm_labels": ["B"]},
                {"name": "Prednisone", "other_names": ["prednisone"]},
            ],
        }
    )
    assert [i.name for i in trial.interventions] == ["CART", "Prednisone"]
    assert trial.interventions[0].other_names == ("chimeric antigen receptor",)
    assert trial.interventions[0].arm_labels == ("A", "B")
    assert trial.interventions[1].other_names == ()


def test_trial_is_immutable() -> None:
    trial = Trial.model_validate(BASE)
    with pytest.raises(pydantic.ValidationError):
        trial.nct_id = "NCT00000002"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["NCT123", "../../x", "NCT1/../../y", "nct00000001"])
def test_nct_id_must_be_well_formed(bad: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        Trial.model_validate({**BASE, "nct_id": bad})


def test_partial_date_keeps_precision() -> None:
    month = PartialDate(date="2024-05")
    assert month.precision == "month"
    assert month.first_day == dt.date(2024, 5, 1)
    assert PartialDate.model_validate({"date": 2024}).precision == "year"
    assert PartialDate.model_validate({"date": dt.date(2024, 5, 6)}).date == "2024-05-06"
    with pytest.raises(pydantic.ValidationError):
        PartialDate(date="2024-13")


def test_age_reads_in_words() -> None:
    assert str(Age(value=30, unit=AgeUnit.YEARS)) == "30 years"
    assert str(Age(value=1, unit=AgeUnit.MONTHS)) == "1 month"


def test_eligibility_text_alone_is_parsed() -> None:
    trial = Trial.model_validate({**BASE, "eligibility": {"text": "Exclusion Criteria:\n\n* Pregnant \\<18\n"}})
    assert trial.eligibility.inclusion == ()
    assert trial.eligibility.exclusion[0].text == "Pregnant <18"


def test_json_schema_describes_the_document() -> None:
    schema = json_schema()
    assert schema["title"] == "Trial"
    assert {"nct_id", "brief_title", "overall_status", "sponsor"} <= set(schema["required"])
    assert "EARLY_PHASE1" in schema["$defs"]["Phase"]["enum"]


def test_intervention_requires_a_name() -> None:
    with pytest.raises(pydantic.ValidationError):
        Intervention.model_validate({"type": "DRUG"})
