"""Projects, their support-programme matches and dossiers.

Staff tokens only (401 without one). A caravan's list and a project's answers follow the project pages'
access: coordinators and the caravan's organisers see every project of it; trainers the projects of the
participants of caravans where they speak; check-in agents none (403)."""

from typing import Literal

from ninja import Query, Router, Schema

from caravans.access import caravan_for
from documents.dossiers import render_dossier
from documents.render import pdf_response
from projects.access import project_for, visible_projects
from projects.matching import matches

from .auth import BearerToken
from .schemas import ErrorOut

router = Router(tags=["projects"], auth=BearerToken())

VIEW = "project.view"


class ProjectOut(Schema):
    id: int
    title: str
    stage: str
    sector: str


LISTING = """The projects worked on in this caravan (linked to it), for staff who may see them: `id`, `title`,
`stage` (`idea`, `structured`, `founding`, `seeking_funding`, `funded`, `operating`, `stopped`) and `sector`
(a key of the sectors list, empty when not chosen). Nothing about the holder's person."""


@router.get(
    "/caravans/{slug}/projects",
    response={200: list[ProjectOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The projects worked on in a caravan",
    description=LISTING,
)
def project_list(request, slug: str):
    caravan = caravan_for(request.auth, slug, VIEW)
    return list(
        visible_projects(request.auth, caravan).order_by("id").values("id", "title", "stage", "sector")
    )


class ReasonOut(Schema):
    code: str
    message_ar: str
    message_fr: str


class MatchOut(Schema):
    programme: str
    name_ar: str
    name_fr: str
    status: Literal["eligible", "missing", "not_eligible"]
    reasons: list[ReasonOut]


MATCHES = """Every support programme of the catalogue still open, best fits first: its key (`programme`), its
names, `status` — `eligible` (every condition met, no reasons), `missing` (a fact is unknown, a next step can
meet a condition, or a condition awaits a person's confirmation) or `not_eligible` (a condition is definitely
failed) — and `reasons`, each a stable `code` with its Arabic and French sentence. Programmes change with each
call: these are indications to check with the programme, never a promise."""


@router.get(
    "/projects/{id}/matches",
    response={200: list[MatchOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Which support programmes fit a project",
    description=MATCHES,
)
def project_matches(request, id: int):  # the contract names the path parameter `id`
    project = project_for(request.auth, id, VIEW)
    return match_items(matches(project) or [])


def match_items(pairs):
    """[(programme, Match)] as the API answers them (also the public finder's `POST /programmes/match`)."""
    return [
        {
            "programme": programme.key,
            "name_ar": programme.name_ar,
            "name_fr": programme.name_fr,
            "status": match.status,
            "reasons": [
                {"code": r.code, "message_ar": r.message_ar, "message_fr": r.message_fr}
                for r in match.reasons
            ],
        }
        for programme, match in pairs
    ]


class DossierQuery(Schema):
    lang: Literal["ar", "fr"] = "ar"


@router.get(
    "/projects/{id}/dossier.pdf",
    response={200: bytes, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The project dossier (PDF)",
    description="The project's dossier as a PDF, in Arabic (`lang=ar`, the default) or French (`lang=fr`).",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def project_dossier(request, id: int, query: Query[DossierQuery]):
    project = project_for(request.auth, id, VIEW)
    return pdf_response(render_dossier(project, query.lang), f"project-{project.pk}-{query.lang}.pdf")
