"""Bench-only settings: the production settings with one extra bare view to measure against."""

from qafila.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
