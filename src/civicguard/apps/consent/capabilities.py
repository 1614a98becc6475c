"""What roles may do with the photo consent register (collected by civicguard.apps.access; docs/access-rules.md).

The packs name Legal as the adviser on consent (Sefton 5.5: "take advice from Corporate Legal Services"; St Helens'
Legal Services), and Corporate Communications (the approvers) approve the posts that carry the images."""

CAPABILITIES = {
    # The consent pages: what each person finds there follows their other consent capabilities (the register shows a
    # representative only the records they made themselves).
    "consent.pages": ("Open the photo consent pages (what they show depends on one's other consent capabilities)",
                      {"legal", "approver", "caldicott-guardian", "representative"}),
    # Legal / Information Governance keep the register; Corporate Communications (approvers) check it before
    # approving; the Caldicott Guardian oversees the use of confidential information about children.
    "consent.view": ("See the photo consent register (adults' records), export it, and see every takedown task",
                     {"legal", "approver", "caldicott-guardian"}),
    # A child's record is confidential (Sefton 5.5.4.9: stored securely): only Legal and the Caldicott Guardian read
    # it, and every read is logged and audited.
    "consent.children": ("Read children's consent records (every read is logged)", {"legal", "caldicott-guardian"}),
    # The staff who take the photos and get the forms signed (representatives), and Communications and Legal, who
    # also record a withdrawal when a person asks.
    "consent.record": ("Record a photo consent (the signed form or the e-form) and record its withdrawal",
                       {"representative", "approver", "legal"}),
    # Tagging the people in an image, from the register, is part of drafting and approving a post.
    "consent.tag": ("Tag the people in an image with their consent records", {"representative", "approver", "legal"}),
    # Sefton 5.5.2.2: images of the public or colleagues on an employee's own accounts only with Corporate
    # Communications' permission (the approvers), after Legal's advice, which the permission records.
    "consent.permit": ("Give an employee permission to post images of a person on their own accounts, after Legal's "
                       "advice", {"approver"}),
    # A takedown waits on the post's author and approver; Legal may confirm too.
    "consent.takedown": ("Confirm that a post was taken down after a consent was withdrawn or expired",
                         {"representative", "approver", "legal"}),
}

NAV = [("consent.pages", "consent:register", "Photo consent")]
