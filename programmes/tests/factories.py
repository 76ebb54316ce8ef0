"""Plain factories for support programmes and the facts of a project."""

import datetime

from programmes.matching import Facts
from programmes.models import SupportProgramme

ON = datetime.date(2025, 6, 15)


def programme(**fields):
    """An unsaved programme with no condition at all, unless given."""
    defaults = {
        "key": "test_programme",
        "name_ar": "برنامج تجريبي",
        "name_fr": "Programme d'essai",
        "checked_on": datetime.date(2025, 8, 1),
        "state": SupportProgramme.State.ACTIVE,
    }
    return SupportProgramme(**{**defaults, **fields})


def saved_programme(**fields):
    item = programme(**fields)
    item.full_clean()
    item.save()
    return item


def facts(**fields):
    return Facts(**{"on": ON, **fields})
