"""`civicguard advice list|answer`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from civicguard.apps.advice.services import advice_request_create
from civicguard.cli.advice import advice
from tests.apps.factories import council


def run(*args):
    return CliRunner().invoke(advice, list(args))


def test_the_adviser_lists_and_answers(cast):
    req = advice_request_create(actor=cast["representative"], council=council("st-helens"), adviser="legal",
                                question="May we film story time?")
    legal = cast["legal"].username
    listed = run("list", "--council", "st-helens", "--as", legal, "--open", "--json")
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["question"] == "May we film story time?"
    answered = run("answer", str(req.pk), "--as", legal, "--answer", "Yes, with consent.")
    assert answered.exit_code == 0 and "answered" in answered.output
    req.refresh_from_db()
    assert req.answer == "Yes, with consent."


def test_someone_who_is_not_the_adviser_cannot_answer(cast):
    req = advice_request_create(actor=cast["representative"], council=council("st-helens"), adviser="legal",
                                question="May we film story time?")
    result = run("answer", str(req.pk), "--as", cast["img"].username, "--answer", "Yes.")
    assert result.exit_code == 2 and "do not allow" in result.output
