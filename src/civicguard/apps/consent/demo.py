"""Demo photo consents at every stage, for each council, made through the services (so each is in the audit trail):

* a member of the public, current, with the signed form uploaded (a generated scan), tagged in a demo image;
* a member of staff (the demo line manager, linked to HR's record), current, on the e-form, told they could refuse;
* a child, consent from a parent, with the separate public display permission: publishable;
* a young person who consented themselves, with the judgement of their age and understanding recorded;
* a looked-after child: never publishable on social media (the register and the approval page say so);
* an expired consent (its last day moved back, then ended by the daily job);
* Corporate Communications' permission, after Legal's advice, for the demo employee to post the member of the
  public's photos on their own accounts (Sefton 5.5.2.2);
* two withdrawn consents whose people are in the image of an approved demo post: one takedown waiting on the
  post's author and approver, one confirmed.

The approved post is drafted, checked, submitted and approved through the posts services; its image is then put
on it directly (the posts app's draft page is where images are normally added). Legal reads the children's
records once, so the read log has entries. Idempotent: a council that has any consent record is left alone."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.consent import services
from civicguard.apps.consent.models import ConsentRecord, TakedownTask
from civicguard.apps.consent.services import ChildDetails, ESignature, Upload, declarations_for
from civicguard.apps.media.services import media_upload
from civicguard.apps.people.models import StaffRecord

TEXT = {"st-helens": "Thank you to everyone who came to Victoria Park's open day.",
        "sefton": "Thank you to everyone who came to the Southport Flower Show."}
EVENT = {"st-helens": "Victoria Park open day, St Helens, 14 June 2026",
         "sefton": "Southport Flower Show, 20 August 2026"}


def _picture(colour: tuple[int, int, int], label: str, kind: str = "PNG") -> bytes:
    """A small generated picture: a poster for the demo images, a page with lines for the demo scans."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (360, 240) if kind == "PNG" else (240, 340), colour)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), label, fill=(20, 20, 20))
    for y in range(60, 220, 24):
        draw.line((20, y, 200, y), fill=(90, 90, 90), width=2)
    buf = io.BytesIO()
    img.save(buf, format=kind)
    return buf.getvalue()


def _scan(label: str) -> Upload:
    return Upload(f"{label.lower().replace(' ', '-')}.jpg", _picture((248, 248, 240), label, "JPEG"))


