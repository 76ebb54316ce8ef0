"""Plain factory functions for registration tests (no JSON fixtures)."""

import datetime
import itertools

from people.models import Person, SoulaliyateCommunity
from places.models import Province

_numbers = itertools.count(100000)


def person(**fields):
    """An adult woman of Tanger-Assilah, member of a soulaliyate community, with a valid CIN."""
    province = Province.objects.get(code="MA-TNG")
    community, _ = SoulaliyateCommunity.objects.get_or_create(province=province, name_ar="أولاد علي")
    n = next(_numbers)
    defaults = {
        "full_name_ar": f"فاطمة العلمي {n}",
        "full_name_latin": f"Fatima El Alami {n}",
        "cin": f"K{n}",
        "sex": "female",
        "birth_date": datetime.date(1990, 5, 1),
        "phone": f"+2126{n:08d}",
        "province": province,
        "community": community,
    }
    return Person.objects.create(**{**defaults, **fields})
