"""Property tests of the whole API against its own OpenAPI schema (schemathesis, in-process over WSGI).

Every operation, as a St Helens representative: no 5xx, every status code documented, every body as documented.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from civicguard.apps.posts import services
from civicguard.apps.staff.services import token_issue
from civicguard.config.wsgi import application
from tests.apps.factories import AccountFactory, person

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The schema is read from the running app, once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema", application)
_current: dict[str, int] = {}


@schema.hook
def before_generate_path_parameters(context, strategy):
    # Half the ids are the representative's own post, so the happy paths run too (drawn as the test runs).
    return st.one_of(strategy, st.builds(lambda: {"id": _current["post"]}))


def _with_account(body):
    return {**body, "account": _current["account"]} if isinstance(body, dict) and "account" in body else body


@schema.hook
def before_generate_body(context, strategy):
    # Half the drafts name the representative's own account, so a post can be created.
    return st.one_of(strategy, strategy.map(_with_account))


@pytest.fixture
def representative(transactional_db):
    # The app runs in-process but closes its connection after each request, so the data must be committed.
    account = AccountFactory()
    user = person("representative", account=account)
    _current["account"] = account.pk
    _current["post"] = services.post_create(actor=user, account=account, text="Sherdley Park's café is open.").pk
    return token_issue(user=user)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_the_api_keeps_to_its_schema(case, representative):
    case.call_and_validate(headers={"Authorization": f"Bearer {representative}"}, checks=CHECKS)
