"""A check's findings as the moderator reads them: one line per rule, every span of the rule linked to it."""

from __future__ import annotations

import pytest

from civicguard.apps.moderation.findings import by_rule, explain, merged

PERSONAL = "This comment shares personal information ({}), perhaps the commenter's own."
TEXT = "Call Joan Hughes on 07700 900123 or 07700 900456, you twats"


def finding(rule: str, text: str, kind: str = "", severity: str = "warn", **more) -> dict:
    start = TEXT.index(text)
    return {"rule": rule, "category": rule.split(".")[1], "severity": severity, "clauses": ["St Helens 9.7"],
            "message": PERSONAL.format(kind) if kind else "Offensive language.", "text": text, "start": start,
            "end": start + len(text), **more}


FINDINGS = [finding("sth.personal-data.comment", "Joan Hughes", "name"),
            finding("sth.personal-data.comment", "07700 900123", "phone number"),
            finding("sth.offensive.language", "twats", severity="block", clauses=["St Helens 7.5"]),
            finding("sth.personal-data.comment", "07700 900456", "phone number")]


def test_one_line_per_rule_with_every_span_and_the_explanation_once():
    lines, line_of = by_rule(FINDINGS)
    assert [(line.rule, line.places) for line in lines] == [("sth.personal-data.comment", 3),
                                                            ("sth.offensive.language", 1)]
    assert lines[0].texts == ["Joan Hughes", "07700 900123", "07700 900456"]
    assert lines[0].message == PERSONAL.format("name and phone number")
    assert lines[1].severity == "block" and lines[1].clauses == ["St Helens 7.5"]
    assert line_of == [0, 0, 1, 0]


def test_every_highlight_links_to_its_rules_line():
    lines, runs = explain(TEXT, FINDINGS)
    marked = [(run["text"], run["line"]) for run in runs if run["findings"]]
    assert marked == [("Joan Hughes", 0), ("07700 900123", 0), ("07700 900456", 0), ("twats", 1)]


@pytest.mark.parametrize(("texts", "merged_text"), [
    (["Same words.", "Same words."], "Same words."),
    ([PERSONAL.format("name"), PERSONAL.format("nationality")], PERSONAL.format("name and nationality")),
    (["a (x)", "a (y)", "a (z)", "a (y)"], "a (x, y and z)"),
    (["Hide it.", "Something else entirely, said at much greater length than a few words."], "Hide it."),
    ([], ""),
])
def test_near_identical_explanations_are_merged_without_cutting_words(texts, merged_text):
    assert merged(texts) == merged_text


def test_findings_without_a_rule_are_grouped_by_category_and_message():
    plain = [{"category": "offensive", "message": "Offensive.", "severity": "warn", "text": "a"},
             {"category": "offensive", "message": "Offensive.", "severity": "block", "text": "b"},
             {"category": "offensive", "message": "Other.", "severity": "warn", "text": "c"}]
    lines, line_of = by_rule(plain)
    assert [(line.texts, line.severity) for line in lines] == [(["a", "b"], "block"), (["c"], "warn")]
    assert line_of == [0, 0, 1]
