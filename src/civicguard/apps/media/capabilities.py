"""What roles may do with photos and video (collected by civicguard.apps.access; docs/access-rules.md)."""

CAPABILITIES = {
    # Images for official posts are uploaded by the staff who draft them (St Helens 6.3: representatives). Anyone
    # may upload an image to check a personal post (that asks for `personal.check`, which every role holds).
    "media.upload": ("Upload images for the official posts one drafts", {"representative"}),
    # Who looks at an image is logged (Sefton 5.5.4.9). Besides the uploader: Corporate Communications (the
    # approvers, who approve the posts that carry them) and Legal / Information Governance (consent, 5.5).
    # A personal post's image is its uploader's alone.
    "media.view": ("See the images uploaded for the council's official posts, and who looked at them",
                   {"approver", "legal"}),
}

# Everyone may upload a personal post's image, so everyone has the list (their own images, and what their roles see).
NAV = [("personal.check", "media:list", "Images")]
