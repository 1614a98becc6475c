"""Each figure of the dashboard changes when its records change, and links to those records only for a viewer who
may read them (counts alone for cases, breaches and RIPA otherwise)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.dashboard import figures
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, CaseState
from civicguard.apps.staff.services import role_assign
from tests.apps.dashboard import factories as make
from tests.apps.dashboard.helpers import bars, board, chart, fig
from tests.apps.factories import AccountFactory, onboard, person, staff_record


def test_checks_blocked_and_warned_by_category_clause_and_over_time(st_helens):
    img = person("img")
    before = board(img, st_helens)
    assert fig(before, "Checks run on official posts").value == 0
    make.checked_post(verdict="block", findings=[make.finding("personal_data", "5.2")])
    make.checked_post(verdict="warn", findings=[make.finding("criticism", "5.3", "warn")])
    make.checked_post(verdict="pass")
    make.checked_post(verdict="block", at=timezone.now() - timedelta(days=90))  # before the period
    after = board(img, st_helens)
    assert fig(after, "Checks run on official posts").value == 3
    assert fig(after, "Official post checks that blocked").value == 1
    assert fig(after, "Official post checks that warned").value == 1
    assert bars(after, "Official post checks by category of finding") == {"Personal data": 1, "Criticism": 1}
    assert bars(after, "Official post checks by policy clause") == {"St Helens 5.2": 1, "St Helens 5.3": 1}
    over_time = chart(after, "Official post checks over time")
    assert [sum(v) for _, v in over_time.series] == [1, 1, 1]
    # The longer period takes in the old check.
    assert fig(board(img, st_helens, days=120), "Checks run on official posts").value == 4


def test_overrides_one_and_two_people_with_their_justifications(st_helens):
    img = person("img")
    make.override(make.checked_post(verdict="warn").post, people=1, justification="Agreed with the family")
    make.override(make.checked_post(verdict="block").post, people=2, justification="Court order published")
    found = board(img, st_helens)
    assert fig(found, "Overrides by one person").value == 1
    assert fig(found, "Overrides confirmed by a second person").value == 1
    table = next(t for s in found.sections for t in s.tables if t.caption == "Overrides and their justifications")
    texts = [row[3][0] for row in table.rows]
    assert "Agreed with the family" in texts and "Confirmed: Court order published" in texts
    # A service manager does not see overrides: counts, no justifications.
    manager = board(person("service-manager"), st_helens)
    assert fig(manager, "Overrides by one person").url is None
    assert not [t for s in manager.sections for t in s.tables if t.caption == "Overrides and their justifications"]


def test_personal_checks_are_counted_only_when_kept(st_helens):
    from civicguard.apps.posts.models import KeptCheck

    img = person("img")
    employee = person("employee")
    KeptCheck.objects.create(user=employee, council=st_helens, text="x", verdict="block", result={})
    found = board(img, st_helens)
    assert fig(found, "Personal post checks kept by their authors").value == 1
    assert fig(found, "Kept personal post checks that blocked").value == 1
    assert fig(found, "Personal post checks kept by their authors").url is None  # theirs alone to read


def test_moderation_categories_clock_and_hand_offs(st_helens):
    img = person("img")
    account = AccountFactory(council=st_helens)
    make.comment(account=account, categories="offensive", hours_ago=5, decided_after=1, status="hidden")
    make.comment(account=account, categories="offensive,personal_data", hours_ago=50, decided_after=30,
                 status="removed")
    waiting_long = make.comment(account=account, categories="safeguarding", hours_ago=30)
    make.handoff(waiting_long, "safeguarding")
    make.handoff(make.comment(account=account), "contact_centre")
    found = board(img, st_helens)
    assert fig(found, "Comments received").value == 4
    assert bars(found, "Comments by category") == {"Offensive": 2, "Personal data": 1, "Safeguarding": 1}
    assert fig(found, "Decided within the clock").value == 1
    assert fig(found, "Decided after the clock").value == 1
    assert fig(found, "Waiting, past the clock").value == 1
    assert fig(found, "Median time to a person's decision (hours)").value == "15.5"
    assert fig(found, "Safeguarding referrals").value == 1
    assert bars(found, "Hand-offs by route") == {"Contact Centre": 1, "Press Office": 0, "Safeguarding": 1}


def test_agreements_training_and_restricted_posts_by_service_area(st_helens):
    img = person("img")
    highways = ServiceArea.objects.create(council=st_helens, slug="highways", name="Highways")
    signed = person("employee", onboarded=True)
    unsigned = person("employee", onboarded=False)
    staff_record(user=signed, service_area=highways)
    staff_record(user=unsigned, service_area=highways, politically_restricted=True)
    found = board(img, st_helens, area=highways)
    assert fig(found, "Staff who must sign the User Agreement").value == 2
    assert fig(found, "Staff who have signed the User Agreement in force").value == 1
    assert fig(found, "Staff who have not").value == 1
    assert fig(found, "Staff whose training is complete").value == 1
    assert fig(found, "Staff whose training is missing or has ended").value == 1
    assert fig(found, "Staff in politically restricted posts").value == 1
    onboard(unsigned)
    again = board(img, st_helens, area=highways)
    assert fig(again, "Staff who have not").value == 0
    assert fig(again, "Staff whose training is complete").value == 2
    table = next(t for s in again.sections for t in s.tables if t.caption == "Training by service area")
    assert [[text for text, _ in row] for row in table.rows] == [["Highways", "2", "2", "0", "0"]]


def test_accounts_live_dormant_reviews_and_business_cases(st_helens):
    from civicguard.apps.reviews.models import AccountReview

    img = person("img")
    live = AccountFactory(council=st_helens, status=AccountStatus.LIVE)
    AccountFactory(council=st_helens, status=AccountStatus.DORMANT)
    AccountReview.objects.create(council=st_helens, account=live, due=timezone.localdate() - timedelta(days=3))
    BusinessCase.objects.create(council=st_helens, title="Parks", state=CaseState.SUBMITTED, author=img)
    found = board(img, st_helens)
    assert fig(found, "Live official accounts").value == 1
    assert fig(found, "Dormant official accounts").value == 1
    assert fig(found, "Account reviews overdue").value == 1
    assert fig(found, "Business cases waiting for endorsement or a decision").value == 1


def test_cases_and_breaches_are_counts_only_for_the_group(st_helens):
    img = person("img")
    make.case(classification="gross-misconduct", days_old=40)
    make.removal(make.case(days_old=2))
    make.breach(hours_ago=80)
    make.breach(hours_ago=100, told_after=90)
    make.authorisation(expires_in_days=10)
    make.authorisation(expires_in_days=60)
    found = board(img, st_helens)
    assert fig(found, "Open cases").value == 2
    assert bars(found, "Open cases by classification")["Potential gross misconduct"] == 1
    assert bars(found, "Open cases by age") == {"Under a week": 1, "1 to 4 weeks": 0, "1 to 3 months": 1,
                                                "Over 3 months": 0}
    assert fig(found, "Removal requests past their deadline").value == 1
    assert fig(found, "Breaches past the 72-hour clock, the ICO not told").value == 1
    assert fig(found, "Breaches told to the ICO late in the period").value == 1
    assert fig(found, "RIPA authorisations ending within 28 days").value == 1
    for label in ("Open cases", "Removal requests past their deadline", "RIPA authorisations ending within 28 days",
                  "Breaches past the 72-hour clock, the ICO not told"):
        assert fig(found, label).url is None, label
    # Someone in the group who is also HR follows the case figures (and only those).
    role_assign(user=img, council=st_helens, role="hr")
    from civicguard.apps.access.checks import forget_roles

    forget_roles(img)
    as_hr = board(img, st_helens)
    assert fig(as_hr, "Open cases").url is not None
    assert fig(as_hr, "Breaches past the 72-hour clock, the ICO not told").url is None


def test_the_policy_versions_review_date_and_unenforced_clauses(st_helens):
    from civicguard.apps.policyreview.models import PolicyVersion
    from civicguard.engine import pack_for
    from civicguard.engine.traceability import clause_coverage

    img = person("img")
    assert fig(board(img, st_helens), "Next review due").value == "No version recorded"
    PolicyVersion.objects.create(council=st_helens, version="v2", published=timezone.localdate(),
                                 review_due=timezone.localdate() + timedelta(days=365))
    found = board(img, st_helens)
    assert fig(found, "Policy versions recorded").value == 1
    assert fig(found, "Version in force").value == "v2"
    assert fig(found, "Next review due").value == f"{timezone.localdate() + timedelta(days=365):%-d %B %Y}"
    unenforced = [r for r in clause_coverage(pack_for("st-helens")) if r["status"] == "unclassified"]
    assert fig(found, "Clauses nothing enforces yet").value == len(unenforced)


def test_a_service_area_filter_counts_only_its_accounts(st_helens):
    img = person("img")
    libraries = ServiceArea.objects.create(council=st_helens, slug="libraries", name="Libraries")
    make.checked_post(account=AccountFactory(council=st_helens, service_area=libraries))
    make.checked_post()
    assert fig(board(img, st_helens), "Checks run on official posts").value == 2
    assert fig(board(img, st_helens, area=libraries), "Checks run on official posts").value == 1


def test_every_linked_figure_counts_exactly_the_records_behind_it(st_helens):
    img = person("img")
    make.checked_post()
    make.override(make.checked_post(verdict="warn").post)
    found = board(img, st_helens)
    for section in found.sections:
        for f in section.figures:
            if f.url is None or not isinstance(f.value, int) or "/dashboard/records" not in f.url:
                continue
            from urllib.parse import parse_qs, urlsplit

            query = {k: v[0] for k, v in parse_qs(urlsplit(f.url).query).items()}
            listed = figures.records(viewer=img, council=st_helens, key=query["figure"],
                                     start=found.filters.start, end=found.filters.end, service_area=None,
                                     value=query.get("value", ""))
            assert len(listed) == f.value, f.label


def test_the_dashboard_says_when_the_pre_election_period_is_on(st_helens, monkeypatch):
    from civicguard.apps.elections.models import Election

    img = person("img")
    today = timezone.localdate()
    assert board(img, st_helens).election_period is False
    Election.objects.create(council=st_helens, name="Borough council elections", kind="local",
                            polling_day=today + timedelta(days=20), period_start=today - timedelta(days=5),
                            period_end=today + timedelta(days=20))
    assert board(img, st_helens).election_period is True
    # Without the elections app's selector, the dashboard says it does not know.
    monkeypatch.setattr(figures, "ELECTION_MODULE", "civicguard.apps.no_such_app.selectors")
    assert figures.election_period_on(st_helens, today) is None
