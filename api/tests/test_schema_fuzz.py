"""Schemathesis over /api/v1/openapi.json: whatever a client sends, no 500, and every answer is what the
document promises (status code, content type, schema).

In-process against Django's WSGI application, on the demo caravan and its registrations, with a national
coordinator's token (and the SMS gateway's own token for its callback); a few examples per operation and
phase, so that `make test` stays fast."""

import json

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.main import api
from caravans.demo import SLUG
from core.models import ApiToken, hash_token

STAFF_TOKEN = "coordinator-token-for-schemathesis"
GATEWAY_TOKEN = "gateway-token-for-schemathesis"

CONFIG = SchemathesisConfig.from_dict(
    {
        "parameters": {"slug": SLUG},  # the demo caravan: a random slug would only ever be a 404
        "auth": {
            "openapi": {
                "BearerToken": {"bearer": STAFF_TOKEN},
                "BearerTokenOrAnonymous": {"bearer": STAFF_TOKEN},
                "ScanToken": {"bearer": STAFF_TOKEN},
                "StaffOrDeviceToken": {"bearer": STAFF_TOKEN},
                "GatewayToken": {"bearer": GATEWAY_TOKEN},
            }
        },
        "generation": {"max-examples": 6, "allow-x00": True},
        "checks": {
            # A well-formed request may still be refused by a rule (not a caravan day, no name to decide
            # about): a documented 422 with its own code.
            "positive_data_acceptance": {"expected-statuses": ["2xx", 401, 403, 404, 409, 422]},
        },
    }
)


def document():
    """The OpenAPI document as served (JSON: status codes as strings)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def application(environ, start_response):
    """Django as `qafila serve` runs it, with the middleware of the test's settings."""
    return WSGIHandler()(environ, start_response)


schema = schemathesis.openapi.from_dict(document(), config=CONFIG)
schema.app = application


@pytest.fixture
def served(demo_registrations, settings):
    """The demo caravan served, with the tokens above; requests run inside the test's transaction."""
    settings.QAFILA_SMS_GATEWAY_TOKEN = GATEWAY_TOKEN
    ApiToken.objects.create(
        user=get_user_model().objects.get(username="coordinator"), key_hash=hash_token(STAFF_TOKEN)
    )
    # As Django's test client does: a request must not close the connection holding the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_it_fuzzes_the_document_the_api_serves(db):
    assert Client().get("/api/v1/openapi.json").json() == document()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_it_answers_every_request_as_its_document_says(case, served):
    # Without gzip: this in-process transport hands the bytes as sent (the roster is gzipped when offered).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
