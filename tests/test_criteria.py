from trialdocs.criteria import flatten, parse_criteria, split_header


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
