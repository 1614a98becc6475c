import json

from click.testing import CliRunner

from civicguard.cli.main import cli

BLOCKED = "Test results for Ms Laila Rahman, NHS 943 476 5919, are ready."


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_clean_post_exits_0_and_says_pass():
    res = run("check", "Lovely day at Sherdley Park.", "--council", "st-helens", "--as", "official")
    assert res.exit_code == 0 and "Verdict: PASS" in res.output


def test_blocked_post_marks_the_words_and_cites_the_clause():
    res = run("check", BLOCKED, "--council", "st-helens", "--as", "official")
    assert res.exit_code == 1
    assert "[[Ms Laila Rahman]]" in res.output and "St Helens 5.2" in res.output and "Fix:" in res.output


def test_json_spans_point_at_the_words():
    res = run("check", BLOCKED, "--council", "st-helens", "--as", "official", "--json")
    data = json.loads(res.output)
    assert data["verdict"] == "block" and data["council"] == "st-helens" and data["policy_version"]
    for f in data["findings"]:
        assert BLOCKED[f["start"]:f["end"]] == f["text"]


def test_fail_on_warn_turns_a_warning_into_exit_1():
    text = "Speaking for Sefton Council, I can tell you we think the new parking charges are a terrible idea."
    assert run("check", text, "--council", "sefton", "--as", "personal").exit_code == 0
    assert run("check", text, "--council", "sefton", "--as", "personal", "--fail-on", "warn").exit_code == 1


def test_text_from_stdin_and_file(tmp_path):
    assert run("check", "-", "--council", "sefton", "--as", "official", input=BLOCKED).exit_code == 1
    f = tmp_path / "post.txt"
    f.write_text("Bins are collected on Tuesday.")
    assert run("check", "--file", str(f), "--council", "sefton", "--as", "official").exit_code == 0


def test_bad_input_exits_2_with_a_clear_message():
    res = run("check", "x", "--council", "nowhere", "--as", "official")
    assert res.exit_code == 2 and "unknown council 'nowhere'" in res.output
    assert run("check", "x", "--council", "sefton", "--as", "tweet").exit_code == 2
    assert run("check", "--file", "/no/such/file", "--council", "sefton", "--as", "official").exit_code == 2


def test_embargoed_document_is_compared_until_its_end_date(tmp_path):
    doc = tmp_path / "budget.txt"
    doc.write_text("The council will close the Central Library and the Parr swimming baths in April 2027 "
                   "to save 1.2 million pounds, subject to cabinet approval next month.")
    post = "News: we will close the Central Library and the Parr swimming baths in April 2027 to save money."
    args = ["check", post, "--council", "st-helens", "--as", "official", "--json"]
    live = json.loads(run(*args, "--embargoed", f"{doc}@2999-01-01").output)
    assert any(f["category"] == "confidential" for f in live["findings"])
    ended = json.loads(run(*args, "--embargoed", f"{doc}@2000-01-01").output)
    assert not any(f["category"] == "confidential" for f in ended["findings"])


def test_platform_checks_the_length_only_when_given():
    text = "Our libraries open late on Thursdays this month. " * 7  # 343 characters, 280 allowed on X
    on_x = run("check", text, "--council", "sefton", "--as", "official", "--platform", "x")
    assert on_x.exit_code == 1 and "cut at least 63 characters" in on_x.output
    assert run("check", text, "--council", "sefton", "--as", "official").exit_code == 0
    assert run("check", "hi", "--council", "sefton", "--as", "official", "--platform", "myspace").exit_code == 2


CAMPAIGNING = "Vote Labour on Thursday! Kick the Tories out."


def test_the_restriction_is_as_you_say_on_the_command_line():
    res = run("check", CAMPAIGNING, "--council", "st-helens", "--as", "personal", "--politically-restricted")
    assert ("Checked as a politically restricted post, as you say (--politically-restricted): the command line has "
            "no staff records from HR.") in res.output
    data = json.loads(run("check", CAMPAIGNING, "--council", "st-helens", "--as", "personal",
                          "--politically-restricted", "--json").output)
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (True, "as-you-say")
    assert "sth.political.restricted-post" in {f["rule"] for f in data["findings"]}


def test_without_the_flag_nothing_is_said_and_the_json_says_null():
    res = run("check", CAMPAIGNING, "--council", "st-helens", "--as", "personal")
    assert "politically restricted post" not in res.output
    data = json.loads(run("check", CAMPAIGNING, "--council", "st-helens", "--as", "personal", "--json").output)
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (False, None)
