import pytest


@pytest.fixture
def bearer(demo):
    """bearer("coordinator") → the headers of an API call made with a new token of that demo user."""
    from django.contrib.auth import get_user_model

    from core.models import ApiToken

    def headers(username):
        token = ApiToken.issue(get_user_model().objects.get(username=username))
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return headers
