"""A caravan's indicators."""

from ninja import Router

router = Router(tags=["reports"])
