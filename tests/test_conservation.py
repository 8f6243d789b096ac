"""The conservation checker: each kind of loss planted once, by hand, and a faithful rewrite that loses nothing."""

from __future__ import annotations

import pytest

from trialdocs.conservation import losses


def kinds(criterion: str, sentence: str, group: str | None = None) -> list[str]:
    return [loss.kind for loss in losses(criterion, sentence, group=group)]


def test_a_faithful_rewrite_loses_nothing() -> None:
    criterion = "Age ≥ 18 years and ECOG ≤ 1 within 28 days before the first dose, unless on dialysis"
    sentence = "You are at least 18 years old and your ECOG is at most 1 within 28 days before the first dose, unless you are on dialysis"
    assert losses(criterion, sentence) == []


@pytest.mark.parametrize(
    ("criterion", "sentence", "kind"),
    [
        # the window dropped: "You have been treated with anticancer immunotherapies"
        (
            "Treated with anticancer immunotherapy within 3 months before the first dose",
            "You have been treated with anticancer immunotherapy",
            "number",
        ),
        ("HbA1c ≥ 7.5%", "Your HbA1c is 7.5% or less", "direction"),
        ("BMI > 30 kg/m2", "Your BMI is under 30 kg/m2", "direction"),
        ("Surgery within 4 weeks before screening", "You had surgery within 4 weeks", "window"),
        ("Brain metastases, unless treated and stable", "You have brain metastases", "exception"),
        ("Other cancers, except basal cell carcinoma", "You have another cancer", "exception"),
        (
            "Symptomatic brain metastases that cannot be controlled",
            "You have brain metastases that cannot be controlled",
            "qualifier",
        ),
        ("Uncontrolled hypertension", "You have high blood pressure", "qualifier"),
        ("No prior chemotherapy", "You had chemotherapy before", "negation"),
        ("Positive pregnancy test or breastfeeding", "You have a positive pregnancy test and are breastfeeding", "alternative"),
        ("Age 18 to 65 years", "Your age is 18 to 65 years", None),
        ("No more than 3 prior therapies", "You had at most 3 prior therapies", None),
        (
            "You have relapsed or refractory leukemia",
            "You have relapsed (came back) or refractory (more details in the full list)",
            "cut",
        ),
        ("English speaking and able to consent", "You speak English and", "cut"),
    ],
)
def test_each_kind_of_loss_is_found(criterion: str, sentence: str, kind: str | None) -> None:
    found = kinds(criterion, sentence)
    if kind is None:
        assert found == []
    else:
        assert kind in found, found


def test_a_group_heading_must_be_said() -> None:
    assert kinds("Age ≥ 60 years", "You are at least 60 years old", group="Cohort 2") == ["group"]
    assert kinds("Age ≥ 60 years", "Cohort 2: you are at least 60 years old", group="Cohort 2") == []


def test_plain_words_from_the_lexicon_keep_a_qualifier() -> None:
    assert kinds("Metastatic breast cancer", "You have breast cancer that has spread") == []
