"""The demo data shows every stage of an official post, an override waiting for a second person and a confirmed
one included, in both councils."""

from django.core import mail

from civicguard.apps.consent.models import Tag
from civicguard.apps.posts.models import Post, PostImage
from civicguard.demo import load_demo


def test_the_demo_has_every_stage_of_a_post_in_both_councils_and_e_mails_nobody(monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-Password-For-Tests")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    for slug in ("st-helens", "sefton"):
        posts = Post.objects.filter(council__slug=slug)
        assert {"draft", "approved", "override_requested"} <= set(posts.values_list("status", flat=True)), slug
        overridden = posts.get(overridden=True)
        assert overridden.status == "approved" and overridden.override_record().people == 2
        assert posts.get(status="override_requested").override_record().waiting
    assert not [m for m in mail.outbox if "post" in m.subject.lower()]


def test_the_demo_posts_carry_pictures_with_faces_boxed_and_a_second_run_adds_nothing(
        monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-Password-For-Tests")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    counts = (Post.objects.count(), PostImage.objects.count(), Tag.objects.count())
    for slug in ("st-helens", "sefton"):
        open_day = Post.objects.get(council__slug=slug, text__startswith="Thanks to everyone who helped")
        item = open_day.images.get().media
        assert len(item.image_facts().faces) == 2 and item.tags.get().consent is None
        assert open_day.latest_check.verdict == "block"
    bins = Post.objects.get(council__slug="st-helens", status="submitted", text__startswith="Bin collections")
    assert bins.images.get().media.views.count() == 1  # the approver looked at it
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    assert (Post.objects.count(), PostImage.objects.count(), Tag.objects.count()) == counts
