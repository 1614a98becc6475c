"""The advice pages: asking, reading, answering."""

from __future__ import annotations

from django.urls import reverse

from civicguard.apps.advice.models import AdviceRequest
from civicguard.apps.advice.services import advice_request_create
from tests.apps.factories import council


def test_the_form_offers_the_council_s_advisers_and_sends_the_question(cast, client):
    client.force_login(cast["employee"])
    page = client.get(reverse("advice:new")).content.decode()
    assert "Internal Audit" in page and "Legal Services" in page and "data protection" in page
    response = client.post(reverse("advice:new"), {"adviser": "legal", "question": "Before we look at a "
                                                   "trader's page, what do we need?", "account": "", "reference": ""})
    req = AdviceRequest.objects.get()
    assert response.status_code == 302 and req.adviser_name == "Legal Services"


def test_a_question_left_empty_is_shown_beside_its_field(cast, client):
    client.force_login(cast["employee"])
    response = client.post(reverse("advice:new"), {"adviser": "legal", "question": ""})
    assert response.status_code == 400 and 'href="#question"' in response.content.decode()


def test_the_adviser_answers_and_the_asker_reads_it(cast, client):
    req = advice_request_create(actor=cast["representative"], council=council("st-helens"), adviser="legal",
                                question="May we film story time?")
    client.force_login(cast["legal"])
    assert "Send the answer" in client.get(reverse("advice:detail", args=[req.pk])).content.decode()
    response = client.post(reverse("advice:answer", args=[req.pk]), {"answer": "Yes, with written consent."})
    assert response.status_code == 302
    client.force_login(cast["representative"])
    page = client.get(reverse("advice:detail", args=[req.pk])).content.decode()
    assert "Yes, with written consent." in page and "Send the answer" not in page


def test_someone_else_s_question_is_not_found(cast, client):
    req = advice_request_create(actor=cast["representative"], council=council("st-helens"), adviser="legal",
                                question="May we film story time?")
    client.force_login(cast["employee"])
    assert client.get(reverse("advice:detail", args=[req.pk])).status_code == 404


def test_a_question_about_a_post_of_another_council_is_refused_beside_the_post_field(cast, client):
    from civicguard.apps.posts.models import Post
    from tests.apps.factories import AccountFactory, person

    theirs = AccountFactory(council=council("sefton"))
    post = Post.objects.create(council=theirs.council, account=theirs, author=person("representative", "sefton"),
                               text="Southport Pier is open.")
    client.force_login(cast["employee"])
    form = {"adviser": "legal", "question": "May we share this?", "account": "", "reference": ""}
    response = client.post(reverse("advice:new"), {**form, "post": post.pk})
    assert response.status_code == 400 and 'href="#post"' in response.content.decode()
    assert f"There is no post {post.pk} in St Helens Council" in response.content.decode()
    ours = AccountFactory(council=council("st-helens"))
    mine = Post.objects.create(council=ours.council, account=ours, author=cast["representative"], text="Hello.")
    assert client.post(reverse("advice:new"), {**form, "post": mine.pk}).status_code == 302
    assert AdviceRequest.objects.get().about == mine
