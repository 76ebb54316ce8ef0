"""Dates in French as in Morocco: the same day-first, 24-hour formats as in Arabic (Django's `fr` module stays
behind this one for everything not set there)."""

from qafila.formats.ar.formats import *  # noqa: F403  one Moroccan way of writing dates, in both languages
