"""The one text every personal-data recogniser reads: the unhidden view of the content (zero-width characters,
soft hyphens, fullwidth digits and look-alike letters undone; `civicguard.engine.normalise.unhide`), with its
spaCy parse: the engine's reading parse (`civicguard.engine.nlp.reading_parse`), which every detector that asks
for names reads. Spans found in it are mapped back to the original text with `Normalised.to_original`.
"""

from __future__ import annotations

from civicguard.engine.nlp import UNHIDDEN_SPACY_MEMO, prepare_reading_parses, reading_parse

personal_view = reading_parse
prepare_view_parses = prepare_reading_parses

__all__ = ["UNHIDDEN_SPACY_MEMO", "personal_view", "prepare_view_parses"]
