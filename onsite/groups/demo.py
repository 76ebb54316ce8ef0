"""Demo workshop groups: the demo participants' ranked choices for every time slot of workshops, then the groups.

Deterministic (seeded): the same demo database gives the same choices and so the same groups. Some workshops
are more wanted than others, one person in eight names none, and cooperatives are kept together."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from registration.models import WorkshopPreference

from . import services as groups

SEED = 2025
NO_CHOICE_SHARE = 0.125


@transaction.atomic
def load_demo_groups(caravan, seed=SEED):
    """Give the accepted demo participants preferences and assign the groups of each time slot of workshops.

    A slot whose workshops already have preferences is left as it is. Returns {slot: grouping.Grouping}."""
    actor = get_user_model().objects.filter(username="organiser").first()
    rng = random.Random(seed)
    results = {}
    for day, day_slots in groups.slots_by_day(caravan):
        for slot in day_slots:
            shops = list(slot.sessions)
            if WorkshopPreference.objects.filter(session__in=slot.session_ids).exists():
                continue
            weights = [len(shops) - n for n in range(len(shops))]  # the first workshop is the most wanted
            choices = []
            for registration in groups.participants(day).order_by("pk"):
                if rng.random() < NO_CHOICE_SHARE:
                    continue
                ranked = _ranked(rng, shops, weights)
                choices += [
                    WorkshopPreference(registration=registration, session=session, rank=rank)
                    for rank, session in enumerate(ranked, start=1)
                ]
            WorkshopPreference.objects.bulk_create(choices)
            results[slot] = groups.assign_slot(
                slot, keep_cooperatives_together=True, balance_sexes=True, actor=actor
            )
    return results


def _ranked(rng, shops, weights):
    """Up to three workshops, best first, drawn by weight without repeats."""
    left, left_weights, ranked = list(shops), list(weights), []
    for _ in range(min(3, len(shops), rng.choice([1, 2, 3, 3]))):
        (pick,) = rng.choices(range(len(left)), weights=left_weights)
        ranked.append(left.pop(pick))
        left_weights.pop(pick)
    return ranked
