from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialdocs.criteria import _BLOCKS, _fast_block_tokens, flatten, inline_text, parse_criteria, split_header


def test_seed_criteria_split_and_unescaped() -> None:
    text = (
        "Inclusion Criteria:\n\n* Lansky (age \\<16 years) or Karnofsky (age ≥16 years) score of 50.\n"
        "* Life expectancy greater than 12 weeks.\n\nExclusion Criteria:\n\n"
        "* GFR \\<30 ml/min or bilirubin \\>3 times normal.\n* Pregnant or lactating women.\n"
    )
    inclusion, exclusion = parse_criteria(text)
    assert [c["text"] for c in inclusion] == [
        "Lansky (age <16 years) or Karnofsky (age ≥16 years) score of 50.",
        "Life expectancy greater than 12 weeks.",
    ]
    assert [c["text"] for c in exclusion] == [
        "GFR <30 ml/min or bilirubin >3 times normal.",
        "Pregnant or lactating women.",
    ]


def test_nested_bullets_are_children() -> None:
    text = "Inclusion Criteria:\n\n* Disease:\n\n  * Colon cancer\n  * Lung cancer\n* Age 18 or over\n"
    inclusion, exclusion = parse_criteria(text)
    assert inclusion[0]["text"] == "Disease:"
    assert [c["text"] for c in inclusion[0]["children"]] == ["Colon cancer", "Lung cancer"]
    assert inclusion[1] == {"text": "Age 18 or over", "children": []}
    assert exclusion == []


def test_no_header_still_yields_criteria() -> None:
    inclusion, exclusion = parse_criteria("1. Be 18 years of age or older;\n2. Have a phone.\n")
    assert [c["text"] for c in inclusion] == ["Be 18 years of age or older;", "Have a phone."]
    assert exclusion == []


def test_legacy_indented_dashes_with_lead_in_paragraph() -> None:
    text = (
        "        DISEASE CHARACTERISTICS:\n\n          -  Histologically confirmed cancer not amenable\n"
        "             to cure\n\n        Exclusion Criteria:\n\n          -  Pregnant\n"
    )
    inclusion, exclusion = parse_criteria(text)
    assert inclusion[0]["text"] == "DISEASE CHARACTERISTICS:"
    assert inclusion[0]["children"][0]["text"] == "Histologically confirmed cancer not amenable to cure"
    assert flatten(exclusion) == ["Pregnant"]


def test_header_with_text_on_the_same_line() -> None:
    assert split_header("Exclusion Criteria: contra-indication") == ("exclusion", "contra-indication")
    assert split_header("Exclusion Criteria: none") == ("exclusion", "")
    assert split_header("Exclusion Criteria: N/A") == ("exclusion", "")
    assert split_header("List of exclusion criteria:") == ("exclusion", "")
    assert split_header("Inclusion of women is allowed if they agree to use contraception")[0] is None


def test_header_inside_a_bullet_lifts_its_children() -> None:
    text = "* Inclusion Criteria:\n  * A\n  * B\n* Exclusion Criteria:\n  * C\n"
    inclusion, exclusion = parse_criteria(text)
    assert flatten(inclusion) == ["A", "B"]
    assert flatten(exclusion) == ["C"]


def test_markup_is_text_not_html() -> None:
    inclusion, _ = parse_criteria("* Age <18 or <b>bold</b> **strong** and `x`\n")
    assert inclusion[0]["text"] == "Age <18 or <b>bold</b> strong and x"


# The line-based block pass must give markdown-it's tokens wherever it answers at all.

LINE = st.one_of(
    st.just(""),
    st.tuples(
        st.sampled_from(["", " ", "  ", "   ", "    ", "     ", "      ", "        "]),
        st.sampled_from(
            ["* ", "- ", "+ ", "1. ", "2. ", "10) ", "1) ", "*  ", "-    ", "", "", "*", "---", "# ", "> ", "[a]: b"]
        ),
        st.sampled_from(
            ["Age 18", "Exclusion Criteria:", "Inclusion Criteria:", "Cohort A:", "x \\<16", "*bold* y", "a  ", "3) z", "é ≥ 2"]
        ),
    ).map(lambda parts: "".join(parts)),
)


def _signature(tokens: list[Any]) -> list[tuple[str, int, str]]:
    """Token kinds and nesting, and each paragraph's text as the parser reads it (spacing aside)."""
    return [(t.type, t.level, inline_text(t) if t.type == "inline" else "") for t in tokens]


@settings(max_examples=3000, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12).map("\n".join))
def test_line_pass_gives_markdown_its_tokens(text: str) -> None:
    source = text.strip("\n")
    fast = _fast_block_tokens(source)
    if fast is not None:
        assert _signature(fast) == _signature(_BLOCKS.parse(source))


