"""What Presidio is handed of a check's spaCy parse: the PERSON entities, and (only if read) the token offsets,
lemmas and keywords Presidio's own NlpArtifacts would hold."""

from __future__ import annotations

import json

from presidio_analyzer.nlp_engine import NlpArtifacts

from civicguard.engine.detectors.personal_data.recognizers import analyzer
from civicguard.engine.nlp import pipeline


def test_artifacts_hold_what_presidio_would_build_from_the_parse() -> None:
    _, engine = analyzer()
    doc = pipeline()("Laila Rahman's NHS number is 943 476 5919; call her on 07700 900123, she's at home.")
    ours = engine.artifacts(doc)
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    theirs = NlpArtifacts(entities=people, tokens=doc, tokens_indices=[t.idx for t in doc],
                          lemmas=[t.lower_ for t in doc], nlp_engine=engine, language="en", scores=[0.6] * len(people))
    assert people and ours.entities == people and ours.tokens is doc and ours.scores == theirs.scores
    assert ours.tokens_indices == theirs.tokens_indices
    assert ours.lemmas == theirs.lemmas
    assert ours.keywords == theirs.keywords
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json())
