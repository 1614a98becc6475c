"""Demo data for procedures and reviews, for each council: the Communications procedure follows the policy in force
and the Libraries one an earlier version (out of date); one account's review signed off (its next one opened), one
due in ten days, one overdue. Idempotent: a council that has any review or procedure is left as it is."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone

from civicguard.apps.people.services import user_for_email
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.reviews.services import procedure_upload, review_open, review_sign_off
from civicguard.demo import DemoContext

EARLIER_VERSION = "2019 (before CivicGuard)"


def load(ctx: DemoContext) -> None:
    if not ServiceAreaProcedure.objects.filter(council=ctx.council).exists():
        _procedures(ctx)
    if not AccountReview.objects.filter(council=ctx.council).exists() and len(ctx.accounts) >= 3:
        _reviews(ctx)


def _procedures(ctx: DemoContext) -> None:
    areas = {a.slug: a for a in ctx.council.service_areas.all()}
    if "communications" in areas:
        procedure_upload(actor=ctx.people["service-manager"], area=areas["communications"],
                         title="Communications: social media procedure",
                         policy_version=selectors.policy_version(ctx.council),
                         file_name="communications-social-media-procedure.pdf",
                         data=pdf(f"{ctx.council.name}: Communications social media procedure"))
    if "libraries" in areas:
        procedure_upload(actor=ctx.people["line-manager"], area=areas["libraries"],
                         title="Libraries: using social media", policy_version=EARLIER_VERSION,
                         file_name="libraries-social-media.odt",
                         data=odt(f"{ctx.council.name}: Libraries, using social media"))


def _signer(ctx: DemoContext, review: AccountReview) -> Any:
    """The account's line manager's sign-in, or the demo line manager when the records name none."""
    manager = selectors.line_manager_of(review.account)
    if manager is not None:
        user = manager.user or user_for_email(manager.work_email)
        if user is not None:
            return user
    return ctx.people["line-manager"]


def _reviews(ctx: DemoContext) -> None:
    today = timezone.localdate()
    signed, due, overdue = ctx.accounts[:3]
    first = review_open(account=signed, due=today - timedelta(days=5))
    if first is not None:
        review_sign_off(actor=_signer(ctx, first), review=first, content_appropriate=True,
                        representatives_current=True, feedback_current=True, inappropriate_removed=True,
                        notes="Two old posts with broken links taken down; the moderators cleared the queue.")
    review_open(account=due, due=today + timedelta(days=10))
    review_open(account=overdue, due=today - timedelta(days=20))


# ---- small documents, made here so the demo needs no files ---------------------------------------------------

def pdf(title: str) -> bytes:
    """A one-page PDF whose document title is `title`."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def odt(text: str) -> bytes:
    """A minimal OpenDocument text holding one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f'<text:p>{escape(text)}</text:p></office:text></office:body></office:document-content>'),
            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx(text: str) -> bytes:
    """A minimal Word document holding one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            f'<w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>'))
    return out.getvalue()
