"""Projects, their support-programme matches and dossiers."""

from ninja import Router

router = Router(tags=["projects"])
