import pathlib
from tests.apps.factories import person, council
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.moderation.services.ingest import ingest
from civicguard.apps.moderation.services import decisions, routing, records
from civicguard.apps.moderation.models import Comment
from civicguard.apps.moderation import selectors
from django.core import mail

def test_smoke(db, django_capture_on_commit_callbacks):
    sef = council("sefton")
    acct = account_add(council=sef, platform="facebook", handle="SeftonCouncil", platform_id="104729384756")
    body = pathlib.Path("tests/apps/moderation/fixtures/meta_page_feed.json").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        r = ingest(source="meta", body=body)
    print(r.to_dict())
    r2 = ingest(source="meta", body=body)
    print(r2.to_dict())
    for c in Comment.objects.all():
        print(c.status, c.verdict, c.categories, c.text[:70])
    mod = person("moderator", "sefton")
    mod2 = person("moderator", "sefton")
    q = list(selectors.comments_for(council=sef))
    print("queue", len(q))
    d = decisions.decide(comment=q[0], actor=mod, action="hide", reason_code="offensive", note="abuse")
    print(d.status_after)
    c = [x for x in q if "service_request" in x.categories or "complaint" in x.categories][0]
    print(routing.suggested_route(c))
    with django_capture_on_commit_callbacks(execute=True):
        h = routing.route_comment(comment=c, actor=mod, route="contact_centre", reason_code="service-request")
    print(h, [ (d.channel, d.status, d.attempts, d.last_error) for d in h.deliveries.all()], len(mail.outbox))
    print(mail.outbox[0].subject)
    print(selectors.sla_clocks(council=sef))
    with django_capture_on_commit_callbacks(execute=True):
        run = records.rescan_start(since=c.received.replace(year=2000), dry_run=True)
    run.refresh_from_db(); print(run.total, run.done, run.finished, records.rescan_counts(run))