def load(ctx: Any) -> None:
    council, people, slug = ctx.council, ctx.people, ctx.slug
    if ConsentRecord.objects.filter(council=council).exists():
        return
    legal, rep = people["legal"], people["representative"]
    today = timezone.localdate()
    year = today + timedelta(days=365)
    common = dict(purposes="Posts on the council's accounts about the event", media_description=EVENT[slug],
                  obtained_on=today, expires_on=year)

    def record(actor: Any, name: str, kind: str = "public", platforms: tuple[str, ...] = ("facebook", "x"),
               **kw: Any) -> ConsentRecord:
        kw.setdefault("form", _scan(f"Photo consent form {name}") if "esignature" not in kw else None)
        return services.consent_record(actor=actor, council=council, person_kind=kind, name=name,
                                       platforms=list(platforms), **{**common, **kw})

    def child(looked_after: str = "never", **kw: Any) -> ChildDetails:
        fields: dict[str, Any] = dict(
            consent_from="parent", consent_from_name="Pat Example", age_understanding="",
            file_reference=f"{ctx.prefix.upper()}-CF-0101", purpose="To celebrate the children's garden the young "
                                                                   "people planted, with them and their families",
            explained_to_child=True, explained_to_carer=True, not_explained_reason="", looked_after=looked_after,
            display_form=_scan("Public display permission"))
        return ChildDetails(**{**fields, **kw})

    public = record(rep, "Jordan Example")
    manager = StaffRecord.objects.filter(council=council, name="Lee Line-Manager").first()
    record(rep, "Lee Line-Manager", "staff", staff_record=manager, told_free_to_refuse=True,
           esignature=ESignature("Lee Line-Manager", tuple(declarations_for("staff"))))
    kid = record(legal, "Casey Example", "child", child=child(), platforms=("facebook",))
    teen = record(legal, "Morgan Example", "child", platforms=("instagram",), child=child(
        consent_from="young-person", consent_from_name="",
        age_understanding="Morgan is 16, understood what the photos are for and where they will appear, and asked "
                          "for them to be shared; their social worker agreed"))
    looked_after = record(legal, "Riley Example", "child", child=child(looked_after="looked-after",
                                                                        consent_from="social-worker",
                                                                        consent_from_name="Sam Social-Worker"))
    ended = record(legal, "Alex Example", expires_on=today + timedelta(days=1))
    ConsentRecord.objects.filter(pk=ended.pk).update(expires_on=today - timedelta(days=1))
    services.consent_expire_due(today=today)

    # An image of the event tagged with the public's and the child's consents.
    poster = media_upload(actor=rep, council=council, purpose="post", name=f"{ctx.prefix}-open-day.png",
                          data=_picture((120, 190, 120), EVENT[slug]))
    services.tag_add(actor=rep, media_item=poster, name=public.name, consent=public, box=(40, 40, 60, 60))
    services.tag_add(actor=rep, media_item=poster, name=kid.name, consent=kid, box=(140, 50, 50, 50))
    services.tag_add(actor=rep, media_item=poster, name="Riley", consent=looked_after, box=(220, 60, 50, 50))
    # Corporate Communications' permission, after Legal's advice, for the demo employee to post Jordan's photos on
    # their own accounts (Sefton 5.5.2.2).
    if people.get("approver") is not None and people.get("employee") is not None:
        services.personal_permission_grant(
            actor=people["approver"], record=public, employee=people["employee"], expires_on=today + timedelta(90),
            legal_advice=f"Legal Services advised by e-mail on {today.day} {today:%B}, ref {ctx.prefix.upper()}-LS-7")
    for reader in (legal, people.get("caldicott-guardian")):
        if reader is not None:
            for found in (teen, looked_after):
                services.consent_read(actor=reader, record=found)

    # Two withdrawn consents, each in an image on an approved post: one takedown waiting, one confirmed.
    post = _approved_post(ctx)
    if post is None:
        return
    from civicguard.apps.posts.models import PostImage

    for n, name in enumerate(("Drew Example", "Sky Example")):
        person = record(rep, name)
        image = media_upload(actor=rep, council=council, purpose="post", name=f"{ctx.prefix}-stall-{n + 1}.png",
                             data=_picture((200, 160 + 30 * n, 90), f"{EVENT[slug]}: stall {n + 1}"))
        services.tag_add(actor=rep, media_item=image, name=name, consent=person, box=(60, 60, 80, 80))
        PostImage.objects.create(post=post, media=image, alt_text=f"A stall at the {EVENT[slug].split(',')[0]}")
        services.consent_withdraw(actor=legal, record=person,
                                  reason=f"{name.split()[0]} phoned Corporate Communications and asked for the "
                                         "photos to come down")
    first = TakedownTask.objects.filter(post=post).order_by("pk").last()
    if first is not None:
        services.takedown_confirm(actor=rep, task=first, note="Deleted the photo from the post on Facebook; "
                                                              "checked it no longer shows")


def _approved_post(ctx: Any) -> Any:
    """An approved demo post on the council's first account, through the posts services."""
    from civicguard.apps.posts import services as posts
    from civicguard.apps.posts.notices import without_email

    author, approver = ctx.people["representative"], ctx.people["approver"]
    post = posts.post_create(actor=author, account=ctx.accounts[0], text=TEXT[ctx.slug])
    posts.post_check(post=post, actor=author)
    posts.post_submit(post=post, actor=author)
    with without_email():
        posts.post_decide(post=post, actor=approver, decision="approve")
    post.refresh_from_db()
    return post if post.status == "approved" else None
