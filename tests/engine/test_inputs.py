import pytest

from civicguard.engine.inputs import MAX_TEXT_CHARS, check_request
from civicguard.engine.packs.errors import UnknownPack
from civicguard.errors import BadInput

GOOD = {"text": "hello", "council": "st-helens", "as": "official"}


@pytest.mark.parametrize(("change", "field"), [
    ({"as": "tweet"}, "as"),
    ({"text": 42}, "text"),
    ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text"),
    ({"text": "bad \ud800 surrogate"}, "text"),
    ({"politically_restricted": "perhaps"}, "politically_restricted"),
    ({"links": [1, 2]}, "links"),
    ({"images": [{"tagged_people": ["A"]}]}, "images"),
    ({"embargoed": [{"text": "x", "until": "soon"}]}, "embargoed"),
    ({"platform": "myspace"}, "platform"),
])
def test_bad_fields_are_named(change, field):
    with pytest.raises(BadInput) as err:
        check_request({**GOOD, **change})
    assert err.value.data.get("field") == field


def test_unknown_council_lists_the_known_ones():
    with pytest.raises(UnknownPack, match="st-helens"):
        check_request({**GOOD, "council": "nowhere"})


def test_hostile_text_is_accepted_as_data():
    req = check_request({**GOOD, "text": "<script>alert(1)</script>\u202e\u200b\x00 ok",
                         "politically_restricted": "yes"})
    assert "\x00" not in req.content.text and req.context.politically_restricted


@pytest.mark.parametrize(("given", "platform"), [(None, None), ("", None), ("X", "x"), ("mastodon", "mastodon")])
def test_platform_is_optional(given, platform):
    assert check_request({**GOOD, "platform": given}).context.platform == platform
