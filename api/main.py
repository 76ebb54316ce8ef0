"""The one HTTP API of Qafila, under /api/v1/: each topic adds its router here."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors
from .auth import BearerTokenOrAnonymous, document_optional_tokens
from .caravans import router as caravans_router
from .checkins import router as checkins_router
from .messages import router as messages_router
from .offline import router as offline_router
from .outcomes import router as outcomes_router
from .programmes_match import router as programmes_match_router
from .projects import router as projects_router
from .registrations import router as registrations_router
from .reports import router as reports_router
from .stories import router as stories_router
from .team import router as team_router


class CompactJSON(JSONRenderer):
    """UTF-8 as is and no spaces: Arabic text escaped as \\uXXXX would weigh three times more on the wire."""

    json_dumps_params = {"ensure_ascii": False, "separators": (",", ":")}


class QafilaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Ninja's document, completed with what our handlers add (api/auth.py, api/errors.py)."""
        schema = super().get_openapi_schema(**kwargs)
        return errors.document_invalid_input(document_optional_tokens(schema))


api = QafilaAPI(
    urls_namespace="api",
    version="1",
    title="Qafila API",
    description="Study caravans for soulaliyate cooperatives. Staff send `Authorization: Bearer TOKEN` "
    "(`qafila create-api-token USERNAME`); without it, only public caravans can be read.",
    auth=BearerTokenOrAnonymous(),
    renderer=CompactJSON(),
    parser=errors.ObjectBodies(),
)
errors.install(api)

api.add_router("/caravans", caravans_router)
api.add_router("/caravans", checkins_router)
api.add_router("/caravans", offline_router)
api.add_router("/caravans", registrations_router)
api.add_router("", projects_router)
api.add_router("/caravans", reports_router)
api.add_router("/caravans", outcomes_router)
api.add_router("/caravans", team_router)
api.add_router("", messages_router)
api.add_router("", programmes_match_router)
api.add_router("", stories_router)
