"""Each council's directory from the environment: the map from groups to roles in either form, and clear errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from civicguard.apps.sso.config import sso_from_env

ENV = {"CIVICGUARD_SSO_ST_HELENS_ISSUER": "https://login.microsoftonline.com/tenant-1/v2.0/",
       "CIVICGUARD_SSO_ST_HELENS_CLIENT_ID": "client-1", "CIVICGUARD_SSO_ST_HELENS_CLIENT_SECRET": "secret-1",
       "CIVICGUARD_SSO_ST_HELENS_GROUP_ROLES": "g-img=img, g-admin=admin,g-admin=img"}


def test_a_council_is_configured_by_its_issuer_and_the_pairs_map_groups_to_roles() -> None:
    config = sso_from_env(ENV)["st-helens"]
    assert config.issuer == "https://login.microsoftonline.com/tenant-1/v2.0"
    assert config.groups_claim == "groups" and config.scopes == "openid email profile"
    assert config.group_roles == {"g-img": ("img",), "g-admin": ("admin", "img")}
    assert config.roles_for(["g-admin", "other"]) == {"admin", "img"}
    assert config.managed_roles == {"img", "admin"}
    assert sso_from_env({}) == {}


def test_the_map_may_be_json_and_the_claim_entra_s_app_roles() -> None:
    env = {**ENV, "CIVICGUARD_SSO_ST_HELENS_GROUP_ROLES": '{"CivicGuard.IMG": "img", "CivicGuard.Legal": '
                                                          '["legal", "caldicott-guardian"]}',
           "CIVICGUARD_SSO_ST_HELENS_GROUPS_CLAIM": "roles"}
    config = sso_from_env(env)["st-helens"]
    assert config.groups_claim == "roles"
    assert config.group_roles["CivicGuard.Legal"] == ("legal", "caldicott-guardian")


@pytest.mark.parametrize(("change", "message"), [
    ({"CIVICGUARD_SSO_ST_HELENS_CLIENT_SECRET": ""}, "CIVICGUARD_SSO_ST_HELENS_CLIENT_SECRET is needed"),
    ({"CIVICGUARD_SSO_ST_HELENS_GROUP_ROLES": "g-img=boss"}, "roles that do not exist: boss"),
    ({"CIVICGUARD_SSO_ST_HELENS_GROUP_ROLES": "g-img"}, "'g-img' is not group=role"),
    ({"CIVICGUARD_SSO_ST_HELENS_GROUP_ROLES": "{not json"}, "is not valid JSON"),
])
def test_a_directory_set_up_wrongly_stops_start_up_naming_the_variable(change: dict[str, str],
                                                                       message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        sso_from_env({**ENV, **change})
