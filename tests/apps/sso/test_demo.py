"""The demo keeps two-factor on: its administrator gets an authenticator device, whose key the demo prints, and
signs in with the demo password and the app's code."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicguard.apps.sso import demo
from civicguard.demo import DemoContext
from tests.apps.factories import PASSWORD, council, person


def test_the_demo_administrator_gets_a_device_once_and_signs_in_with_its_code(client: Any, settings: Any) -> None:
    settings.CIVICGUARD_REQUIRE_TWO_FACTOR = True
    admin = person("admin")
    ctx = DemoContext(slug="st-helens", prefix="sth", council=council("st-helens"), accounts=[],
                      people={"admin": admin}, password=PASSWORD)
    demo.load(ctx)
    demo.load(ctx)
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    (username, line), (_, again) = ctx.usernames
    assert username == admin.username and line == again
    printed = line.rsplit(": ", 1)[1].replace(" ", "")
    import base64
    assert base64.b32decode(printed + "=" * (-len(printed) % 8)) == device.bin_key
    assert client.post("/sign-in/", {"username": admin.username, "password": PASSWORD})["Location"] == \
        "/sign-in/two-factor/"
    answer = client.post("/sign-in/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    assert answer["Location"] == "/" and client.session.get("_auth_user_id") == str(admin.pk)
