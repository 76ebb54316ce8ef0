"""Caravans and their programmes, read by anyone for public caravans and by their staff for drafts too."""

from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Router

from caravans.access import roles_for
from caravans.models import Caravan, StaffAssignment
from core.permissions import Role, allowed

from .schemas import CaravanDetailOut, CaravanOut, ErrorOut, caravan_detail_json

router = Router(tags=["caravans"])

READ = "api.read"


def readable_caravans(user):
    """Public caravans for everyone; with `api.read` on a caravan (or nationally), its drafts too."""
    caravans = Caravan.objects.all()
    if not user.is_authenticated:
        return caravans.public()
    if allowed(roles_for(user), READ):
        return caravans
    roles = [role for role in Role if allowed({role}, READ)]
    theirs = StaffAssignment.objects.filter(user=user, role__in=roles).values("caravan_id")
    return caravans.filter(~Q(status=Caravan.Status.DRAFT) | Q(pk__in=theirs))


@router.get("", response={200: list[CaravanOut], 401: ErrorOut}, summary="Caravans you may read")
def caravan_list(request):
    return list(readable_caravans(request.auth).select_related("region"))


@router.get(
    "/{slug}",
    response={200: CaravanDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One caravan with its programme",
)
def caravan_detail(request, slug: str):
    # Only what the cache key needs: the whole caravan is read on a cache miss alone.
    found = readable_caravans(request.auth).filter(slug=slug).values_list("pk", "updated")
    try:
        pk, updated = found.get()
    except Caravan.DoesNotExist:
        raise Http404(slug) from None
    # Already JSON: handed over as is; the response schema above documents it.
    return HttpResponse(caravan_detail_json(pk, updated), content_type="application/json; charset=utf-8")
