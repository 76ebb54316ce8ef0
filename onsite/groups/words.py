"""Workshop groups in words: each outcome and each reason of `grouping` as a sentence staff can read aloud, about
one person in their recorded gender (the «(ة)» form only when it is not recorded)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from people.gender import gendered

from . import grouping

OUTCOMES = {
    "first_choice": gettext_lazy("1st choice"),
    "second_choice": gettext_lazy("2nd choice"),
    "third_choice": gettext_lazy("3rd choice"),
    "other_workshop": gettext_lazy("Not among their choices"),
    "no_preference": gettext_lazy("No preference given"),
    "left_out": gettext_lazy("Left out"),
}


def outcome(code, sex):
    """The outcome of one person's placement; the tally of a slot uses OUTCOMES as they are."""
    if code == "other_workshop":
        return gendered(
            sex,
            female=pgettext("female", "Not among their choices"),
            male=pgettext("male", "Not among their choices"),
            neutral=OUTCOMES[code],
        )
    return OUTCOMES[code]


def missed(workshop, reason, sex):
    """Why `workshop`, a better choice, was not given."""
    if reason == grouping.PREFERENCES_FULL:
        return _("%(workshop)s was full.") % {"workshop": workshop}
    if reason == grouping.KEPT_WITH_COOPERATIVE:
        kept = gendered(
            sex,
            female=pgettext("female", "%(workshop)s: kept with the rest of their cooperative."),
            male=pgettext("male", "%(workshop)s: kept with the rest of their cooperative."),
            neutral=_("%(workshop)s: kept with the rest of their cooperative."),
        )
        return kept % {"workshop": workshop}
    if reason == grouping.BALANCED_SEXES:
        return _("%(workshop)s: kept out to balance women and men.") % {"workshop": workshop}
    return _("%(workshop)s still has room (the groups were changed by hand).") % {"workshop": workshop}


def left_out(reason, sex):
    if reason == grouping.NO_SEAT_LEFT:
        return _("Every workshop is full.")
    if reason == grouping.KEPT_WITH_COOPERATIVE:
        return gendered(
            sex,
            female=pgettext("female", "No workshop has room for their whole cooperative."),
            male=pgettext("male", "No workshop has room for their whole cooperative."),
            neutral=_("No workshop has room for their whole cooperative."),
        )
    return gendered(
        sex,
        female=pgettext("female", "A workshop has room: place them by hand."),
        male=pgettext("male", "A workshop has room: place them by hand."),
        neutral=_("A workshop has room: place them by hand."),
    )


def reasons(placement, titles, sex):
    """The sentences explaining a placement of a person of `sex`; `titles` maps workshop ids to their names."""
    sentences = [missed(titles.get(m.workshop_id, "?"), m.reason, sex) for m in placement.missed]
    if placement.left_out_reason:
        sentences.append(left_out(placement.left_out_reason, sex))
    if placement.with_cooperative:
        sentences.append(
            gendered(
                sex,
                female=pgettext("female", "Placed with their cooperative."),
                male=pgettext("male", "Placed with their cooperative."),
                neutral=_("Placed with their cooperative."),
            )
        )
    return sentences
