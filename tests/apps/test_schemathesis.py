"""Every operation of the API against its own OpenAPI schema, with schemathesis, in-process over WSGI.

Both ways round, as issue 15's tester ran it: requests the schema allows must be accepted (not a 4xx that says
the input is wrong), requests it forbids must be refused, and every answer must be a documented status with a
documented body and content type, never a 5xx. One person holding the representative, approver, moderator and
admin roles of St Helens calls every operation, so each reaches its own code rather than a 403; half the ids are
real objects (their post, a comment, a dead letter) and half the drafts name their account.

Where the schema cannot say what the code checks, the test says so here, once (docs/bad-input.md lists every
disagreement found and how it was settled):

* `comments_import`: the body is a platform's own payload, read by the connector the `source` names; whether it
  holds comments is for the connector to say (400 with the reason, and the payload kept as a dead letter).
* `comments_decisions_create`, `comments_handoffs_create`: `reason_code` must be one of the council's own reason
  codes for that action, which come from the council's policy pack, not from the schema (400 naming them).
* `media_items_create`: the uploaded file must really be an image CivicGuard accepts (judged by its content, within
  the size and pixel limits), which no schema can say (400 with the reason; nothing is kept).
* `checks_create` with images (multipart): each file must really be an image within the media limits, the `payload`
  part must hold a JSON check request, and `tagged_people` must come one per image; no schema can say these (400
  naming the part at fault).

A bounded number of examples per operation keeps the run near a minute on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from civicguard.apps.moderation.services.ingest import dead_letter
from civicguard.apps.posts import services
from civicguard.apps.staff.services import role_assign, token_issue
from civicguard.config.wsgi import application
from tests.apps.factories import AccountFactory, council, person
from tests.apps.moderation.factories import OFFENSIVE, comments

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection, positive_data_acceptance]
EXAMPLES = 12  # per operation and per kind (schema-valid, schema-violating)
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]
BUSINESS_RULES = ["comments_import", "comments_decisions_create", "comments_handoffs_create", "media_items_create",
                  "checks_create"]

CONFIG = SchemathesisConfig.from_dict({
    "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none"},
    "operations": [{"include-operation-id": operation_id,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}}}
                   for operation_id in BUSINESS_RULES],
})

# The schema is read from the running app, once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema", application, config=CONFIG)
_current: dict[str, int] = {}


def _kind(path: str) -> str:
    return "comment" if path.startswith("/api/v1/comments/") else \
        "dead_letter" if path.startswith("/api/v1/dead-letters/") else "post"


@schema.hook
def before_generate_path_parameters(context, strategy):
    # Half the ids are real objects of the person's council, so the happy paths run too (drawn as the test runs).
    kind = _kind(context.operation.path)
    return st.one_of(strategy, st.builds(lambda: {"id": _current[kind]}))


def _with_account(body):
    return {**body, "account": _current["account"]} if isinstance(body, dict) and "account" in body else body


@schema.hook
def before_generate_body(context, strategy):
    # Half the drafts name the person's own account, so a post can be created.
    return st.one_of(strategy, strategy.map(_with_account))


@pytest.fixture
def token(transactional_db):
    # The app runs in-process but closes its connection after each request, so the data must be committed.
    account = AccountFactory()
    user = person("representative", account=account)
    for role in ("approver", "moderator", "admin"):
        role_assign(user=user, council=council("st-helens"), role=role)
    _current["account"] = account.pk
    _current["post"] = services.post_create(actor=user, account=account, text="Sherdley Park's café is open.").pk
    _current["comment"] = comments(account, [OFFENSIVE])[0].pk
    _current["dead_letter"] = dead_letter(source="json", reason="not JSON", body=b"{", council=account.council).pk
    return token_issue(user=user)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
