"""caravans.access: the caravan and the roles every staff page and API call reads first."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from caravans.access import caravan_for, caravan_with_region, roles_for
from caravans.models import Caravan, StaffAssignment
from core.permissions import Role


def values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_caravan_reads_as_the_orm_reads_it_with_its_region(demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        caravan = caravan_with_region(demo.slug)
        region_name = caravan.region.name_fr
    expected = Caravan.objects.select_related("region").get(pk=demo.pk)
    assert values(caravan) == values(expected) and region_name == expected.region.name_fr
    assert caravan.start_date.isoformat() == "2025-02-04" and isinstance(caravan.eligibility, dict)
    assert caravan_with_region("no-such-stop") is None


def test_roles_are_the_national_ones_and_those_on_this_caravan_only(demo):
    user = get_user_model().objects.create_user("double", password="pw")
    other = Caravan.objects.create(**{**values(demo), "id": None, "slug": "elsewhere"})
    StaffAssignment.objects.create(user=user, caravan=other, role=Role.ORGANISER)
    StaffAssignment.objects.create(user=user, caravan=demo, role=Role.AGENT)
    assert roles_for(user, demo) == {Role.AGENT} and roles_for(user, other) == {Role.ORGANISER}
    assert caravan_for(user, demo.slug, "checkin.perform") == demo
    with pytest.raises(PermissionDenied):
        caravan_for(user, demo.slug, "caravan.edit")
    with pytest.raises(Http404):
        caravan_for(user, "no-such-stop", "checkin.perform")
