"""The evidence layer: each claim backed by the record's fields, or not said.

Every record here is made by hand for one claim, and every expected value was worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trialdocs import Trial, evidence
from trialdocs.model import InterventionModel, StudyType


def trial(**fields: Any) -> Trial:
    base: dict[str, Any] = {"nct_id": "NCT00000001", "brief_title": "x", "overall_status": "RECRUITING", "sponsor": {"name": "A"}}
    return Trial.model_validate(base | fields)


TWO_ARMS = [
    {"label": "Drug X", "type": "EXPERIMENTAL"},
    {"label": "Usual care", "type": "ACTIVE_COMPARATOR"},
]


def test_an_active_comparator_is_backed_only_by_a_product_the_experimental_arm_does_not_test() -> None:
    differs = trial(
        arms=TWO_ARMS,
        interventions=[
            {"name": "Drug X", "type": "DRUG", "arm_labels": ["Drug X"]},
            {"name": "Aspirin", "type": "DRUG", "arm_labels": ["Usual care"]},
        ],
    )
    found = evidence.active_comparators(differs)
    assert found is not None and [i.name for i in found] == ["Aspirin"]
    # A donor comparison: both arms get the same drugs, so nothing is "already in use" for comparison.
    shared = trial(
        arms=TWO_ARMS,
        interventions=[{"name": "Cyclophosphamide", "type": "DRUG", "arm_labels": ["Drug X", "Usual care"]}],
    )
    assert evidence.active_comparators(shared) is None
    # No intervention linked to the comparator arm: nothing to name.
    unlinked = trial(arms=TWO_ARMS, interventions=[{"name": "Drug X", "type": "DRUG", "arm_labels": ["Drug X"]}])
    assert evidence.active_comparators(unlinked) is None


def test_medicine_words_need_every_tested_product_to_be_a_medicine() -> None:
    app = trial(
        arms=[{"label": "App", "type": "EXPERIMENTAL"}, {"label": "Sham app", "type": "SHAM_COMPARATOR"}],
        interventions=[
            {"name": "Phone app", "type": "DEVICE", "arm_labels": ["App"]},
            {"name": "Sham app", "type": "DEVICE", "arm_labels": ["Sham app"]},
        ],
    )
    assert not evidence.is_medicine(app)
    pill = trial(arms=TWO_ARMS[:1], interventions=[{"name": "Drug X", "type": "DRUG", "arm_labels": ["Drug X"]}])
    assert evidence.is_medicine(pill)
    # A placebo-only intervention is a comparison, never a treatment studied.
    placebo_arm = trial(
        arms=[{"label": "A", "type": "EXPERIMENTAL"}, {"label": "B", "type": "PLACEBO_COMPARATOR"}],
        interventions=[
            {"name": "Drug X", "type": "DRUG", "arm_labels": ["A"]},
            {"name": "Saline", "type": "DRUG", "arm_labels": ["B"]},
        ],
    )
    assert [i.name for i in evidence.tested(placebo_arm)] == ["Drug X"]
    assert evidence.is_comparator_only(placebo_arm, placebo_arm.interventions[1])


def test_an_observational_study_that_injects_something_gives_something() -> None:
    tracer = trial(
        study_type="OBSERVATIONAL",
        interventions=[{"name": "Sumatriptan", "type": "DRUG"}, {"name": "Questionnaire", "type": "OTHER"}],
    )
    assert tracer.study_type is StudyType.OBSERVATIONAL
    assert [i.name for i in evidence.given(tracer)] == ["Sumatriptan"]
    assert evidence.given(trial(study_type="OBSERVATIONAL", interventions=[{"name": "Survey", "type": "OTHER"}])) == ()


def test_who_takes_part_is_read_from_headings_groups_and_the_subject_of_a_criterion() -> None:
    text = "Inclusion Criteria:\n\nPatients:\n\n* Type 1 diabetes\n\nHealthy controls:\n\n* No diabetes\n\nExclusion Criteria:\n\n* None"
    pop = evidence.population(trial(eligibility={"text": text}))
    assert pop.has("healthy")
    # "Control" is a trial's comparison arm, not people without the illness ...
    assert not evidence.population(trial(study_type="INTERVENTIONAL", arms=[{"label": "Control"}])).has("healthy")
    # ... but in an observational study it is a control group.
    assert evidence.population(trial(study_type="OBSERVATIONAL", arms=[{"label": "Controls"}])).has("healthy")
    doctors = evidence.population(trial(eligibility={"text": "Inclusion Criteria:\n\n* Currently employed as a physician\n"}))
    assert "clinicians" in doctors.kinds and not doctors.patients
    relatives = evidence.population(trial(eligibility={"text": "Inclusion Criteria:\n\n* First-degree relatives of a patient\n"}))
    assert relatives.has("relatives")
    # A passing word is not a group: consent by a parent does not make parents take part.
    consent = "Inclusion Criteria:\n\n* Children aged 6 to 12\n* Parent or legal guardian gives written consent\n"
    assert not evidence.population(trial(eligibility={"text": consent})).has("carers")


def test_the_illness_is_the_one_the_criteria_require_with_its_qualifier() -> None:
    t = trial(
        conditions=["Acute Lymphoblastic Leukemia", "Diabetic Retinopathy"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Relapsed or refractory acute lymphoblastic leukemia\n* Age 1 to 21 years\n"
        },
    )
    found = evidence.required_illness(t, ("acute lymphoblastic leukemia", "diabetic retinopathy"))
    assert found is not None
    assert found.name == "relapsed or refractory acute lymphoblastic leukemia"
    assert found.source == "conditions[0]; eligibility.inclusion[0]"
    # A condition no criterion asks for is never said to be who the study is for.
    assert evidence.required_illness(t, ("diabetic retinopathy",)) is None
    # Negated in the criteria: not required.
    no = trial(eligibility={"text": "Inclusion Criteria:\n\n* No history of diabetes\n"})
    assert evidence.required_illness(no, ("diabetes",)) is None
    # A registry bucket is not an illness a person has.
    other = trial(eligibility={"text": "Inclusion Criteria:\n\n* Other leukemia\n"})
    assert evidence.required_illness(other, ("other leukemia",)) is None


def test_several_required_illnesses_are_all_named() -> None:
    t = trial(eligibility={"text": "Inclusion Criteria:\n\n* Diagnosis of leukemia, lymphoma or myelodysplastic syndrome\n"})
    found = evidence.required_illness(t, ("leukemia", "lymphoma", "myelodysplastic syndrome"))
    assert found is not None and found.name == "leukemia, lymphoma or myelodysplastic syndrome"


def test_acronyms_the_record_defines_count_as_their_long_form() -> None:
    t = trial(eligibility={"text": "Inclusion Criteria:\n\n* Confirmed NSCLC\n"})
    assert evidence.required_illness(t, ("non-small cell lung cancer",)) is None
    found = evidence.required_illness(t, ("non-small cell lung cancer",), {"NSCLC": "non-small cell lung cancer"})
    assert found is not None and found.name == "non-small cell lung cancer"


def test_dose_finding_and_size_need_their_own_evidence() -> None:
    fixed = trial(brief_title="Safety of a single 10 mg dose of Drug X")
    assert evidence.dose_finding(fixed) is None
    escalation = trial(arms=[{"label": "Dose escalation", "description": "3+3 design"}])
    assert evidence.dose_finding(escalation) == "arms[0].description"
    assert not evidence.is_large(trial(enrollment={"count": 2}))
    assert not evidence.is_large(trial(enrollment={"count": 150}))
    assert evidence.is_large(trial(enrollment={"count": 300}))


def test_a_record_older_than_two_years_is_stale_only_against_a_given_today() -> None:
    t = trial(dates={"last_update_posted": {"date": "2020-01-15"}})
    assert evidence.stale(t, None) is None
    assert evidence.stale(t, dt.date(2021, 12, 31)) is None
    assert evidence.stale(t, dt.date(2022, 1, 20)) == dt.date(2020, 1, 15)


def test_joining_is_backed_only_while_the_study_takes_people() -> None:
    assert evidence.can_join(trial(overall_status="RECRUITING"))
    assert evidence.can_join(trial(overall_status="NOT_YET_RECRUITING"))
    for status in ("ENROLLING_BY_INVITATION", "ACTIVE_NOT_RECRUITING", "COMPLETED", "UNKNOWN", "WITHDRAWN"):
        assert not evidence.can_join(trial(overall_status=status)), status


def test_a_final_status_is_never_stale_and_a_passed_plan_is_overdue() -> None:
    done = trial(overall_status="COMPLETED", dates={"last_update_posted": {"date": "2015-01-01"}})
    assert evidence.stale(done, dt.date(2026, 12, 3)) is None
    assert evidence.overdue(done, dt.date(2026, 12, 3)) is None
    soon = trial(overall_status="NOT_YET_RECRUITING", dates={"start": {"date": "2023-09", "type": "ESTIMATED"}})
    assert evidence.overdue(soon, dt.date(2026, 12, 3)) == (
        "planned start date",
        "2023-09",
    )  # the registry's month, no made-up day
    assert evidence.overdue(soon, None) is None
    running = trial(dates={"completion": {"date": "2026-01-31", "type": "ESTIMATED"}})
    assert evidence.overdue(running, dt.date(2026, 12, 3)) == ("planned end date", "2026-01-31")
    # Only a primary completion date: it is named as what it is.
    primary = trial(dates={"primary_completion": {"date": "2011-05", "type": "ESTIMATED"}})
    assert evidence.overdue(primary, dt.date(2026, 12, 3)) == ("planned date for its main results", "2011-05")
    # "Recruiting" beside main results the record says were collected: out of date, whatever the planned end.
    collected = trial(
        dates={
            "primary_completion": {"date": "2021-05-31", "type": "ACTUAL"},
            "completion": {"date": "2030-05-31", "type": "ESTIMATED"},
        }
    )
    assert evidence.overdue(collected, dt.date(2026, 12, 3)) == ("date for its main results", "2021-05-31")
    assert (
        evidence.overdue(collected.model_copy(update={"overall_status": "ACTIVE_NOT_RECRUITING"}), dt.date(2026, 12, 3)) is None
    )


def test_a_placebo_arm_needs_its_own_words_to_be_called_one() -> None:
    diet = trial(
        arms=[{"label": "Diet alone", "type": "PLACEBO_COMPARATOR", "description": "diet counseling"}],
        interventions=[{"name": "Diet counseling", "type": "BEHAVIORAL", "arm_labels": ["Diet alone"]}],
    )
    assert not evidence.placebo_backed(diet)
    pill = trial(
        arms=[{"label": "Control", "type": "PLACEBO_COMPARATOR"}],
        interventions=[{"name": "Matching placebo tablet", "type": "DRUG", "arm_labels": ["Control"]}],
    )
    assert evidence.placebo_backed(pill)


def test_without_an_experimental_arm_the_active_comparator_may_be_the_tested_product() -> None:
    # Pregabalin plus morphine against placebo plus morphine: the "active comparator" arm is what is tested.
    t = trial(
        arms=[{"label": "Pregabalin", "type": "ACTIVE_COMPARATOR"}, {"label": "Placebo", "type": "PLACEBO_COMPARATOR"}],
        design={"allocation": "RANDOMIZED", "intervention_model": "PARALLEL"},
        interventions=[
            {"name": "Pregabalin", "type": "DRUG", "arm_labels": ["Pregabalin"]},
            {"name": "Placebo", "type": "DRUG", "arm_labels": ["Placebo"]},
            {"name": "Morphine", "type": "DRUG", "arm_labels": ["Pregabalin", "Placebo"]},
        ],
    )
    assert evidence.active_comparators(t) is None
    assert [i.name for i in evidence.background(t)] == ["Morphine"]


def test_what_every_group_gets_is_background_but_not_in_a_crossover() -> None:
    arms = [{"label": "A", "type": "EXPERIMENTAL"}, {"label": "B", "type": "ACTIVE_COMPARATOR"}]
    items = [
        {"name": "Drug X", "type": "DRUG", "arm_labels": ["A"]},
        {"name": "Aspirin", "type": "DRUG", "arm_labels": ["B"]},
        {"name": "Physiotherapy", "type": "BEHAVIORAL", "arm_labels": ["A", "B"]},
    ]
    parallel = trial(arms=arms, interventions=items, design={"intervention_model": "PARALLEL"})
    assert [i.name for i in evidence.background(parallel)] == ["Physiotherapy"]
    found = evidence.active_comparators(parallel)
    assert found is not None and [i.name for i in found] == ["Aspirin"]
    crossover = trial(arms=arms, interventions=items, design={"intervention_model": "CROSSOVER"})
    assert evidence.background(crossover) == ()
    # Everything shared leaves nothing to compare: nothing is set aside as background.
    alike = trial(arms=arms, interventions=[{"name": "Drug X", "type": "DRUG", "arm_labels": ["A", "B"]}])
    assert evidence.background(alike) == ()


def test_main_measures_name_a_theme_or_the_records_short_words_never_a_code() -> None:
    t = trial(
        interventions=[{"name": "Drug X", "type": "DRUG"}],
        primary_outcomes=[
            {"measure": "Number of participants with treatment-emergent adverse events"},
            {"measure": "Cmax of Drug X"},
            {"measure": "Incidence of TEAEs"},
            {"measure": "Sputum neutrophil percentage."},
            {"measure": "XR-7"},
            {"measure": "Primary Outcome Measure"},
            {"measure": "AUC of Drug X"},  # the same theme again: said once
        ],
    )
    m = evidence.main_measures(t)
    assert m is not None
    # The first measure's theme word comes late (past 45 characters), and its own words are too long: unnamed.
    assert m.named == ("drug levels in the blood", "side effects and safety", "Sputum neutrophil percentage")
    assert m.unnamed == 3
    # A device study's "AUC" is a test's accuracy, not a drug level.
    device = trial(interventions=[{"name": "Scanner", "type": "DEVICE"}], primary_outcomes=[{"measure": "AUC"}])
    assert evidence.main_measures(device) is None
    assert evidence.main_measures(trial()) is None


def test_a_phase_goal_is_said_only_where_the_primary_outcomes_back_it() -> None:
    drug = [{"name": "Drug X", "type": "DRUG"}]
    pk = trial(phases=["PHASE1"], interventions=drug, primary_outcomes=[{"measure": "AUC of Drug X in plasma"}])
    assert not evidence.phase_goal_backed(pk, "safety")
    assert not evidence.phase_goal_backed(pk, "helps")
    safety = trial(phases=["PHASE1"], interventions=drug, primary_outcomes=[{"measure": "Maximum tolerated dose"}])
    assert evidence.phase_goal_backed(safety, "safety")
    pain = trial(phases=["PHASE2"], interventions=drug, primary_outcomes=[{"measure": "Pain score at 6 weeks"}])
    assert evidence.phase_goal_backed(pain, "helps") and not evidence.phase_goal_backed(pain, "safety")
    dye = trial(
        phases=["PHASE3"],
        interventions=drug,
        design={"primary_purpose": "DIAGNOSTIC"},
        primary_outcomes=[{"measure": "Pain score at 6 weeks"}],
    )
    assert not evidence.phase_goal_backed(dye, "helps")
    # No primary outcome at all: the record does not contradict the phase's goal.
    assert evidence.phase_goal_backed(trial(phases=["PHASE2"], interventions=drug), "helps")


def test_a_criterion_that_narrows_the_illness_is_found_but_not_a_conditional_one() -> None:
    t = trial(
        conditions=["Non-small Cell Lung Cancer"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Stage III or IV non-small cell lung cancer after PD-1 treatment\n"
            "* If on medication for depression: a stable dose for 60 days\n"
        },
    )
    found = evidence.required_illness(t, ("non-small cell lung cancer",))
    assert found is not None
    narrow = evidence.narrowing_criterion(t, found)
    assert narrow is not None and narrow.text == "Stage III or IV non-small cell lung cancer after PD-1 treatment"
    plain = trial(conditions=["Asthma"], eligibility={"text": "Inclusion Criteria:\n\n* Asthma\n"})
    asthma = evidence.required_illness(plain, ("asthma",))
    assert asthma is not None and evidence.narrowing_criterion(plain, asthma) is None


def test_the_needs_that_decide_who_fits_are_found_and_routine_criteria_are_not() -> None:
    t = trial(
        eligibility={
            "text": "Inclusion Criteria:\n\n* Currently smoking tobacco\n* Diagnosed with type 1 diabetes less than 100 days ago\n"
            "* Aged 18 years or older\n* Able to give written informed consent\n* Bilirubin ≤ 1.5 x ULN\n"
            "* If on insulin: a stable dose for 3 months\n"
        }
    )
    assert [s.text for s in evidence.deciding_needs(t)] == [
        "Currently smoking tobacco",
        "Diagnosed with type 1 diabetes less than 100 days ago",
    ]


def test_illnesses_from_separate_criteria_are_all_required_and_a_physician_is_not_a_subject() -> None:
    both = trial(eligibility={"text": "Inclusion Criteria:\n\n* Obesity with BMI above 30\n* Type 2 diabetes\n"})
    found = evidence.required_illness(both, ("obesity", "type 2 diabetes"))
    assert found is not None and found.name == "obesity and type 2 diabetes"
    either = trial(eligibility={"text": "Inclusion Criteria:\n\n* Leukemia or lymphoma\n"})
    alternatives = evidence.required_illness(either, ("leukemia", "lymphoma"))
    assert alternatives is not None and alternatives.name == "leukemia or lymphoma"
    asthma = trial(eligibility={"text": "Inclusion Criteria:\n\n* Physician diagnosis of asthma\n"})
    assert not evidence.population(asthma).has("clinicians")


def test_the_later_passed_plan_is_named_and_lead_ins_and_mixed_healthy_lines_are_not_needs() -> None:
    both = trial(
        overall_status="NOT_YET_RECRUITING",
        dates={"start": {"date": "2024-03-01", "type": "ESTIMATED"}, "completion": {"date": "2025-05-31", "type": "ESTIMATED"}},
    )
    assert evidence.overdue(both, dt.date(2026, 12, 3)) == ("planned end date", "2025-05-31")
    lead = trial(
        eligibility={
            "text": "Inclusion Criteria:\n\n* Type II diabetic patients, 18 years and older, were included if the participants had:\n"
        }
    )
    assert evidence.deciding_needs(lead) == () and evidence.key_needs(lead) == ()
    mixed = trial(
        eligibility={
            "text": "Inclusion Criteria:\n\n* Healthy subjects and subjects with type 2 diabetes on metformin\n",
            "healthy_volunteers": True,
        }
    )
    assert evidence.healthy_criterion(mixed) is None


def test_the_qualifier_is_the_criterions_and_mixed_groupings_name_nothing() -> None:
    wider = trial(eligibility={"text": "Inclusion Criteria:\n\n* Locally advanced or metastatic non-small cell lung cancer\n"})
    found = evidence.required_illness(wider, ("Metastatic non-small cell lung cancer",))
    assert found is not None and found.name == "locally advanced or metastatic non-small cell lung cancer"
    # Two entries that come to one name are said once.
    both = evidence.required_illness(wider, ("Metastatic non-small cell lung cancer", "Non-small cell lung cancer"))
    assert both is not None and both.name == "locally advanced or metastatic non-small cell lung cancer"
    relapse = trial(eligibility={"text": "Inclusion Criteria:\n\n* Relapse or refractory lymphoblastic leukemia\n"})
    said = evidence.required_illness(relapse, ("Refractory lymphoblastic leukemia",))
    assert said is not None and said.name == "relapsed or refractory lymphoblastic leukemia"
    # "Relapsed or Resistant …" is no qualifier followed by a name: nothing is cut from it.
    resistant = trial(eligibility={"text": "Inclusion Criteria:\n\n* Relapsed or resistant acute leukaemia\n"})
    kept = evidence.required_illness(resistant, ("Relapsed or resistant acute leukaemia",))
    assert kept is not None and kept.name == "Relapsed or resistant acute leukaemia"
    # Two names in one criterion and a third in another: neither "and" nor "or" is what the criteria say.
    mixed = trial(eligibility={"text": "Inclusion Criteria:\n\n* Cervical disc disease or disc degeneration\n* Radiculopathy\n"})
    assert evidence.required_illness(mixed, ("cervical disc disease", "disc degeneration", "radiculopathy")) is None


def test_the_time_perspective_needs_the_outcomes_time_frames() -> None:
    def observed(perspective: str, *frames: str) -> Trial:
        return trial(
            study_type="OBSERVATIONAL",
            design={"time_perspective": perspective},
            primary_outcomes=[{"measure": "m", "time_frame": f} for f in frames],
        )

    assert evidence.perspective_backed(observed("CROSS_SECTIONAL", "1 day", "Baseline"))
    assert not evidence.perspective_backed(observed("CROSS_SECTIONAL", "Baseline", "12 months"))
    assert not evidence.perspective_backed(observed("CROSS_SECTIONAL", "Months 3, 6, 9, and 12"))
    assert evidence.perspective_backed(observed("PROSPECTIVE", "Baseline", "Month 6"))
    assert not evidence.perspective_backed(observed("PROSPECTIVE", "Baseline (single timepoint only)"))
    assert evidence.perspective_backed(observed("PROSPECTIVE"))


def test_a_group_the_title_names_and_the_page_leaves_out_is_found() -> None:
    smokers = trial(brief_title="Montelukast in Smokers With Asthma")
    assert evidence.title_group(smokers, "adults with asthma") == "Smokers"
    assert evidence.title_group(smokers, "adult smokers with asthma") is None
    t2 = trial(brief_title="Drug X for T2DM")
    assert evidence.title_group(t2, "adults with diabetes") == "T2DM"
    assert evidence.title_group(t2, "adults with type 2 diabetes") is None
    foot = trial(brief_title="Dressings for Diabetic Foot Ulcers")
    assert evidence.title_group(foot, "adults with foot ulcers") == "Diabetic"
    assert evidence.title_group(foot, "adults with diabetic foot ulcers") is None
    # Ages on the page already say "infants".
    babies = trial(brief_title="Vitamin D in Infants", eligibility={"maximum_age": {"value": 12, "unit": "months"}})
    assert evidence.title_group(babies, "children aged up to 12 months") is None
    assert evidence.title_group(trial(brief_title="Post-partum Depression"), "women with postpartum depression") is None


def test_the_model_and_chance_need_the_records_own_words_to_agree() -> None:
    def designed(model: str, words: str | None, allocation: str = "RANDOMIZED", summary: str | None = None) -> Trial:
        return trial(
            design={"intervention_model": model, "allocation": allocation, "intervention_model_description": words},
            brief_summary=summary,
            arms=TWO_ARMS,
        )

    assert evidence.intervention_model(designed("PARALLEL", "Two arms in parallel")) is InterventionModel.PARALLEL
    assert evidence.intervention_model(designed("PARALLEL", None)) is InterventionModel.PARALLEL
    assert evidence.intervention_model(designed("SEQUENTIAL", "Cohorts are enrolled in parallel")) is None
    assert evidence.intervention_model(designed("PARALLEL", "The control arm may cross over at 6 months")) is None
    assert evidence.intervention_model(designed("SINGLE_GROUP", "Dose escalation in cohorts of 3")) is None
    assert evidence.chance_backed(designed("PARALLEL", None))
    assert not evidence.chance_backed(designed("PARALLEL", None, "NON_RANDOMIZED"))
    by_lesion = "Patients are divided into 2 groups depending on the location of the lesion."
    assert not evidence.chance_backed(designed("PARALLEL", by_lesion))
    assert not evidence.chance_backed(
        designed("PARALLEL", None, summary="Patients were assigned to groups based on their current medicine.")
    )
    assert evidence.chance_backed(
        designed("PARALLEL", "Patients are randomized 1:1, stratified by site, divided according to a list.")
    )


def test_drug_levels_are_the_drugs_not_glucose_or_creatinine() -> None:
    def measured(*outcomes: str) -> tuple[str, ...]:
        drug = {"arms": TWO_ARMS[:1], "interventions": [{"name": "Drug X", "type": "DRUG", "arm_labels": ["Drug X"]}]}
        found = evidence.main_measures(trial(primary_outcomes=[{"measure": m} for m in outcomes], **drug))
        return found.named if found else ()

    assert measured("Cmax of drug X") == ("drug levels in the blood",)
    assert measured("Percentage of Dose Excreted in Urine") == ("drug levels in the blood",)
    assert "drug levels in the blood" not in measured("Urinary glucose excretion")
    assert "drug levels in the blood" not in measured("Creatinine clearance")
    assert "drug levels in the blood" not in measured("Plasma concentration of glucose")


def test_a_criterion_for_people_without_the_illness_is_found() -> None:
    t = trial(eligibility={"text": "Inclusion Criteria:\n\n* Type 2 diabetes\n* Persons with no history of diabetes\n"})
    assert evidence.without_illness(t, evidence.Illness("type 2 diabetes", "conditions[0]")) == "eligibility.inclusion[1]"
    assert evidence.without_illness(t, evidence.Illness("asthma", "conditions[0]")) is None


def test_masking_placebo_and_a_single_group_need_the_records_words_to_agree() -> None:
    blind = {"masking": "DOUBLE", "who_masked": ["PARTICIPANT", "INVESTIGATOR"]}
    assert evidence.masking_backed(trial(design=blind))
    assert not evidence.masking_backed(trial(design=blind, official_title="An Open Label, Randomized Trial of X"))
    # Open-label with a blinded assessor is one design.
    assessor = {"masking": "SINGLE", "who_masked": ["OUTCOMES_ASSESSOR"]}
    assert evidence.masking_backed(trial(design=assessor, official_title="An Open-Label Trial"))
    subject = {"masking": "DOUBLE", "who_masked": ["INVESTIGATOR", "OUTCOMES_ASSESSOR"]}
    assert not evidence.masking_backed(trial(design=subject, official_title="A Randomized, Single Blind (Subject) Trial"))
    assert evidence.placebo_inert(trial(interventions=[{"name": "Placebo", "type": "DRUG", "description": "sugar pill"}]))
    tenth = [{"name": "Placebo", "type": "DRUG", "description": "The placebo contains 10% of the active ingredients"}]
    assert not evidence.placebo_inert(trial(interventions=tenth))
    single = {"intervention_model": "SINGLE_GROUP"}
    assert evidence.intervention_model(trial(design=single)) is InterventionModel.SINGLE_GROUP
    controls = trial(design=single, brief_summary="100 with type 2 diabetes and 200 healthy participants")
    assert evidence.intervention_model(controls) is None
