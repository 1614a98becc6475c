"""Conduct detectors: safeguarding, defamation, criticism, personal views, public case handling, intents
of third-party comments and image consent."""
