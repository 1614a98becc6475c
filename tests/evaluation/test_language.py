"""The language sections on a tiny hand-written data folder: figures for us and every peer on the same rows."""

from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.language import choose_rule_thresholds, choose_threshold, davidson, hatecheck, mlma


def test_davidson_reports_every_peer_beside_civicguard(tiny_data):
    section = davidson(EvalContext(tiny_data))
    systems = [row[0] for row in section.tables[0].rows]
    assert systems[:1] == ["CivicGuard"] and {"alt-profanity-check", "better-profanity", "majority class"} <= set(
        systems)
    assert section.rows == 8 and section.metrics["CivicGuard"]["recall"] >= 0.75


def test_hatecheck_per_functional_test_and_characteristic(tiny_data):
    section = hatecheck(EvalContext(tiny_data))
    funcs = {row[0] for row in section.tables[1].rows}
    assert {"derog_neg_emote_h", "counter_quote_nh", "profanity_nh"} <= funcs
    assert section.metrics["characteristic_accuracy"] == 1.0 and section.metrics["characteristic_items"] >= 2
    fpr = {row[0]: row[2] for row in section.tables[2].rows}
    assert fpr["profanity_nh"] == 0.0  # "Fuck yeah" is profanity, not hate
    # The headline reads the calibrated probability at the data's own rate (nothing chosen); the validation-chosen
    # threshold sits beside it, per functional test too.
    assert section.tables[0].rows[0][0] == "CivicGuard" and "nothing chosen" in section.tables[0].rows[0][-1]
    assert "CivicGuard, threshold chosen on validation" in section.metrics
    assert "CivicGuard, threshold chosen on validation" in section.tables[1].columns


def test_mlma_names_the_characteristic(tiny_data):
    section = mlma(EvalContext(tiny_data))
    assert section.rows == 4  # "other" is left out
    assert section.metrics["characteristic_accuracy"] >= 0.75


def test_threshold_is_the_one_that_separates_validation_best():
    assert choose_threshold([True, True, False, False], [0.9, 0.7, 0.3, 0.1]) in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
                                                                                   0.65, 0.7)


def test_each_rule_gets_its_own_threshold_when_either_may_flag():
    # Rule A separates the first two texts only at a high threshold, rule B the third only at a low one.
    gold = [True, True, True, False, False]
    a = [0.9, 0.85, 0.0, 0.6, 0.0]
    b = [0.0, 0.0, 0.2, 0.0, 0.1]
    ta, tb = choose_rule_thresholds(gold, [a, b])
    assert 0.6 < ta <= 0.85 and 0.1 < tb <= 0.2


def test_davidson_shows_the_peer_refit_on_train_and_every_split(tiny_data):
    from civicguard.evaluation.language import RECIPE

    section = davidson(EvalContext(tiny_data))
    systems = [row[0] for row in section.tables[0].rows]
    assert systems.index(RECIPE) > systems.index("alt-profanity-check")
    by_split = section.tables[1]
    assert by_split.columns == ["system", "train", "validation", "test"]
    rows = {row[0]: row[1:] for row in by_split.rows}
    assert isinstance(rows["alt-profanity-check (packaged model)"][0], float)
    assert rows[RECIPE][0] == "fitted on these rows" and isinstance(rows[RECIPE][2], float)
    assert "macro_f1_gap_to_alt_recipe_fit_on_train_points" in section.metrics
    # The tiny files carry no annotator counts, so there is no agreement table.
    assert len(section.tables) == 2


def test_davidson_errors_are_split_by_annotator_agreement(tmp_path):
    from tests.evaluation.conftest import DAVIDSON, _write, write_tiny_data

    root = write_tiny_data(tmp_path / "data")
    # The first four rows unanimous, the rest with one annotator against the majority.
    rows = []
    for i, (text, cls) in enumerate(DAVIDSON):
        votes = [0, 0, 0]
        votes[int(cls)] = 3 if i < 4 else 2
        if i >= 4:
            votes[2 if cls != "2" else 1] = 1
        rows.append([str(i), str(sum(votes)), *map(str, votes), cls, text])
    for split in ("train", "validation", "test"):
        _write(root / "davidson" / f"{split}.csv",
               ["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"], rows)
    section = davidson(EvalContext(root))
    table = section.tables[2]
    assert "annotator agreement" in table.title
    assert [row[:2] for row in table.rows] == [["every annotator agreed", 4], ["annotators split (majority label)", 4]]
    assert table.columns[2] == "CivicGuard" and "better-profanity" in table.columns
