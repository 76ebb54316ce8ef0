"""A caravan's team: who organises it, trains in it and checks people in, through `caravans.team` as the team page.

Staff only (bearer token), with "team.manage" on the caravan: its organisers (trainers and agents only) and
the national coordinator (every role)."""

from typing import Literal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from caravans import team
from caravans.access import caravan_for

from .auth import BearerToken
from .errors import ApiError
from .schemas import ErrorOut

router = Router(tags=["team"], auth=BearerToken())

MANAGE = "team.manage"
TeamRole = Literal["organiser", "trainer", "agent"]


class UnknownUser(ApiError):
    status = 404
    code = "unknown_user"
    message = _("No account has this username.")


class MemberIn(Schema):
    username: str = Field(..., max_length=150, description="an existing account's username, exactly")
    role: TeamRole


class MemberOut(Schema):
    username: str
    role: TeamRole


def _user(username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UnknownUser()
    return user


@router.get(
    "/{slug}/team",
    response={200: list[MemberOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A caravan's team",
    description="Each role of each member: organisers, then trainers, then agents, each by username.",
)
def team_list(request, slug: str):
    caravan = caravan_for(request.auth, slug, MANAGE)
    return [{"username": row.user.username, "role": row.role} for row in team.members(caravan)]


ADD = """Put an existing account on the caravan's team in a role.

- **201**: added; **200**: they already held that role (nothing changes);
- **404** `unknown_user`: no account has this username (`not_found`: no such caravan, or one the token may
  not see);
- **403** `forbidden`: the token's roles do not allow it (an organiser adds trainers and agents only);
- **422** `inactive_account`: the account is deactivated; `invalid`: the body is not
  `{"username": "…", "role": "organiser"|"trainer"|"agent"}`."""


@router.post(
    "/{slug}/team",
    response={201: MemberOut, 200: MemberOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a member to a caravan's team",
    description=ADD,
)
def team_add(request, slug: str, member: MemberIn):
    caravan = caravan_for(request.auth, slug, MANAGE)
    team.require_may_manage(request.auth, caravan, member.role)  # 403 before saying whether the user exists
    added = team.add_member(request.auth, caravan, _user(member.username), member.role)
    return Status(201 if added else 200, {"username": member.username, "role": member.role})


@router.delete(
    "/{slug}/team/{username}/{role}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Take a role on a caravan's team from a member",
    description="**204** whether they held it or not; the role stops working at once, on the pages and for "
    "their API tokens. **404** `unknown_user` for a username no account has.",
)
def team_remove(request, slug: str, username: str, role: TeamRole):
    caravan = caravan_for(request.auth, slug, MANAGE)
    team.require_may_manage(request.auth, caravan, role)
    team.remove_member(request.auth, caravan, _user(username), role)
    return Status(204, None)
