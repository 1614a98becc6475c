"""Demo posts with pictures, at every stage where a picture makes sense, in both councils, through the services
(so each step is in the audit trail and each picture is a private media item with its faces found):

* the example posts of `civicguard.demo.POSTS` (made here, before the other apps' demos add posts of their own,
  so that they are there whatever order the demos run in), with a picture where it fits: the council's poster on
  the St Helens post waiting for approval; a portrait with nobody tagged on the St Helens draft (blocked: a face
  with no consent on record). The consent demo's approved post carries tagged pictures too;
* in each council, a draft with two people in its picture: one tagged by a name typed beside the upload and not on
  the consent register, one not tagged at all, so the draft page shows both boxes and the check blocks it until
  the author records their consent (the consent pages) and tags them from the register.

Idempotent: a council that has any post already is left alone, as are the drafts with pictures once made.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from civicguard.apps.media.demo import poster
from civicguard.apps.media.services import media_view, media_view_refusal
from civicguard.apps.posts import services
from civicguard.apps.posts.models import Post
from civicguard.apps.posts.notices import without_email

IMAGES = Path(__file__).resolve().parent / "demo_images"
# stage of civicguard.demo.POSTS -> (file, or "poster" for the council's generated poster; description; names
# typed beside it). The approved example has none: a picture's words are read by OCR, which can run out of time
# on a busy machine and then asks for a person, so an approval in the demo could not be relied on.
PICTURES: dict[str, dict[str, tuple[str, str, str]]] = {
    "st-helens": {"submitted": ("poster", "A poster in the council's colours about the library's late opening", ""),
                  "draft": ("one_face.jpg", "Derek at the volunteers' celebration", "")},
    "sefton": {},
}
OPEN_DAY = {
    "st-helens": ("Thanks to everyone who helped at Victoria Park's open day, and to our film crew for the video!",
                  "Two of the volunteers at Victoria Park's open day", "Eileen Collins"),
    "sefton": ("Thanks to everyone who helped at the Southport Flower Show, and to our film crew for the video!",
               "Two of the volunteers at the Southport Flower Show", "Eileen Collins"),
}


def load(ctx: Any) -> None:
    from civicguard.apps.onboarding import demo as onboarding_demo
    from civicguard.demo import POSTS

    # The authors must have signed the User Agreement and been trained before they draft: the onboarding demo
    # (idempotent) does that; it runs again later in its own turn and changes nothing then.
    onboarding_demo.load(dataclasses.replace(ctx, usernames=[]))
    account, author, approver = ctx.accounts[0], ctx.people["representative"], ctx.people["approver"]
    if not Post.objects.filter(council=ctx.council).exists():
        pictures = PICTURES.get(ctx.slug, {})
        for stage, text in POSTS[ctx.slug]:
            post = services.post_create(actor=author, account=account, text=text)
            if stage in pictures:
                name, alt, people = pictures[stage]
                data = poster(ctx.slug) if name == "poster" else (IMAGES / name).read_bytes()
                services.image_add(post=post, actor=author, name=f"{ctx.prefix}-poster.png" if name == "poster"
                                   else name, data=data, alt_text=alt, tagged_people=people)
            services.post_check(post=post, actor=author)
            if stage in {"submitted", "approved"}:
                services.post_submit(post=post, actor=author)
            if stage == "approved":
                with without_email():
                    services.post_decide(post=post, actor=approver, decision="approve")
    text, alt, typed = OPEN_DAY[ctx.slug]
    if not Post.objects.filter(council=ctx.council, text=text).exists():
        post = services.post_create(actor=author, account=account, text=text)
        services.image_add(post=post, actor=author, name="open-day.jpg",
                           data=(IMAGES / "two_faces.jpg").read_bytes(), alt_text=alt, tagged_people=typed)
        services.post_check(post=post, actor=author)
    # The approver has opened the picture of the post waiting for them (the view log has an entry).
    waiting = Post.objects.filter(council=ctx.council, status="submitted", images__media__isnull=False).first()
    if waiting is not None:
        for image in waiting.images.select_related("media"):
            item = image.media
            if item is not None and media_view_refusal(approver, item) is None and not item.views.exists():
                media_view(actor=approver, item=item)
