"""Every shipped pack's advisers can be answered: their role exists and holds the capability to answer."""

from __future__ import annotations

from civicguard.apps.access.capabilities import roles_holding
from civicguard.apps.access.roles import ROLES
from civicguard.engine import pack_for, shipped_pack_ids


def test_each_adviser_s_role_may_answer():
    answering = roles_holding("advice.answer")
    for pack_id in shipped_pack_ids():
        for adviser in pack_for(pack_id).facts.advisers:
            assert adviser.role in ROLES and adviser.role in answering, (pack_id, adviser.slug)
