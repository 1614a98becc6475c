"""The peers CivicGuard is measured against, as the eval runs them."""

from civicguard.evaluation.peers import alt_profanity_recipe

OFFENSIVE = ["you stupid bitch", "fuck off you idiot", "shut up bitch", "what a fucking idiot", "stupid shit",
             "fuck this shit"]
BENIGN = ["lovely day at the park", "the bins were collected", "thanks for your help", "great match last night",
          "the library opens at nine", "roadworks on the high street"]


def test_recipe_fit_on_train_scores_unseen_abuse_above_unseen_chat():
    score = alt_profanity_recipe(OFFENSIVE + BENIGN, [True] * len(OFFENSIVE) + [False] * len(BENIGN))
    assert score is not None
    abuse, chat = score(["you fucking bitch", "a lovely walk in the park"])
    assert abuse > 0.5 > chat


def test_recipe_needs_two_rows_of_each_class_to_calibrate():
    assert alt_profanity_recipe(OFFENSIVE + BENIGN[:1], [True] * len(OFFENSIVE) + [False]) is None
