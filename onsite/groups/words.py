"""Workshop groups in words: each outcome and each reason of `grouping` as a sentence staff can read aloud."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import grouping

OUTCOMES = {
    "first_choice": gettext_lazy("1st choice"),
    "second_choice": gettext_lazy("2nd choice"),
    "third_choice": gettext_lazy("3rd choice"),
    "other_workshop": gettext_lazy("Not among their choices"),
    "no_preference": gettext_lazy("No preference given"),
    "left_out": gettext_lazy("Left out"),
}


def missed(workshop, reason):
    """Why `workshop`, a better choice, was not given."""
    if reason == grouping.PREFERENCES_FULL:
        return _("%(workshop)s was full.") % {"workshop": workshop}
    if reason == grouping.KEPT_WITH_COOPERATIVE:
        return _("%(workshop)s: kept with the rest of their cooperative.") % {"workshop": workshop}
    if reason == grouping.BALANCED_SEXES:
        return _("%(workshop)s: kept out to balance women and men.") % {"workshop": workshop}
    return _("%(workshop)s still has room (the groups were changed by hand).") % {"workshop": workshop}


def left_out(reason):
    if reason == grouping.NO_SEAT_LEFT:
        return _("Every workshop is full.")
    if reason == grouping.KEPT_WITH_COOPERATIVE:
        return _("No workshop has room for their whole cooperative.")
    return _("A workshop has room: place them by hand.")


def reasons(placement, titles):
    """The sentences explaining a placement; `titles` maps workshop ids to their names."""
    sentences = [missed(titles.get(m.workshop_id, "?"), m.reason) for m in placement.missed]
    if placement.left_out_reason:
        sentences.append(left_out(placement.left_out_reason))
    if placement.with_cooperative:
        sentences.append(_("Placed with their cooperative."))
    return sentences
