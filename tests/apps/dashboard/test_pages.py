"""/dashboard/: the group sees the figures with charts and tables, filters them without JavaScript, follows a figure
to its records (confidential ones only if they may read them, each read logged) and is refused other councils."""

from __future__ import annotations

from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.staff.services import role_assign
from tests.apps.dashboard import factories as make
from tests.apps.factories import AccountFactory, person


def test_the_group_sees_each_section_with_charts_tables_and_downloads(client, st_helens):
    make.checked_post(verdict="block")
    client.force_login(person("img"))
    page = client.get("/dashboard/").content.decode()
    for heading in ("Checks of posts", "Moderation of comments", "People: the User Agreement and training",
                    "Official accounts", "Cases and breaches", "The policy"):
        assert f">{heading}</h2>" in page
    assert page.count('role="img"') == page.count('class="govuk-table cg-chart-table"') == 7
    assert '<dd class="govuk-summary-list__value" data-figure="checks-blocked"><a class="govuk-link"' in page
    for fmt in ("pdf", "xlsx", "csv"):
        assert f"/dashboard/report.{fmt}?from=" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_page_says_when_the_pre_election_period_is_on(client, st_helens):
    from datetime import timedelta

    from civicguard.apps.elections.models import Election

    client.force_login(person("img"))
    assert "The pre-election period is on" not in client.get("/dashboard/").content.decode()
    today = timezone.localdate()
    Election.objects.create(council=st_helens, name="Borough council elections", kind="local",
                            polling_day=today + timedelta(days=20), period_start=today - timedelta(days=5),
                            period_end=today + timedelta(days=20))
    assert "The pre-election period is on" in client.get("/dashboard/").content.decode()


def test_the_period_and_service_area_are_chosen_with_a_plain_form(client, st_helens):
    parks = ServiceArea.objects.create(council=st_helens, slug="parks", name="Parks")
    make.checked_post(account=AccountFactory(council=st_helens, service_area=parks))
    make.checked_post()
    client.force_login(person("img"))
    year = timezone.localdate().year
    page = client.get("/dashboard/", {"from-day": "1", "from-month": "1", "from-year": str(year), "to-day": "31",
                                      "to-month": "12", "to-year": str(year), "service_area": "parks"}).content.decode()
    assert f"<strong>1 January {year} to 31 December {year}</strong>, parks." in page
    assert (f'data-figure="checks"><a class="govuk-link" href="/dashboard/records?from={year}-01-01&amp;'
            f'to={year}-12-31&amp;service_area=parks&amp;figure=checks">1<') in page
    bad = client.get("/dashboard/", {"from-day": "31", "from-month": "2", "from-year": str(year)})
    assert bad.status_code == 400
    assert "The start of the period must be a real date" in bad.content.decode()


def test_a_council_without_a_role_is_not_found_and_other_roles_are_refused(client, st_helens, sefton):
    client.force_login(person("img"))
    assert client.get("/dashboard/?council=sefton").status_code == 404
    assert client.get("/dashboard/report.pdf?council=sefton").status_code == 404
    assert client.get("/dashboard/?council=st-helens").status_code == 200
    client.force_login(person("employee"))
    assert client.get("/dashboard/").status_code == 403


def test_a_figure_opens_the_records_behind_it(client, st_helens):
    check = make.checked_post(verdict="block")
    client.force_login(person("img"))
    page = client.get("/dashboard/records", {"figure": "checks-blocked"}).content.decode()
    assert "Official posts blocked by the check" in page
    assert f'href="/posts/{check.post_id}/">Check of post {check.post_id}</a>' in page
    assert client.get("/dashboard/records", {"figure": "no-such-figure"}).status_code == 404


def test_confidential_records_are_listed_only_to_their_readers_and_each_read_is_logged(client, st_helens):
    made = make.case()
    img = person("img")
    client.force_login(img)
    assert client.get("/dashboard/records", {"figure": "cases"}).status_code == 404
    assert not ConfidentialRead.objects.exists()
    role_assign(user=img, council=st_helens, role="hr")
    page = client.get("/dashboard/records", {"figure": "cases"}).content.decode()
    assert f'href="/cases/{made.pk}/">Case {made.pk}</a>' in page
    assert made.subject.name not in page
    read = ConfidentialRead.objects.get()
    assert (read.reader, read.kind, read.object_id, read.via) == (img, "case", made.pk, "dashboard")


def test_the_api_answers_the_same_figures(st_helens, sefton):
    make.checked_post(verdict="warn")
    http = APIClient()
    assert http.get("/api/v1/dashboard", {"council": "st-helens"}).status_code == 401
    http.force_authenticate(person("img"))
    year = timezone.localdate().year
    answer = http.get("/api/v1/dashboard", {"council": "st-helens", "from": f"{year}-01-01", "to": f"{year}-12-31"})
    assert answer.status_code == 200
    data = answer.json()
    assert (data["from"], data["to"], data["council"]) == (f"{year}-01-01", f"{year}-12-31", "st-helens")
    checks = next(s for s in data["sections"] if s["slug"] == "checks")
    assert {f["label"]: f["value"] for f in checks["figures"]}["Official post checks that warned"] == 1
    assert http.get("/api/v1/dashboard", {"council": "sefton"}).status_code == 404
    assert http.get("/api/v1/dashboard", {"council": "st-helens", "from": "2026-02-01",
                                          "to": "2026-01-01"}).status_code == 400
    http.force_authenticate(person("employee"))
    assert http.get("/api/v1/dashboard", {"council": "st-helens"}).status_code == 403


def test_the_api_is_in_the_schema_and_takes_empty_optional_parameters(st_helens):
    from drf_spectacular.generators import SchemaGenerator

    spec = SchemaGenerator().get_schema(request=None, public=True)
    operation = spec["paths"]["/api/v1/dashboard"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"council", "from", "to", "service_area"}
    not_found = operation["responses"]["404"]["content"]["application/json"]["schema"]
    assert not_found["$ref"] == "#/components/schemas/Error"
    http = APIClient()
    http.force_authenticate(person("img"))
    assert http.get("/api/v1/dashboard?council=st-helens&from=&to=&service_area=").status_code == 200
