"""The whole demo (`load_demo`), as `make demo` loads it: every stage of each app's work in both councils, and a
second run adds nothing.

Loading the demo takes tens of seconds, so it is loaded once for the class (setUpTestData); each test runs inside
its own savepoint, rolled back after it, so no test sees another's writes. The test of a second run loads it again
on top of the first.
"""

from __future__ import annotations

import os
from unittest import mock
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import resolve, reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.consent.models import Tag
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import waiting
from civicguard.apps.onboarding.models import AgreementSignature, Completion
from civicguard.apps.onboarding.selectors import posting_gaps
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.apps.posts.models import Post, PostImage
from civicguard.apps.reviews import selectors as reviews
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, CaseState, SocialAccount
from civicguard.apps.social_accounts.waiting import waiting_for
from civicguard.apps.staff.models import RoleAssignment
from civicguard.demo import load_demo

PASSWORD = {"CIVICGUARD_DEMO_PASSWORD": "Demo-Password-For-Tests"}


def _counts() -> dict[str, int]:
    """What a second run must not add to."""
    return {"posts": Post.objects.count(), "post images": PostImage.objects.count(), "tags": Tag.objects.count(),
            "signatures": AgreementSignature.objects.count(), "completions": Completion.objects.count(),
            "staff records": StaffRecord.objects.count(),
            "staff imports": AuditEntry.objects.filter(event="people.staff.import").count(),
            "reviews": AccountReview.objects.count(), "procedures": ServiceAreaProcedure.objects.count(),
            "review events": AuditEntry.objects.filter(event__startswith="reviews.").count(),
            "business cases": BusinessCase.objects.count(), "accounts": SocialAccount.objects.count()}


def _load() -> None:
    with mock.patch.dict(os.environ, PASSWORD), TestCase.captureOnCommitCallbacks(execute=True):
        load_demo()


class TheDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        del mail.outbox[:]
        _load()
        cls.subjects = [m.subject for m in mail.outbox]
        cls.first = _counts()

    # Posts

    def test_every_stage_of_a_post_in_both_councils_and_no_e_mail_about_posts(self):
        for slug in ("st-helens", "sefton"):
            posts = Post.objects.filter(council__slug=slug)
            assert {"draft", "approved", "override_requested"} <= set(posts.values_list("status", flat=True)), slug
            overridden = posts.get(overridden=True)
            assert overridden.status == "approved" and overridden.override_record().people == 2
            assert posts.get(status="override_requested").override_record().waiting
        assert not [s for s in self.subjects if "post" in s.lower()]

    def test_the_posts_carry_pictures_with_faces_boxed(self):
        for slug in ("st-helens", "sefton"):
            open_day = Post.objects.get(council__slug=slug, text__startswith="Thanks to everyone who helped")
            item = open_day.images.get().media
            assert len(item.image_facts().faces) == 2 and item.tags.get().consent is None
            assert open_day.latest_check.verdict == "block"
        bins = Post.objects.get(council__slug="st-helens", status="submitted", text__startswith="Bin collections")
        assert bins.images.get().media.views.count() == 1  # the approver looked at it

    # Onboarding

    def test_everyone_is_onboarded_but_the_new_representative(self):
        users = get_user_model().objects
        st_helens, sefton = Council.objects.get(slug="st-helens"), Council.objects.get(slug="sefton")
        assert len(posting_gaps(users.get(username="sth-new-rep"), st_helens)) == 2
        assert posting_gaps(users.get(username="sth-representative"), st_helens) == []
        assert posting_gaps(users.get(username="sth-moderator"), st_helens) == []
        assert "has changed since you signed it" in posting_gaps(users.get(username="sef-employee"), sefton)[0].missing
        assert set(Completion.objects.values_list("source", flat=True)) == {"lms-import", "line-manager"}

    # Staff records

    def test_staff_records_in_both_councils_and_one_restricted_post_in_st_helens(self):
        restricted = StaffRecord.objects.filter(politically_restricted=True)
        assert [(r.council.slug, r.user.username) for r in restricted] == [("st-helens", "sth-employee")]
        rep = StaffRecord.objects.get(work_email="sef-representative@example.gov.uk")
        assert rep.line_manager.user.username == "sef-line-manager" and rep.service_area.name == "Communications"
        assert rep.service_area.manager_record.manager.user.username == "sef-service-manager"

    # Account reviews and procedures

    def test_reviews_and_procedures_at_every_stage_in_both_councils(self):
        for council in Council.objects.all():
            states = sorted(reviews.review_state(r) for r in AccountReview.objects.filter(council=council))
            assert states == ["due", "overdue", "scheduled", "signed_off"], council.slug
            status = {row.area.slug: row.status for row in reviews.area_procedures(council=council)}
            assert status["communications"] == "current" and status["libraries"] == "out_of_date", council.slug
        # each council: 2 uploads, 3 reviews opened, 1 signed off (opening the 4th)
        assert (self.first["reviews"], self.first["procedures"], self.first["review events"]) == (8, 4, 12)

    # Business cases and the public register

    def test_business_cases_at_every_stage_and_a_register(self):
        for slug in ("st-helens", "sefton"):
            states = set(BusinessCase.objects.filter(council__slug=slug).values_list("state", flat=True))
            # Sefton's pack asks for no endorsement: its cases never wait for one (St Helens 9.11 does)
            every = set(CaseState.values) - ({CaseState.ENDORSEMENT} if slug == "sefton" else set())
            assert states == every, slug
            refused = BusinessCase.objects.get(council__slug=slug, state=CaseState.REFUSED)
            assert refused.platform == "tiktok" and refused.decided_by is None
            statuses = set(SocialAccount.objects.filter(council__slug=slug).values_list("status", flat=True))
            assert statuses == {AccountStatus.LIVE, AccountStatus.SET_UP}
        page = self.client.get(reverse("register:page", args=["sefton"])).content.decode()
        assert "@SeftonCouncil" in page and "@SeftonEvents" in page and "www.sefton.gov.uk/complaints" in page
        assert "@seftonlibraries" not in page and "socialmedia@sefton.gov.uk" not in page

    # What waits on each person

    def test_every_source_s_links_open_a_page(self):
        areas = set()
        for assignment in RoleAssignment.objects.select_related("user", "council"):
            for item in waiting(assignment.user, assignment.council, strict=True):
                resolve(urlsplit(item.url).path)  # a link to a page that exists
                areas.add(item.area)
        assert "Staff records" in areas  # HR: the demo's check of hr-starters.csv, at least

    # A second run

    def test_a_second_run_adds_nothing(self):
        assert self.first["staff records"] >= 15  # 7 roles in each council and a leaver in each
        assert self.first["staff imports"] == 2
        _load()
        assert _counts() == self.first
        assert not StaffRecord.objects.get(work_email="sth-leaver@example.gov.uk").active
        check = ImportRun.objects.get(council__slug="sefton", dry_run=True)
        assert check.counts["created"] == 2 and check.counts["bad_rows"] == 1 and check.source_rows
        assert ImportRun.objects.filter(dry_run=True).count() == 2
        # St Helens' service manager finds the line manager's case to endorse among what waits on them
        endorse = BusinessCase.objects.get(council__slug="st-helens", state=CaseState.ENDORSEMENT)
        assert endorse.author.username == "sth-line-manager"
        manager = get_user_model().objects.get(username="sth-service-manager")
        assert [w.url for w in waiting_for(manager, endorse.council) if "Endorse" in w.text] == [
            reverse("social_accounts:case", args=[endorse.pk])]
