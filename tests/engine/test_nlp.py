"""The spaCy parses a batch is given: one pass, a text met twice parsed once, the same entities as a parse alone."""

from __future__ import annotations

from civicguard.engine.nlp import SPACY_MEMO, pipeline, prepare_parses


def _entities(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_a_batch_gets_the_parse_each_text_gets_alone_and_a_repeated_text_is_parsed_once() -> None:
    texts = ["Ask Laila Rahman at the library in Prescot.", "Bins go out on Tuesday.",
             "Ask Laila Rahman at the library in Prescot."]
    memos: list[dict] = [{}, {}, {}]
    prepare_parses(texts, memos)
    assert [_entities(m[SPACY_MEMO]) for m in memos] == [_entities(pipeline()(t)) for t in texts]
    assert memos[0][SPACY_MEMO] is memos[2][SPACY_MEMO]
    again: list[dict] = [{}]
    prepare_parses(texts[:1], again)  # met again in a later batch: the parse already made
    assert again[0][SPACY_MEMO] is memos[0][SPACY_MEMO]


def test_a_parse_already_in_the_memo_is_kept() -> None:
    mine = pipeline()("Something else entirely.")
    memos: list[dict] = [{SPACY_MEMO: mine}]
    prepare_parses(["Bins go out on Tuesday."], memos)
    assert memos[0][SPACY_MEMO] is mine


def test_a_text_that_hides_something_is_parsed_once_as_its_unhidden_view():
    from civicguard.engine.detectors.base import Document
    from civicguard.engine.model import Content, Context
    from civicguard.engine.nlp import UNHIDDEN_SPACY_MEMO, prepare_reading_parses, reading_parse

    hidden = "Thanks \u2764\ufe0f to Cllr Jo\u200bhn Fazakerley"  # a variation selector and a zero-width space
    plain = "Thanks to Cllr John Fazakerley"
    memos: list[dict] = [{}, {}]
    prepare_reading_parses([hidden, plain], memos)
    assert SPACY_MEMO not in memos[0] and UNHIDDEN_SPACY_MEMO in memos[0]
    assert SPACY_MEMO in memos[1] and UNHIDDEN_SPACY_MEMO not in memos[1]
    view, parsed = reading_parse(Document(Content(hidden), Context(council="sefton", channel="official"), memos[0]))
    assert parsed is memos[0][UNHIDDEN_SPACY_MEMO]
    names = [hidden[slice(*view.to_original(e.start_char, e.end_char))] for e in parsed.ents if e.label_ == "PERSON"]
    assert names == ["Cllr Jo\u200bhn Fazakerley"]  # found through the zero-width space, given back as written
