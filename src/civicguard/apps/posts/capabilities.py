"""What roles may do with posts (civicguard.apps.access collects this; docs/access-rules.md)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    # Every member of staff may check a personal post (St Helens 5.1: the policy applies to all employees).
    "personal.check": ("Check a personal post before posting it", ALL),
    # Official posts: representatives draft (StH 6.3: only authorised representatives post for the council);
    # the approver section (Customer Services / Corporate Communications, from the pack) decides.
    "post.draft": ("Draft, check, fix and submit official posts for the accounts one represents",
                   {"representative"}),
    "post.view": ("See official posts (a representative: only their accounts' posts and their own)",
                  {"representative", "approver", "service-manager", "line-manager", "img"}),
    "post.view_all": ("See every official post of the council", {"approver", "service-manager", "line-manager", "img"}),
    "post.approve": ("Approve, return or override official posts by others", {"approver"}),
    "outbox.view": ("See the outbox of approved posts", {"representative", "approver", "img"}),
    # Overrides of the check (who overrode what, and why; the counts): the approvers who make and confirm them,
    # and the IMG, which governs the policy (StH 10.1) and reports on how it is kept.
    "overrides.view": ("See the overrides of the check and their counts", {"approver", "img"}),
    # Checking text as a third-party comment or a reply is the moderator's and the account teams' work.
    "check.moderation": ("Check text as a resident's comment or as a reply",
                         {"moderator", "representative", "approver"}),
}
