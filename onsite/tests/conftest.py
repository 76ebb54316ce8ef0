import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff(demo):
    """The demo's staff users by user name: coordinator, organiser, trainer, agent."""
    return {user.username: user for user in get_user_model().objects.all()}