@pytest.mark.corpus
def test_line_pass_agrees_on_the_corpus_criteria() -> None:
    """All 583 records' criteria: the same tokens wherever the line pass answers (and it answers for most)."""
    import textwrap

    from trialdocs.sources import iter_load

    from .conftest import corpus_dir

    texts = [
        t.eligibility.text
        for d in ("ctgov-v2", "ctgov-legacy-xml")
        for t in iter_load([corpus_dir(d)])
        if not isinstance(t, Exception) and t.eligibility.text
    ]
    answered = 0
    for text in texts:
        source = textwrap.dedent(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
        fast = _fast_block_tokens(source)
        if fast is not None:
            answered += 1
            assert _signature(fast) == _signature(_BLOCKS.parse(source)), source[:200]
    assert len(texts) == 582 and answered >= 550


def test_entities_stored_as_text_are_the_characters_they_stand_for() -> None:
    inclusion, _ = parse_criteria("Inclusion Criteria:\n\n* QTc \\&gt; 450 ms\n* Age &ge; 18 years\n")
    assert [c["text"] for c in inclusion] == ["QTc > 450 ms", "Age ≥ 18 years"]


def test_a_list_written_on_one_line_is_split_into_its_criteria() -> None:
    """A dash list and the exclusion header on one line: every item is a criterion, the exclusion is one."""
    text = (
        "Inclusion Criteria: - Informed consent obtained before any data collection - Woman with a positive "
        "pregnancy test - Type 1 or type 2 diabetes Exclusion Criteria: - Women who have been pregnant for more "
        "than 16 weeks at baseline"
    )
    inclusion, exclusion = parse_criteria(text)
    assert [c["text"] for c in inclusion] == [
        "Informed consent obtained before any data collection",
        "Woman with a positive pregnancy test",
        "Type 1 or type 2 diabetes",
    ]
    assert [c["text"] for c in exclusion] == ["Women who have been pregnant for more than 16 weeks at baseline"]


def test_a_dash_inside_a_criterion_or_a_header_is_no_list() -> None:
    text = (
        "Inclusion Criteria:\n\n- Clinical Global Impression - Severity of Illness ≥ 4\n- Spinal fusion between "
        "levels C1 - T2 or L1 - S1\n\nList of exclusion criteria:\n\n1. Pregnancy"
    )
    inclusion, exclusion = parse_criteria(text)
    assert [c["text"] for c in inclusion] == [
        "Clinical Global Impression - Severity of Illness ≥ 4",
        "Spinal fusion between levels C1 - T2 or L1 - S1",
    ]
    assert [c["text"] for c in exclusion] == ["Pregnancy"]


def test_a_section_header_that_names_a_group_heads_that_group() -> None:
    text = (
        "Inclusion criteria for the cases :\n\n* Diabetes with acute kidney injury\n\n"
        "Inclusion criteria for the controls:\n\n* Diabetes with no kidney injury\n\nExclusion Criteria:\n\n* HIV"
    )
    inclusion, exclusion = parse_criteria(text)
    assert [(c["text"], [k["text"] for k in c["children"]]) for c in inclusion] == [
        ("For the cases", ["Diabetes with acute kidney injury"]),
        ("For the controls", ["Diabetes with no kidney injury"]),
    ]
    assert [c["text"] for c in exclusion] == ["HIV"]


def test_group_prefixes_and_leaving_rules() -> None:
    """ "Individual exclusion criteria" and "Family exclusion criteria" head their groups; "Termination criteria"
    are rules for leaving the study, not criteria for joining it."""
    text = (
        "Inclusion criteria:\n\n1. Type 2 diabetes\n\nIndividual exclusion criteria:\n\n1. Hospitalized\n\n"
        "Family exclusion criteria:\n\n1. Attends less than 80 percent\n\nTermination criteria:\n\n1. The study stops if x"
    )
    inclusion, exclusion = parse_criteria(text)
    assert [c["text"] for c in inclusion] == ["Type 2 diabetes"]
    assert [(c["text"], [k["text"] for k in c["children"]]) for c in exclusion] == [
        ("Individual", ["Hospitalized"]),
        ("Family", ["Attends less than 80 percent"]),
    ]


def test_unindented_bullets_after_a_numbered_lead_are_its_items() -> None:
    """ "2. Mild illness:" then "* fever" written unindented (Markdown ends the numbered list there), then "3. …"."""
    text = (
        "Inclusion Criteria:\n\n1. COVID-19, mild or moderate\n2. Mild illness:\n* fever\n* cough\n"
        "3. 12-lead ECG normal at screening\n\nExclusion Criteria:\n\n* Pregnancy"
    )
    inclusion, _ = parse_criteria(text)
    assert [(c["text"], [k["text"] for k in c["children"]]) for c in inclusion] == [
        ("COVID-19, mild or moderate", []),
        ("Mild illness:", ["fever", "cough"]),
        ("12-lead ECG normal at screening", []),
    ]
