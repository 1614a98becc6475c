from factories import rule, write_pack

from civicguard.engine import Content, Context, Engine, load_pack


def _engine(tmp_path, *rules):
    return Engine(load_pack(write_pack(tmp_path, list(rules))))


def _ctx(channel="official"):
    return Context(council="testshire", channel=channel)


def test_every_finding_is_reported_and_verdict_is_the_worst(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.word", "warn", params={"word": "bad"}),
                     rule("t.b", "test.word", "block", params={"word": "worse"}))
    result = engine.check(Content("bad and worse and bad"), _ctx())
    assert result.verdict == "block"
    assert [(f.rule, f.text, f.start) for f in result.findings] == [
        ("t.a", "bad", 0), ("t.b", "worse", 8), ("t.a", "bad", 18)]
    assert result.findings[0].clauses == ("Testshire 1.1",)


def test_info_findings_do_not_change_a_pass(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.word", "info", params={"word": "bins"}))
    result = engine.check(Content("my bins"), _ctx())
    assert result.verdict == "pass" and len(result.findings) == 1


def test_rules_apply_only_to_their_channels(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.word", params={"word": "x"}, applies_to=("comment",)))
    assert engine.check(Content("x"), _ctx("official")).findings == ()
    assert engine.check(Content("x"), _ctx("comment")).verdict == "block"


def test_confidence_below_the_rule_threshold_is_not_reported(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.word", params={"word": "x", "confidence": 0.4}, threshold=0.5))
    assert engine.check(Content("x"), _ctx()).verdict == "pass"


def test_a_block_rule_warns_for_a_models_reading_alone_and_blocks_for_listed_wording(tmp_path):
    def check(model_only):
        r = {**rule("t.a", "test.word", params={"word": "x", "model_only": model_only}), "model_only": "warn"}
        return Engine(load_pack(write_pack(tmp_path, [r]))).check(Content("x"), _ctx())

    alone, listed = check(True), check(False)
    assert alone.verdict == "warn" and alone.findings[0].severity.value == "warn"
    assert listed.verdict == "block" and listed.findings[0].severity.value == "block"


def test_a_detector_that_errors_sends_the_item_to_a_human(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.broken", "warn"))
    result = engine.check(Content("anything"), _ctx())
    assert result.verdict == "warn"
    (finding,) = result.findings
    assert finding.needs_human and "model file missing" in finding.message


def test_a_detector_that_times_out_never_passes_silently(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.slow", "block"))
    result = engine.check(Content("anything"), _ctx())
    assert result.verdict == "block" and result.findings[0].needs_human
    assert "longer than" in result.findings[0].message


def test_a_check_that_overruns_in_a_batch_fails_closed_and_the_checks_after_it_still_run(tmp_path):
    engine = _engine(tmp_path, rule("t.s", "test.slow_on_word", "warn"),
                     rule("t.w", "test.word", "warn", params={"word": "x"}))
    first, slow, after = engine.check_all([(Content(t), _ctx(), None) for t in ("x fast", "x slow", "x after")])
    assert [f.rule for f in first.findings] == ["t.w"] and not first.findings[0].needs_human
    assert {f.rule: f.needs_human for f in slow.findings} == {"t.s": True, "t.w": True}
    messages = " ".join(f.message for f in slow.findings)
    assert "longer than" in messages and "did not run" in messages
    assert [f.rule for f in after.findings] == ["t.w"] and not after.findings[0].needs_human


def test_finding_json_has_the_contract_fields(tmp_path):
    engine = _engine(tmp_path, rule("t.a", "test.word", params={"word": "x"}))
    data = engine.check(Content("a x"), _ctx()).to_dict()
    assert set(data) >= {"verdict", "council", "policy_version", "findings"}
    assert set(data["findings"][0]) >= {"rule", "category", "severity", "clauses", "start", "end", "text",
                                        "confidence", "message", "remedy"}


def test_checking_a_batch_gives_what_checking_one_at_a_time_gives():
    from civicguard.engine import check, check_many

    items = [
        (Content(text="You f*cking useless w4nkers can't even fill a pothole."), Context(council="sefton",
                                                                                        channel="comment")),
        (Content(text="Test results for Ms Laila Rahman, NHS 943 476 5919, are ready."),
         Context(council="st-helens", channel="official")),
        (Content(text="The library on Victoria Square reopens on Monday at 9am."),
         Context(council="st-helens", channel="official")),
        (Content(text="Muslims are vermin and should be banned from this town."), Context(council="sefton",
                                                                                         channel="comment")),
    ]
    together = check_many(items)
    assert [r.to_dict() for r in together] == [check(c, ctx).to_dict() for c, ctx in items]
    assert [r.verdict for r in together][2] == "pass" and together[0].verdict != "pass"
    assert check_many([]) == []


def test_a_checking_process_can_be_held_to_one_blas_thread():
    from threadpoolctl import threadpool_info, threadpool_limits

    from civicguard.engine import one_blas_thread

    before = {p["internal_api"]: p["num_threads"] for p in threadpool_info()}
    try:
        one_blas_thread()
        assert {p["num_threads"] for p in threadpool_info()} == {1}
    finally:
        threadpool_limits(limits=before)


def test_finding_json_names_every_field_once_in_order():
    from dataclasses import fields

    from civicguard.engine.model import Finding, Severity

    finding = Finding(rule="t.a", category="personal_data", severity=Severity.BLOCK, clauses=("5.2", "5.4"), start=3,
                      end=9, text="x", confidence=0.123456, message="m", remedy="r", label="PERSON",
                      explanation="e", redacted="a [name]", needs_human=True, overridable=False)
    assert list(finding.to_dict()) == [f.name for f in fields(Finding)]
    assert finding.to_dict()["severity"] == "block" and finding.to_dict()["clauses"] == ["5.2", "5.4"]
    assert finding.to_dict()["confidence"] == 0.123
    plain = Finding(rule="t.a", category="c", severity=Severity.WARN, clauses=(), start=0, end=1, text="x",
                    confidence=1.0, message="m", remedy="r")
    assert "redacted" not in plain.to_dict() and "overridable" not in plain.to_dict()
