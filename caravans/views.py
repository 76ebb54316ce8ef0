from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Caravan


@require_safe
def caravan_list(request):
    caravans = Caravan.objects.public().select_related("region")
    return render(request, "caravans/list.html", {"caravans": caravans})


@require_safe
def caravan_detail(request, slug):
    caravan = get_object_or_404(Caravan.objects.public().select_related("region"), slug=slug)
    partnerships = caravan.partnerships.select_related("organisation")
    return render(
        request,
        "caravans/detail.html",
        {"caravan": caravan, "days": caravan.programme(), "partnerships": partnerships},
    )
