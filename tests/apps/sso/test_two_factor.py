"""Two-factor codes (TOTP, django-otp) for password sign-ins: required for anyone holding `admin` and for
break-glass accounts (a council that signs in through its directory); set up with a QR code or the key; reset by
another administrator. The tests' settings leave two-factor off: these turn it on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.sso import views
from civicguard.apps.sso.services import two_factor_reset
from civicguard.cli.users import users
from civicguard.errors import NotAllowed
from tests.apps.factories import PASSWORD, person
from tests.apps.sso.conftest import directory_config

User = get_user_model()


@pytest.fixture(autouse=True)
def _two_factor_on(settings: Any) -> None:
    settings.CIVICGUARD_REQUIRE_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after a wrong code, except where a test says so


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    return f"{totp(device.bin_key, drift=ahead):06d}"


def _password(client: Any, user: Any) -> Any:
    return client.post("/sign-in/", {"username": user.username, "password": PASSWORD})


def _signed_in(client: Any) -> bool:
    return bool(client.session.get("_auth_user_id"))


def _with_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_an_administrator_without_a_device_sets_one_up_before_they_are_signed_in(client: Any) -> None:
    admin = person("admin")
    answer = _password(client, admin)
    assert answer.status_code == 302 and answer["Location"] == "/sign-in/two-factor/set-up/"
    assert not _signed_in(client)
    page = client.get("/sign-in/two-factor/set-up/")
    text = page.content.decode()
    assert page.status_code == 200 and "Set up two-factor sign-in" in text and "<svg" in text
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', text).group(1).replace(" ", "")
    import base64
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    wrong = client.post("/sign-in/two-factor/set-up/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Enter the 6-digit code" in wrong.content.decode()
    assert not _signed_in(client)
    answer = client.post("/sign-in/two-factor/set-up/", {"code": _code(device)})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert _signed_in(client) and client.session.get("otp_device_id") == device.persistent_id
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditEntry.objects.filter(event="sso.two_factor.set_up").count() == 1
    assert AuditEntry.objects.filter(event="sso.two_factor.fail").count() == 1


def test_an_administrator_with_a_device_enters_its_code_after_the_password(client: Any) -> None:
    admin = person("admin", "sefton")
    device = _with_device(admin)
    answer = _password(client, admin)
    assert answer["Location"] == "/sign-in/two-factor/" and not _signed_in(client)
    assert client.get("/sign-in/two-factor/").status_code == 200
    wrong = client.post("/sign-in/two-factor/", {"code": "12345x"})
    assert wrong.status_code == 400 and not _signed_in(client)
    assert client.post("/sign-in/two-factor/", {"code": ""}).status_code == 400
    answer = client.post("/sign-in/two-factor/", {"code": _code(device, ahead=1)})
    assert answer.status_code == 302 and _signed_in(client)


def test_after_a_wrong_code_the_person_is_told_to_wait(client: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    admin = person("admin")
    device = _with_device(admin)
    _password(client, admin)
    client.post("/sign-in/two-factor/", {"code": "000000" if _code(device) != "000000" else "111111"})
    waiting = client.post("/sign-in/two-factor/", {"code": _code(device)})
    assert waiting.status_code == 400 and "Too many wrong codes: wait a minute" in waiting.content.decode()
    assert not _signed_in(client)


def test_the_password_alone_never_signs_an_administrator_in(client: Any) -> None:
    admin = person("admin")
    _with_device(admin)
    _password(client, admin)
    assert client.get("/sign-in/two-factor/set-up/")["Location"] == "/sign-in/two-factor/"
    assert not _signed_in(client)
    client.cookies.clear()  # another browser, no password given
    assert client.get("/sign-in/two-factor/")["Location"] == "/sign-in/"
    assert client.post("/sign-in/two-factor/", {"code": "123456"})["Location"] == "/sign-in/"


def test_a_code_waits_only_five_minutes_after_the_password(client: Any, monkeypatch: Any) -> None:
    admin = person("admin")
    device = _with_device(admin)
    _password(client, admin)
    monkeypatch.setattr(views, "PENDING_SECONDS", -1)
    assert client.post("/sign-in/two-factor/", {"code": _code(device)})["Location"] == "/sign-in/"
    assert not _signed_in(client)


def test_an_employee_signs_in_with_a_password_alone_unless_their_council_uses_a_directory(
        client: Any, settings: Any, provider: Any) -> None:
    employee = person("employee")
    assert _password(client, employee)["Location"] == "/" and _signed_in(client)
    client.post("/sign-out/")
    settings.CIVICGUARD_SSO = {"st-helens": directory_config(provider)}  # now a password is break-glass
    assert _password(client, employee)["Location"] == "/sign-in/two-factor/set-up/"
    assert not _signed_in(client)
    sefton = person("employee", "sefton")
    client.cookies.clear()
    assert _password(client, sefton)["Location"] == "/"


def test_with_two_factor_off_an_administrator_signs_in_with_the_password(client: Any, settings: Any) -> None:
    settings.CIVICGUARD_REQUIRE_TWO_FACTOR = False
    assert _password(client, person("admin"))["Location"] == "/" and _signed_in(client)


def test_another_administrator_resets_a_lost_device_and_it_is_recorded() -> None:
    admin, colleague = person("admin"), person("admin")
    device = _with_device(colleague)
    with pytest.raises(NotAllowed):
        two_factor_reset(user=colleague, actor=colleague)
    with pytest.raises(NotAllowed):
        two_factor_reset(user=colleague, actor=person("admin", "sefton"))
    with pytest.raises(NotAllowed):
        two_factor_reset(user=colleague, actor=person("hr"))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert two_factor_reset(user=colleague, actor=admin) == 1
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    entry = AuditEntry.objects.get(event="sso.two_factor.reset")
    assert entry.actor == admin.username and entry.council == "st-helens"


def test_the_command_line_resets_a_device_as_an_administrator() -> None:
    admin, colleague = person("admin"), person("admin")
    _with_device(colleague)
    refused = CliRunner().invoke(users, ["reset-two-factor", colleague.username, "--as", colleague.username])
    assert refused.exit_code == 2 and "Ask another administrator" in refused.output
    done = CliRunner().invoke(users, ["reset-two-factor", colleague.username, "--as", admin.username])
    assert done.exit_code == 0, done.output
    assert done.output == (f"two-factor sign-in reset for {colleague.username} (1 device removed): they set it up "
                           "again at their next sign-in\n")
    assert not TOTPDevice.objects.filter(user=colleague).exists()
