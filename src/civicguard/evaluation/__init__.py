"""Measuring the detectors on labelled public data, beside the tools a council would otherwise use.

`civicguard eval` runs every section in :data:`civicguard.evaluation.sections.SECTIONS` on one split of a data
folder laid out like ``../shared/data`` and writes a Markdown report and a JSON file. Each section is a module with
``run(ctx: EvalContext) -> Section``; sections share the peers (alt-profanity-check, better-profanity, Presidio)
through the context so each is loaded once per run.
"""
