"""Hostile comment text is data: checks finish, spans stay inside the text, nothing is lost."""

import pytest

from civicguard.engine import Content, Context, Engine

HOSTILE = [
    "<script>alert('x')</script> you f*cking idiot <img src=x onerror=alert(1)>",
    "\u202eevil\u202c text with bidi controls and zero\u200bwidth \ufeff marks",
    "Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o " * 50,
    "\U0001f4a9" * 500 + " shit",
    "a" * 50_000,
    "Call 0\u200b7\u200b7\u200b0\u200b0 900123 now",
    "",
    "\x00\x01\x02 control characters \x7f",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_checked_without_error(text):
    result = Engine.for_council("st-helens").check(Content(text), Context(council="st-helens", channel="comment"))
    assert not [f for f in result.findings if f.needs_human], [f.message for f in result.findings]
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text) and text[f.start:f.end] == f.text
