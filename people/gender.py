"""A person's words in their gender: the feminine or the masculine form when their sex is recorded, the neutral
form that speaks to anyone («حامل(ة) مشروع», «Porteur(se)») only when it is not."""

from .models import Sex


def gendered(sex, *, female, male, neutral):
    """`female` or `male` by `sex` (a Sex value), `neutral` when the sex is not known."""
    return {Sex.FEMALE: female, Sex.MALE: male}.get(sex, neutral)
