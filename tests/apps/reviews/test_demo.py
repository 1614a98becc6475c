"""The demo has, in both councils, a review signed off (its next one opened), one due and one overdue, an up-to-date
procedure and an out-of-date one; running it again adds nothing."""

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.councils.models import Council
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.demo import load_demo


def test_the_demo_has_reviews_and_procedures_at_every_stage_in_both_councils(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-Password-For-Tests")
    load_demo()
    for council in Council.objects.all():
        states = sorted(selectors.review_state(r) for r in AccountReview.objects.filter(council=council))
        assert states == ["due", "overdue", "scheduled", "signed_off"], council.slug
        status = {row.area.slug: row.status for row in selectors.area_procedures(council=council)}
        assert status["communications"] == "current" and status["libraries"] == "out_of_date", council.slug
    counts = (AccountReview.objects.count(), ServiceAreaProcedure.objects.count(),
              AuditEntry.objects.filter(event__startswith="reviews.").count())
    load_demo()
    assert counts == (8, 4, 12)  # each council: 2 uploads, 3 reviews opened, 1 signed off (opening the 4th)
    assert (AccountReview.objects.count(), ServiceAreaProcedure.objects.count(),
            AuditEntry.objects.filter(event__startswith="reviews.").count()) == counts
