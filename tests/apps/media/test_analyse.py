"""An image's facts (faces found, and what the other image checks read) are computed once, after the upload, by the
worker (in process when there is no broker), stored with the item, and a failure is recorded so a person looks."""

from __future__ import annotations

import json

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.media import storage
from civicguard.apps.media.models import MediaItem
from civicguard.apps.media.services import item_facts, media_analyse, media_delete, media_upload
from civicguard.apps.media.tasks import analyse
from civicguard.apps.posts.models import Post, PostImage
from civicguard.engine.images.facts import FaceBox, ImageFacts, LogoMatch, Region, facts_from_dict, facts_to_dict
from civicguard.errors import NotAllowed
from tests.apps.factories import AccountFactory, person
from tests.apps.media import images
from tests.engine.drawn_faces import drawn


def _upload(council, data, purpose="post"):
    return media_upload(actor=person("representative"), council=council, purpose=purpose, name="faces.jpg", data=data)


def test_the_upload_queues_the_analysis_and_the_worker_stores_the_faces_once(st_helens,
                                                                             django_capture_on_commit_callbacks):
    data, boxes = drawn(2)
    with django_capture_on_commit_callbacks(execute=True):
        item = _upload(st_helens, data)
    item.refresh_from_db()
    faces = item.image_facts().faces
    assert item.analysed is not None and len(faces) == 2
    assert all(f.iou(FaceBox(*box)) > 0.5 for f, box in zip(sorted(faces, key=lambda f: f.x), boxes, strict=True))
    when = item.analysed
    assert analyse(item.pk) is True  # delivered again: nothing changes
    item.refresh_from_db()
    assert item.analysed == when


def test_a_check_that_needs_the_facts_before_the_worker_has_run_computes_them_itself(st_helens):
    item = _upload(st_helens, images.png())  # no commit in this test: the queued task never ran
    assert MediaItem.objects.get(pk=item.pk).facts is None
    facts = item_facts(item)
    assert facts.ok and facts.faces == () and MediaItem.objects.get(pk=item.pk).facts is not None


def test_an_image_that_cannot_be_analysed_is_recorded_as_such_and_audited(st_helens):
    item = _upload(st_helens, images.png())
    storage.erase(item.clean_path)
    stored = media_analyse(item_id=item.pk)
    assert not stored.image_facts().ok and stored.image_facts().faces is None
    entry = AuditEntry.objects.get(event="media.item.analyse_fail")
    assert entry.object_id == str(item.pk) and "could not be opened" in entry.after["reason"]
    assert analyse(item.pk) is False


def test_facts_survive_json_and_unknown_keys_are_ignored():
    facts = ImageFacts(width=640, height=480, faces=(FaceBox(1, 2, 30, 40, 5.5, "profile"),), nudity=0.02,
                       nudity_regions=(Region("face", 1, 2, 3, 4, 0.9),), logos=(LogoMatch("sefton", 5, 6, 7, 8, 40),),
                       text="Library open late")
    stored = json.loads(json.dumps(facts_to_dict(facts)))
    assert facts_from_dict(stored) == facts
    assert facts_from_dict({"width": 3, "height": 4, "a_later_fact": 1}) == ImageFacts(width=3, height=4)


@pytest.mark.parametrize("status, deletable", [("draft", True), ("approved", False)])
def test_an_image_on_an_approved_post_cannot_be_deleted(st_helens, status, deletable):
    rep = person("representative")
    item = media_upload(actor=rep, council=st_helens, purpose="post", name="a.png", data=images.png())
    post = Post.objects.create(council=st_helens, account=AccountFactory(council=st_helens), author=rep,
                               text="Library news", status=status)
    PostImage.objects.create(post=post, media=item)
    if deletable:
        assert media_delete(actor=rep, item=item).deleted is not None
    else:
        with pytest.raises(NotAllowed, match="approved post uses this image"):
            media_delete(actor=rep, item=item)
