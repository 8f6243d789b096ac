"""Rules of the fit lists found by the blind reviews, each on a small record written for the test (expected
bullets written by hand)."""

from __future__ import annotations

from trialdocs import Trial
from trialdocs.summary import build_summary


def lists(criteria: str) -> tuple[list[str], list[str]]:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000009",
            "brief_title": "A study",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "eligibility": {"text": criteria},
        }
    )
    s = build_summary(trial)
    return [p.text for p in s.good_fit.paragraphs], [p.text for p in s.not_a_fit.paragraphs]


def test_options_after_one_of_the_following_stay_with_it() -> None:
    good, _ = lists(
        "Inclusion Criteria:\n\n* Diabetes as one of the following within 90 days:\n  * Measured as an outpatient.\n"
        "* A. HbA1c >= 6.5%, OR\n* B. Two fasting glucose >= 126 mg/dL, OR\n* C. A diabetes medicine\n\n"
        "Exclusion Criteria:\n\n* Pregnancy"
    )
    assert good[0] == (
        "Diabetes as one of the following within 90 days: Measured as an outpatient. A. HbA1c at least 6.5%, OR "
        "B. Two fasting glucose (blood sugar) at least 126 mg/dL, OR C. A diabetes medicine."
    )


def test_an_exclusion_written_as_a_need_is_quoted_and_a_time_is_kept() -> None:
    _, bad = lists(
        "Inclusion Criteria:\n\n* Diabetes\n\nExclusion Criteria:\n\n"
        "* In the investigator's judgement, subject does not have any co-morbidities that limit participation\n"
        "* Pregnancy or intention to become pregnant during the study period\n"
        "* Refusal to sign informed consent form"
    )
    assert bad[:3] == [
        "The record lists: “In the investigator's judgement, subject does not have any co-morbidities that limit participation”.",
        "Pregnancy or intention to become pregnant during the study period.",
        "Other reasons in the full list include not being willing to give consent.",
    ]


def test_a_need_behind_routine_words_is_no_routine_criterion() -> None:
    good, bad = lists(
        "Inclusion Criteria:\n\n* Type 2 diabetes\n* Able to read and understand English\n* Signed informed consent\n\n"
        "Exclusion Criteria:\n\n* Patient unable to use mobile phone for reading the glucose sensor"
    )
    assert "Able to read and understand English." in good
    assert "The full list also asks for a signed consent form." in good
    assert bad[0] == "Person unable to use mobile phone for reading the glucose (blood sugar) sensor."


def test_the_illness_is_said_by_its_criterion_only() -> None:
    good, _ = lists("Inclusion Criteria:\n\n* Newly diagnosed type 2 diabetes\n\nExclusion Criteria:\n\n* Pregnancy")
    assert good[:2] == [
        "Newly diagnosed type 2 diabetes.",
        "This list is not complete. See the full list below. A study doctor will check it with you.",
    ]


def test_a_range_around_its_measure_keeps_both_limits() -> None:
    good, _ = lists("Inclusion Criteria:\n\n* 2.Type 1 diabetes with 7%≤HbA1c≤9.0%\n\nExclusion Criteria:\n\n* Pregnancy")
    assert good[0] == "Type 1 diabetes with HbA1c at least 7% and at most 9.0%."


def test_ages_in_the_criteria_that_differ_from_the_age_fields_are_shown_instead() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000009",
            "brief_title": "A study",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "eligibility": {
                "text": "Inclusion Criteria:\n\n* Males and females between 8 and 18 years old\n* Type 1 diabetes\n\n"
                "Exclusion Criteria:\n\n* Pregnancy",
                "minimum_age": {"value": 8},
                "maximum_age": {"value": 21},
            },
        }
    )
    good = [p.text for p in build_summary(trial).good_fit.paragraphs]
    assert "Males and females between 8 and 18 years old." in good
    assert not any(t.startswith("Your age is") for t in good)


def test_dialysis_is_no_blood_test_and_a_permission_with_a_limit_is_no_preamble() -> None:
    good, bad = lists(
        "Inclusion Criteria:\n\n* Type 2 diabetes\n* However, patients above 70 years may join if they meet the "
        "following criteria:\n* Digital literacy\n\nExclusion Criteria:\n\n"
        "* Serum creatinine 2 times higher than the upper limit of normal; currently undergoing dialysis"
    )
    assert good[1].startswith("However, people above 70 years may join if they meet the following criteria")
    assert (
        bad[0] == "Serum creatinine (a kidney test) 2 times higher than the upper limit of normal; currently undergoing dialysis."
    )


def test_no_exclusion_criteria_but_a_description_that_names_some() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000009",
            "brief_title": "A study",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "detailed_description": "The following exclusion criteria will be used: smokers.",
            "eligibility": {"text": "Inclusion Criteria:\n\n* Type 2 diabetes"},
        }
    )
    assert [p.text for p in build_summary(trial).not_a_fit.paragraphs] == [
        "The eligibility criteria list no reasons that keep people out, but the study's description does: "
        "“The following exclusion criteria will be used: smokers”.",
        "Ask the study team if you are not sure.",
    ]


def test_healthy_volunteers_are_said_where_no_criterion_asks_for_an_illness() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000009",
            "brief_title": "A program",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "conditions": ["Lipid Disorder"],
            "eligibility": {
                "text": "Inclusion Criteria:\n\n* Men and women age ≥18 years of age\n\nExclusion Criteria:\n\n* Pregnancy",
                "minimum_age": {"value": 18},
                "healthy_volunteers": True,
            },
        }
    )
    good = [p.text for p in build_summary(trial).good_fit.paragraphs]
    assert good[:2] == ["Your age is 18 years and older.", "Healthy people can join."]


def test_lines_under_a_whole_sentence_are_criteria_of_their_own() -> None:
    _, bad = lists(
        "Inclusion Criteria:\n\n* Type 2 diabetes\n\nExclusion Criteria:\n\n* Renal failure patients.\n"
        "  * Acute pancreatitis.\n  * Hyperthyroidism.\n* Any of the following:\n  * HIV\n  * Hepatitis B"
    )
    assert bad[:4] == [
        "Kidney failure people.",
        "Acute pancreatitis.",
        "Hyperthyroidism.",
        "Any of the following: HIV; Hepatitis B.",
    ]


def test_healthy_people_are_not_said_beside_a_criterion_that_asks_for_more() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "NCT00000009",
            "brief_title": "A study",
            "overall_status": "RECRUITING",
            "sponsor": {"name": "A"},
            "conditions": ["Type 2 Diabetes"],
            "eligibility": {
                "text": "Inclusion Criteria:\n\n* Adults over 18\n* HbA1c of 6.3% or more\n\nExclusion Criteria:\n\n* Pregnancy",
                "minimum_age": {"value": 18},
                "healthy_volunteers": True,
            },
        }
    )
    assert "Healthy people can join." not in [p.text for p in build_summary(trial).good_fit.paragraphs]


def test_hepatic_b_is_hepatitis_b_not_the_liver() -> None:
    _, bad = lists("Inclusion Criteria:\n\n* Type 2 diabetes\n\nExclusion Criteria:\n\n* Heart disease, hepatic C or B")
    assert bad[0] == "Heart disease, hepatic C or B."
