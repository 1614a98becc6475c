"""What roles may do with residents' comments (collected by civicguard.apps.access)."""

CAPABILITIES = {
    # Comment moderation (StH 9.6-9.7): the moderator works the queue; comms (the approver section) and legal /
    # information governance may read it; legal and the IMG export it for FOI and subject access.
    "comments.view": ("Read the comment moderation queue", {"moderator", "approver", "legal"}),
    "comments.moderate": ("Approve, hide, remove, escalate and route comments", {"moderator"}),
    "comments.import": ("Import comments from a platform export", {"moderator", "admin"}),
    "comments.export": ("Export comments for FOI and subject access requests", {"legal", "img"}),
    "comments.dead_letters": ("Inspect comment imports that could not be read", {"moderator", "admin"}),
}
