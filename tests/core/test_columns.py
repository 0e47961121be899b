"""Header matching: synonyms, partial names and their ambiguity rule, per-table matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from sweetspot.core.columns import (
    TABLE_FIELDS,
    TABLE_KINDS,
    TABLE_SPECS,
    cell_ref,
    column_index,
    column_letter,
    columns_markdown,
    exact_field,
    header_tokens,
    match_headers,
    normalise_header,
    sheet_hint,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "input-format.md"


def fields_of(headers: list[str], kind: str) -> dict[str, str]:
    """Header text → field for the recognised headers."""
    m = match_headers(headers, kind)
    return {headers[c]: f for c, f in m.fields.items()}


def test_normalising_ignores_case_spaces_punctuation_units_and_plurals() -> None:
    assert normalise_header("Effort (person-days)") == "effort"
    assert normalise_header("  JOURNEY-stage ") == "journey stage"
    assert normalise_header("journey_stage") == "journey stage"
    assert normalise_header("JourneyStage") == "journey stage"
    assert normalise_header("Customer need / pain point") == "customer need pain point"
    assert normalise_header("Needs") == "need"
    assert normalise_header("# mentions") == "# mention"
    assert normalise_header("No.") == "no"
    # A header that is all parentheses keeps its words.
    assert header_tokens("(ID)") == ("id",)


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("ID", "insights", "id"),
        ("Ref", "insights", "id"),
        ("No.", "objectives", "id"),
        ("Key", "initiatives", "id"),
        ("Code", "insights", "id"),
        ("Customer need", "insights", "need"),
        ("Pain point", "insights", "need"),
        ("Insight", "insights", "need"),
        ("Statement", "insights", "need"),
        ("Goal", "objectives", "objective"),
        ("Business objective", "objectives", "objective"),
        ("Business goal", "objectives", "objective"),
        ("Idea", "initiatives", "initiative"),
        ("Solution", "initiatives", "initiative"),
        ("Action", "initiatives", "initiative"),
        ("Priority weight", "objectives", "weight"),
        ("Importance", "objectives", "weight"),
        ("Mentions", "insights", "reach"),
        ("# mentions", "insights", "reach"),
        ("Frequency", "insights", "reach"),
        ("Customers affected", "insights", "reach"),
        ("Count", "insights", "reach"),
        ("Journey phase", "insights", "journey_stage"),
        ("Touchpoint", "insights", "journey_stage"),
        ("Stage", "insights", "journey_stage"),
        ("Key metric", "objectives", "kpi"),
        ("Metric", "objectives", "kpi"),
        ("Current satisfaction", "insights", "satisfaction"),
        ("CSAT", "insights", "satisfaction"),
        ("Cost", "initiatives", "effort"),
        ("Certainty", "initiatives", "confidence"),
        ("Linked to", "links", "target"),
        ("Relationship", "links", "strength"),
        ("Link strength", "links", "strength"),
        ("Impact", "links", "strength"),
    ],
)
def test_synonyms_named_in_the_issue(header: str, kind: str, field: str) -> None:
    assert exact_field(header, kind) == field


def test_every_listed_synonym_maps_to_its_field_in_any_case() -> None:
    for kind, specs in TABLE_SPECS.items():
        for spec in specs:
            for name in spec.all_names:
                for variant in (name, name.upper(), f"  {name.lower()} "):
                    assert exact_field(variant, kind) == spec.field, (kind, variant)


def test_no_synonym_names_two_fields_of_one_table() -> None:
    for kind, specs in TABLE_SPECS.items():
        seen: dict[str, str] = {}
        for spec in specs:
            for name in spec.all_names:
                key = "".join(header_tokens(name))
                assert seen.setdefault(key, spec.field) == spec.field, (kind, name)
        assert [s.field for s in specs] == TABLE_FIELDS[kind]


def test_units_in_parentheses_are_ignored() -> None:
    assert fields_of(["ID", "Effort (person-days)", "Confidence (%)"], "initiatives") == {
        "ID": "id",
        "Effort (person-days)": "effort",
        "Confidence (%)": "confidence",
    }
    assert exact_field("Importance [1-10]", "insights") == "importance"


def test_a_header_containing_one_known_name_matches_it() -> None:
    m = fields_of(["Goal ID", "Customer need / pain point", "Avg importance score"], "insights")
    # "Goal ID" is no insight field; the other two contain exactly one known name each.
    assert m == {"Customer need / pain point": "need", "Avg importance score": "importance"}
    assert fields_of(["Goal ID", "Our business goal", "Weight"], "objectives") == {
        "Goal ID": "id",
        "Our business goal": "objective",
        "Weight": "weight",
    }


def test_a_header_containing_two_known_names_equally_is_ambiguous() -> None:
    m = match_headers(["ID", "Importance of need", "Need"], "insights")
    assert m.fields == {0: "id", 2: "need"}
    assert m.ambiguous == {1: ("importance", "need")}
    # The longer name wins: "journey stage" (two words) over "need" (one).
    assert fields_of(["Journey stage of need"], "insights") == {
        "Journey stage of need": "journey_stage"
    }


def test_short_generic_names_only_match_a_whole_header() -> None:
    # "No." is an ID only as the whole header: "No. of mentions" is reach.
    assert fields_of(["No.", "No. of mentions"], "insights") == {
        "No.": "id",
        "No. of mentions": "reach",
    }
    assert match_headers(["Customer code"], "insights").fields == {}


def test_exact_names_win_over_partial_ones_and_a_field_goes_to_one_column() -> None:
    m = match_headers(["Customer need / pain point", "Need", "ID", "Ref"], "insights")
    assert m.fields == {1: "need", 2: "id"}
    # The partial "need" column and the second ID column are kept as custom columns.
    assert m.duplicates == {0: 1, 3: 2}
    assert m.how == {1: "exact", 2: "exact"}


def test_matching_is_per_table_kind() -> None:
    headers = ["Initiative ID", "Insight ID", "Strength"]
    assert fields_of(headers, "links") == {
        "Initiative ID": "initiative",
        "Insight ID": "target",
        "Strength": "strength",
    }
    assert fields_of(["Idea", "Objective", "Impact"], "links") == {
        "Idea": "initiative",
        "Objective": "target",
        "Impact": "strength",
    }
    assert fields_of(["Insight ID", "Insight"], "insights") == {
        "Insight ID": "id",
        "Insight": "need",
    }
    assert fields_of(["Initiative ID"], "initiatives") == {"Initiative ID": "id"}


def test_a_forced_choice_beats_the_synonyms() -> None:
    m = match_headers(["ID", "Text", "Importance"], "insights", {1: "need", 2: ""})
    assert m.fields == {0: "id", 1: "need"}
    assert m.missing_required() == ["importance"]


def test_score_prefers_the_table_whose_required_columns_are_there() -> None:
    row = ["ID", "Objective", "Importance"]
    assert match_headers(row, "objectives").score > match_headers(row, "insights").score


def test_sheet_names_hint_at_tables() -> None:
    assert sheet_hint("Customer insights") == "insights"
    assert sheet_hint("Business goals") == "objectives"
    assert sheet_hint("Ideas") == "initiatives"
    assert sheet_hint("Matrix") == "links"
    assert sheet_hint("Customer links") == "links"
    assert sheet_hint("Notes") is None


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "ZZ",
        "AAA",
        "XFD",
    ]
    assert all(column_index(column_letter(i)) == i for i in range(0, 20000, 7))
    assert cell_ref(7, 4) == "E7"


def test_input_format_doc_lists_every_column_and_synonym() -> None:
    """docs/input-format.md carries the generated synonym tables verbatim."""
    text = DOC.read_text(encoding="utf-8")
    assert columns_markdown() in text
    for kind in TABLE_KINDS:
        for spec in TABLE_SPECS[kind]:
            for name in spec.all_names:
                assert f"`{name}`" in text or f"| {name} |" in text, name
