from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Caravan, Session


@require_safe
def caravan_list(request):
    caravans = Caravan.objects.public().select_related("region")
    return render(request, "caravans/list.html", {"caravans": caravans})


def programme_of(caravan):
    """The caravan's days with their sessions, rooms and speakers, in a fixed number of queries."""
    sessions = Session.objects.select_related("room").prefetch_related("speakers__organisation")
    return caravan.days.prefetch_related(Prefetch("sessions", queryset=sessions))


@require_safe
def caravan_detail(request, slug):
    caravan = get_object_or_404(Caravan.objects.public().select_related("region"), slug=slug)
    partnerships = caravan.partnerships.select_related("organisation")
    return render(
        request,
        "caravans/detail.html",
        {"caravan": caravan, "days": programme_of(caravan), "partnerships": partnerships},
    )
