"""Review of December 2026 §1.2: an opening or closing session is not a break; the migration that split the
old "break or ceremony" kind tells them apart by their titles."""

import importlib

from django.apps import apps

from caravans.models import Session

split = importlib.import_module("caravans.migrations.0004_session_opening_closing")


def test_the_migration_makes_the_demos_opening_and_closing_no_longer_breaks(demo):
    sessions = Session.objects.filter(day__caravan=demo)
    sessions.filter(kind=Session.Kind.OPENING_CLOSING).update(kind=Session.Kind.BREAK)  # as before the split
    split.split_ceremonies(apps, None)
    kinds = dict(sessions.values_list("title_fr", "kind"))
    assert kinds["Accueil et séance d'ouverture"] == kinds["Évaluation et clôture"] == "opening_closing"
    assert kinds["Pause"] == "break"
