"""Pages that say only what the record backs: hand-made records, one claim each, sentences worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from markdown_it import MarkdownIt

from trialdocs import Trial, evidence
from trialdocs.summary import build_summary, render
from trialdocs.summary.names import spelled


def trial(**fields: Any) -> Trial:
    base: dict[str, Any] = {"nct_id": "NCT00000001", "brief_title": "x", "overall_status": "RECRUITING", "sponsor": {"name": "A"}}
    return Trial.model_validate(base | fields)


def test_record_text_cannot_add_a_link_or_image_to_the_markdown() -> None:
    evil = "See ![x](http://evil.example/a.png) and [click](javascript:alert(1)) [ref]: http://evil.example"
    t = trial(
        brief_title=evil,
        study_type="INTERVENTIONAL",
        why_stopped=evil,
        overall_status="TERMINATED",
        central_contacts=[{"name": evil}],
        locations=[{"facility": evil, "city": "Oslo", "country": "Norway"}],
        conditions=["Asthma"],
        interventions=[{"name": "[Drug](http://evil.example)", "type": "DRUG"}],
        eligibility={"text": f"Inclusion Criteria:\n\n* Asthma. {evil}\n\nExclusion Criteria:\n\n* {evil}\n"},
    )
    s = build_summary(t)
    md = render(s, "md")
    tokens = [tok for block in MarkdownIt("commonmark").parse(md) for tok in (block.children or [])]
    targets = {tok.attrs.get("href") or tok.attrs.get("src") for tok in tokens if tok.type in ("link_open", "image")}
    assert targets <= {"https://clinicaltrials.gov/study/NCT00000001"}
    assert "javascript:" not in " ".join(str(t) for t in targets)
    txt = render(s, "txt")
    assert "[click](javascript:alert(1))" in txt  # text, shown as the record wrote it
    assert "evil.example/a.png" in md  # the words stay, only their syntax is gone


def test_the_phase_ladder_lights_every_phase_of_the_study() -> None:
    s = build_summary(trial(phases=["PHASE2", "PHASE3"]))
    assert s.phase_steps == (2, 3)
    html = render(s, "html")
    assert "Phase ladder: this study is at phases 2 and 3 of 4." in html
    assert "This study is at phases 2 and 3.</figcaption>" in html
    wide = html.split('<svg class="wide"')[1].split("</svg>")[0]
    assert wide.count('fill="#0b4f8a"') == 2 and wide.count("THIS STUDY") == 2
    assert json.loads(render(s, "json"))["phase_steps"] == [2, 3]
    assert build_summary(trial(phases=["PHASE1"])).phase_words == "phase 1"


def test_an_old_record_says_its_status_may_be_out_of_date_in_every_format() -> None:
    t = trial(dates={"last_update_posted": {"date": "2019-03-01"}})
    plain = build_summary(t)
    assert plain.notice is None  # by default "today" is the record's own date
    s = build_summary(t, today=dt.date(2026, 11, 25))
    note = "This record was last updated on 2019-03-01, more than two years before 2026-11-25."
    assert s.notice is not None and s.notice.startswith(note)
    for fmt in ("md", "html", "txt"):
        assert "last updated on 2019-03-01" in render(s, fmt).replace("\n", " "), fmt
    assert json.loads(render(s, "json"))["notice"].startswith(note)
    assert (
        "The record says it is looking for people to join, but it was last updated on 2019-03-01, so this may have changed."
        in s.at_a_glance.text
    )
    assert s.steps[0].startswith("This record was last updated on 2019-03-01")


def test_a_closed_study_gets_what_a_reader_can_do_not_joining_steps() -> None:
    s = build_summary(trial(overall_status="COMPLETED", conditions=["Asthma"], has_results=True))
    assert s.steps == (
        "This study is not taking new people, so you cannot join it.",
        "Read its results on ClinicalTrials.gov: https://clinicaltrials.gov/study/NCT00000001?tab=results",
        "Look for similar studies that are looking for people: https://clinicaltrials.gov/search?cond=asthma&aggFilters=status:rec",
        "Ask your doctor about other studies or care that may suit you.",
    )
    # The search is for the illness as the page names it: a registry typo or a ";" list is not searched for.
    typo = build_summary(
        trial(overall_status="COMPLETED", conditions=["Diabete Mellitus"], condition_mesh_terms=["Diabetes Mellitus"])
    )
    assert "search?cond=diabetes+mellitus&" in typo.steps[-2]
    md = render(s, "md")
    assert "## What you can do" in md and "## How to take part" not in md
    invited = build_summary(trial(overall_status="ENROLLING_BY_INVITATION"))
    assert invited.steps[0] == "People can join this study only if the study team invites them."
    assert not any("Contact the study team" in step for step in invited.steps)
    soon = build_summary(trial(overall_status="NOT_YET_RECRUITING"))
    assert soon.steps[0] == "The study is not looking for people yet. It plans to start soon."
    assert "## How to take part" in render(soon, "md")


def test_a_person_as_sponsor_is_the_study_doctor() -> None:
    t = trial(
        sponsor={"name": "Jane Roe", "kind": "OTHER"},
        responsible_party={"type": "SPONSOR_INVESTIGATOR", "name": "Jane Roe"},
    )
    assert ("Sponsor", "The study doctor, Jane Roe") in [(f.label, f.value) for f in build_summary(t).facts]
    org = trial(sponsor={"name": "Big Hospital", "kind": "OTHER"})
    assert ("Sponsor", "Big Hospital (a university, hospital or other organization)") in [
        (f.label, f.value) for f in build_summary(org).facts
    ]


def test_registry_tokens_are_spelled_as_words() -> None:
    assert spelled("Type1diabetes") == "Type 1 diabetes"
    assert spelled("spinal stenosis lumbar") == "lumbar spinal stenosis"
    assert spelled("diabete mellitus", ("Diabetes Mellitus",)) == "Diabetes Mellitus"
    assert spelled("HbA1c") == "HbA1c"


ARMS = [{"label": "Active", "type": "EXPERIMENTAL"}, {"label": "Dummy", "type": "PLACEBO_COMPARATOR"}]


def test_a_placebo_goes_under_compared_with_and_a_device_gets_no_medicine_words() -> None:
    t = trial(
        study_type="INTERVENTIONAL",
        arms=ARMS,
        design={"allocation": "RANDOMIZED", "intervention_model": "PARALLEL"},
        interventions=[
            {"name": "Phone app", "type": "DEVICE", "arm_labels": ["Active"]},
            {"name": "Inactive app", "type": "DEVICE", "arm_labels": ["Dummy"]},
        ],
    )
    s = build_summary(t)
    facts = dict((f.label, f.value) for f in s.facts)
    assert facts["What is studied"] == "Phone app (device)"  # a device is not called a treatment
    assert facts["Compared with"] == "placebo (looks like the study treatment, but is not the real one)"
    assert "One group gets a placebo: it looks like the study treatment but is not the real one." in s.what.text
    assert s.title.text == "A study of an app"  # a device that is a phone app
    assert not re.search(r"\bmedicine|\bdrug|\bdose", s.title.text + s.at_a_glance.text + s.what.text + s.benefit.text)


def test_the_comparator_is_named_and_a_shared_product_is_not_called_one() -> None:
    t = trial(
        arms=[{"label": "New", "type": "EXPERIMENTAL"}, {"label": "Old", "type": "ACTIVE_COMPARATOR"}],
        design={"allocation": "RANDOMIZED", "intervention_model": "PARALLEL"},
        interventions=[
            {"name": "Drug X", "type": "DRUG", "arm_labels": ["New"]},
            {"name": "Aspirin", "type": "DRUG", "arm_labels": ["Old"]},
        ],
    )
    assert "One group gets Aspirin, to compare." in build_summary(t).what.text
    shared = t.model_copy(update={"interventions": (t.interventions[0].model_copy(update={"arm_labels": ("New", "Old")}),)})
    what = build_summary(shared).what.text
    assert "The groups are compared with each other." in what and "already in use" not in what


def test_a_finished_study_is_told_in_the_past() -> None:
    t = trial(
        overall_status="COMPLETED",
        arms=[{"label": "A", "type": "EXPERIMENTAL"}, {"label": "B", "type": "NO_INTERVENTION"}],
        design={"allocation": "RANDOMIZED", "intervention_model": "PARALLEL", "masking": "NONE"},
    )
    what = build_summary(t).what.text
    assert "People were put into 2 groups." in what
    assert "Chance decided which group each person was in, like a coin toss." in what
    assert "One group got none of the study treatments." in what
    assert "People in the study and the study team knew which group they were in." in what
    assert "you are in" not in what


def test_an_observational_study_that_gives_a_drug_says_so() -> None:
    t = trial(
        study_type="OBSERVATIONAL",
        interventions=[{"name": "Sumatriptan", "type": "DRUG"}],
        design={"observational_model": "CASE_ONLY", "time_perspective": "PROSPECTIVE"},
        conditions=["Cluster Headache"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Cluster headache\n\nHealthy controls:\n\n* No headache\n",
            "healthy_volunteers": True,
        },
    )
    s = build_summary(t)
    assert s.what.text.startswith("The people in this study get Sumatriptan.")
    assert "does not give any treatment" not in s.what.text + s.at_a_glance.text
    assert "only at people who have" not in s.what.text  # there are healthy controls
    assert s.at_a_glance.text.startswith("This study is for people with cluster headache, and healthy volunteers.")


def test_health_workers_are_who_a_training_study_is_for() -> None:
    t = trial(
        conditions=["Diabetes Mellitus"],
        interventions=[{"name": "Course", "type": "BEHAVIORAL"}],
        eligibility={"text": "Inclusion Criteria:\n\n* Primary care physicians\n* Treat people with diabetes mellitus\n"},
    )
    s = build_summary(t)
    assert s.at_a_glance.text.startswith("This study is for health workers. It is about diabetes mellitus.")
    assert "You have diabetes" not in " ".join(s.good_fit.bullets)


def test_an_illness_no_criterion_requires_is_only_a_topic() -> None:
    t = trial(conditions=["Diabetic Retinopathy"], eligibility={"text": "Inclusion Criteria:\n\n* Type 2 diabetes\n"})
    s = build_summary(t)
    assert s.at_a_glance.text.startswith("This study is about diabetic retinopathy.")
    assert "You have diabetic retinopathy." not in s.good_fit.bullets


def test_no_promise_of_learning_from_a_study_no_one_joined_and_unknown_is_not_closed() -> None:
    withdrawn = build_summary(trial(overall_status="WITHDRAWN", enrollment={"count": 0, "type": "ACTUAL"}))
    assert withdrawn.benefit.text == "This study is not taking new people, so you cannot join it now."
    unknown = build_summary(trial(overall_status="UNKNOWN", conditions=["Asthma"]))
    assert unknown.benefit.text.startswith("We do not know if this study is still taking people.")
    done = build_summary(
        trial(overall_status="COMPLETED", dates={"last_update_posted": {"date": "2015-01-01"}}), today=dt.date(2026, 12, 3)
    )
    assert done.notice is None and "may have changed" not in done.at_a_glance.text + " ".join(done.steps)


def test_what_every_group_gets_is_not_what_is_compared_and_the_measures_are_named() -> None:
    t = trial(
        overall_status="COMPLETED",
        phases=["PHASE4"],
        arms=[{"label": "Pregabalin", "type": "ACTIVE_COMPARATOR"}, {"label": "Placebo", "type": "PLACEBO_COMPARATOR"}],
        design={
            "allocation": "RANDOMIZED",
            "intervention_model": "PARALLEL",
            "masking": "QUADRUPLE",
            "who_masked": ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"],
        },
        interventions=[
            {"name": "Pregabalin", "type": "DRUG", "arm_labels": ["Pregabalin"]},
            {"name": "Placebo", "type": "DRUG", "arm_labels": ["Placebo"]},
            {"name": "Morphine", "type": "DRUG", "arm_labels": ["Pregabalin", "Placebo"]},
        ],
        primary_outcomes=[{"measure": "Leg pain (VAS)"}],
    )
    s = build_summary(t)
    facts = dict((f.label, f.value) for f in s.facts)
    assert facts["Treatments studied"] == "Pregabalin (drug)"
    assert facts["Every group also gets"] == "Morphine"
    assert s.what.text.startswith(
        "The study looks at this: Pregabalin. Every group also got Morphine. The main thing the study measured was pain."
    )
    assert "One group got Pregabalin and Morphine, to compare." not in s.what.text
    assert (
        "People in the study were not told which group they were in, and neither were the study doctors "
        "or the people who check the results." in s.what.text
    )


def test_a_phase_1_study_of_drug_levels_does_not_check_safety() -> None:
    t = trial(
        phases=["PHASE1"],
        interventions=[{"name": "Drug X", "type": "DRUG"}],
        primary_outcomes=[{"measure": "Maximum plasma concentration (Cmax)"}, {"measure": "AUC"}],
    )
    what = build_summary(t).what.text
    assert "The main thing the study measures is drug levels in the blood." in what
    assert "safety" not in what and "helps" not in what


def test_the_stop_reason_says_what_stopped_and_the_ages_of_a_band_are_given() -> None:
    t = trial(
        overall_status="WITHDRAWN",
        why_stopped="No funding",
        conditions=["Asthma"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Asthma\n",
            "minimum_age": {"value": 6, "unit": "years"},
            "maximum_age": {"value": 17, "unit": "years"},
        },
    )
    s = build_summary(t)
    assert "The reason it was called off: No funding." in s.what.text
    assert s.at_a_glance.text.startswith("This study is for children aged 6 to 17 years with asthma.")


def test_a_test_or_a_course_is_not_called_a_treatment_and_no_intervention_is_not_studied() -> None:
    t = trial(
        arms=[{"label": "Screen", "type": "EXPERIMENTAL"}, {"label": "None", "type": "NO_INTERVENTION"}],
        design={"allocation": "RANDOMIZED", "intervention_model": "PARALLEL"},
        interventions=[
            {"name": "Eye screening", "type": "DIAGNOSTIC_TEST", "arm_labels": ["Screen"]},
            {"name": "No intervention", "type": "OTHER", "arm_labels": ["None"]},
        ],
    )
    facts = dict((f.label, f.value) for f in build_summary(t).facts)
    assert facts["What is studied"] == "Eye screening (test)"
    assert "Treatments studied" not in facts


def test_a_supplement_is_called_a_supplement_not_a_medicine() -> None:
    t = trial(study_type="INTERVENTIONAL", interventions=[{"name": "Vitamin D3", "type": "DIETARY_SUPPLEMENT"}])
    s = build_summary(t)
    assert s.title.text == "A study of a supplement"
    assert "It tests a supplement." in s.at_a_glance.text


def test_a_planned_date_that_passed_gives_no_joining_steps_and_no_made_up_day() -> None:
    t = trial(
        overall_status="NOT_YET_RECRUITING",
        dates={"start": {"date": "2023-06", "type": "ESTIMATED"}, "last_update_posted": {"date": "2023-05-22"}},
    )
    s = build_summary(t, today=dt.date(2026, 12, 3))
    assert s.steps[0] == "The record's planned start date, 2023-06, has passed, so what it says about joining may be out of date."
    assert not any("plans to start soon" in step or "Joining is your choice" in step for step in s.steps)
    assert "2023-06-01" not in render(s, "md")


def test_who_takes_part_comes_from_the_record_where_a_condition_cannot_say_it() -> None:
    # Only healthy people: the flag and a criterion agree, though the condition is an illness.
    healthy = trial(
        conditions=["Diabetes Mellitus"],
        eligibility={"text": "Inclusion Criteria:\n\n* Considered healthy by the investigator\n", "healthy_volunteers": True},
    )
    assert build_summary(healthy).at_a_glance.text.startswith("This study is for healthy people.")
    # An observational study's own line on who takes part, when no illness is required by the criteria.
    surgery = trial(
        study_type="OBSERVATIONAL",
        conditions=["Diabetes Mellitus"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* partial pancreatectomy\n",
            "study_population": "Patients receiving partial pancreatectomy",
        },
    )
    glance = build_summary(surgery).at_a_glance.text
    assert "Who takes part, in the record's words: “Patients receiving partial pancreatectomy”." in glance
    assert "A key need to join: “partial pancreatectomy”." in glance
    assert "does not give any treatment" not in glance  # the description does not rule a treatment out


def test_a_control_group_that_gets_nothing_makes_it_some_of_the_people() -> None:
    t = trial(
        study_type="OBSERVATIONAL",
        arms=[{"label": "SGLT2i"}, {"label": "Control"}],
        interventions=[{"name": "SGLT2 inhibitor", "type": "DRUG", "arm_labels": ["SGLT2i"]}],
        eligibility={"text": "Inclusion Criteria:\n\n* Diabetes\n", "healthy_volunteers": False},
        conditions=["Diabetes"],
    )
    s = build_summary(t)
    assert s.what.text.startswith("Some of the people in this study get SGLT2 inhibitor.")
    assert "healthy volunteers" not in s.title.text + s.at_a_glance.text  # the record takes none


def test_masking_words_in_the_record_outweigh_the_coded_list() -> None:
    t = trial(
        arms=[{"label": "A", "type": "EXPERIMENTAL"}, {"label": "B", "type": "ACTIVE_COMPARATOR"}],
        design={
            "allocation": "RANDOMIZED",
            "intervention_model": "PARALLEL",
            "masking": "TRIPLE",
            "who_masked": ["PARTICIPANT", "CARE_PROVIDER", "OUTCOMES_ASSESSOR"],
            "masking_description": "Staff in the catheter laboratory will be not blinded.",
        },
    )
    what = build_summary(t).what.text
    assert "You will not be told which group you are in." in what
    assert "neither will the study doctors" not in what


def test_an_ended_studys_enrollment_without_a_type_is_neither_planned_nor_final() -> None:
    facts = dict((f.label, f.value) for f in build_summary(trial(overall_status="COMPLETED", enrollment={"count": 534})).facts)
    assert facts["Enrollment"] == "534 people"


def test_masking_open_for_some_groups_is_not_said_of_anyone() -> None:
    t = trial(
        arms=[{"label": g, "type": "EXPERIMENTAL"} for g in "ABCD"],
        design={
            "allocation": "RANDOMIZED",
            "intervention_model": "PARALLEL",
            "masking": "QUADRUPLE",
            "who_masked": ["PARTICIPANT", "INVESTIGATOR"],
            "masking_description": "Subjects for groups C and D will be recruited on an open label basis.",
        },
    )
    what = build_summary(t).what.text
    assert "not be told" not in what and "will know" not in what


def test_the_title_names_one_plain_tested_product_and_never_an_arm_name() -> None:
    def titled(*names: str, brief_title: str = "x") -> str:
        return build_summary(
            trial(
                brief_title=brief_title,
                study_type="INTERVENTIONAL",
                arms=[{"label": "A", "type": "EXPERIMENTAL"}],
                interventions=[{"name": n, "type": "DRUG", "arm_labels": ["A"]} for n in names],
                conditions=["Asthma"],
                eligibility={"text": "Inclusion Criteria:\n\n* Asthma\n"},
            )
        ).title.text

    assert titled("Pregabalin") == "A study of Pregabalin (a medicine). It is for people with asthma"
    assert titled("Experimental product") == "A study of a medicine. It is for people with asthma"
    assert titled("Drug A", "Drug B") == "A study of medicines. It is for people with asthma"
    assert titled("Milciclib 50 mg, 100 mg").startswith("A study of Milciclib (a medicine).")  # doses are not the name
    assert titled("SHR-1826；Adebrelimab").startswith("A study of a medicine.")
    # A group the registry's title names and the page would leave out: "about", not "for".
    assert titled("Montelukast", brief_title="Montelukast in Smokers With Asthma") == (
        "A study of Montelukast (a medicine). It is about asthma"
    )


def test_a_known_illness_acronym_given_alone_as_a_condition_is_spelt_out() -> None:
    from trialdocs.summary import names

    t = trial(conditions=["T2DM"], eligibility={"text": "Inclusion Criteria:\n\n* Diagnosed with T2DM\n"})
    assert names.acronyms(t)["T2DM"] == "type 2 diabetes"
    assert names.illnesses(t) == ("type 2 diabetes",)
    # The record's own definition wins, and an acronym inside a longer entry is not looked up.
    own = trial(conditions=["CAD"], brief_title="Computer-aided detection (CAD) of polyps")
    assert names.acronyms(own)["CAD"].casefold() == "computer-aided detection"
    assert "T2DM" not in names.acronyms(trial(conditions=["T2DM with obesity"]))


def test_ages_come_from_the_criteria_where_the_record_has_no_age_fields() -> None:
    t = trial(
        eligibility={
            "text": "Inclusion Criteria:\n\n* Subjects aged 18 years of age or older (≥ 18 years)\n",
            "std_ages": ["CHILD", "ADULT"],
        }
    )
    s = build_summary(t)
    assert dict((f.label, f.value) for f in s.facts)["Ages"] == "18 years and older"
    assert "you or your child" not in s.at_a_glance.text
    # A duration is no age.
    assert evidence.ages(trial(eligibility={"text": "Inclusion Criteria:\n\n* Diabetes for at least 5 years\n"})) == (None, None)


def test_alternatives_and_control_criteria_are_no_needs_of_everyone() -> None:
    t = trial(
        study_type="INTERVENTIONAL",
        conditions=["Chronic Renal Insufficiency", "Diabetes Mellitus", "Congestive Heart Failure"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Referred for coronary catheterization\n"
            "* The subject has at least one of the following comorbidities:\n* 1) Chronic renal insufficiency\n"
            "* 2) diabetes mellitus diagnosed greater than 6 months prior\n* 3) congestive heart failure class III\n"
        },
    )
    glance = build_summary(t).at_a_glance.text
    assert "chronic renal insufficiency, diabetes mellitus or congestive heart failure" in glance
    assert "Also" not in glance
    two = trial(
        study_type="OBSERVATIONAL",
        conditions=["Diabetes Mellitus"],
        eligibility={
            "text": "Inclusion Criteria:\n\n* Diagnosed with diabetes mellitus for more than three years\n"
            "* Individuals without a history of diabetes mellitus and a normal HbA1c\n"
        },
    )
    glance = build_summary(two).at_a_glance.text
    # The second group is named (here as healthy volunteers, read from its criterion), and its criterion is no need.
    assert glance.startswith("This study is for people with diabetes mellitus, and healthy volunteers.")
    assert "without a history" not in glance


def test_a_status_its_own_dates_doubt_gets_no_joining_steps() -> None:
    t = trial(
        dates={
            "primary_completion": {"date": "2021-05-31", "type": "ACTUAL"},
            "completion": {"date": "2030-05-31", "type": "ESTIMATED"},
        },
        central_contacts=[{"name": "A B", "phone": "1"}],
    )
    s = build_summary(t, today=dt.date(2026, 12, 4))
    assert not s.can_join
    assert dict((f.label, f.value) for f in s.facts)["Status"] == (
        "Looking for people to join, the record says, but this may be out of date"
    )
    assert (
        s.steps[0]
        == "The record's date for its main results, 2021-05-31, has passed, so what it says about joining may be out of date."
    )
    assert "Read the lists of who can and cannot join." not in s.steps
    assert build_summary(t).can_join  # without --today nothing is doubted


def test_no_study_population_that_names_no_one() -> None:
    t = trial(study_type="OBSERVATIONAL", eligibility={"study_population": "See Statistical Analysis Plan"})
    assert "Statistical" not in build_summary(t).at_a_glance.text


def test_a_diagnostic_dye_is_no_medicine_and_an_app_is_an_app() -> None:
    dye = trial(
        study_type="INTERVENTIONAL",
        design={"primary_purpose": "DIAGNOSTIC"},
        arms=[{"label": "A", "type": "EXPERIMENTAL"}],
        interventions=[{"name": "Ioforminol", "type": "DRUG", "arm_labels": ["A"]}],
    )
    s = build_summary(dye)
    assert s.title.text == "A study of Ioforminol" and "medicine" not in s.at_a_glance.text
    app = trial(
        study_type="INTERVENTIONAL",
        arms=[{"label": "A", "type": "EXPERIMENTAL"}],
        interventions=[
            {"name": "CT-152", "type": "DEVICE", "description": "A smartphone digital therapeutic", "arm_labels": ["A"]}
        ],
    )
    assert "It tests an app." in build_summary(app).at_a_glance.text


def test_a_sex_limit_is_said_even_where_no_illness_is() -> None:
    t = trial(eligibility={"sex": "FEMALE"}, conditions=["Magnesium level"])
    assert "Only women can join." in build_summary(t).at_a_glance.text


def test_a_not_yet_recruiting_study_whose_end_passed_is_asked_whether_it_ever_started() -> None:
    t = trial(
        overall_status="NOT_YET_RECRUITING",
        dates={"start": {"date": "2024-03-01", "type": "ESTIMATED"}, "completion": {"date": "2025-05-31", "type": "ESTIMATED"}},
    )
    steps = build_summary(t, today=dt.date(2026, 12, 4)).steps
    assert "whether it ever started looking for people, or has already ended" in steps[1]
