"""Comment moderation: every state change, checked against the person's roles and audited.

ingest: take comments from the platforms; scan: check them with the engine; decisions: the moderator's
actions; routing: hand-offs to the Contact Centre, Press Office and safeguarding; records: export, purge,
rescan. Views, the API, tasks and the command line only call these functions.
"""
