from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from documents.render import render_pdf

from .models import Caravan
from .views import programme_of


@require_safe
def programme_pdf(request, slug):
    caravan = get_object_or_404(Caravan.objects.public().select_related("region"), slug=slug)
    partnerships = caravan.partnerships.select_related("organisation")
    pdf = render_pdf(
        "documents/programme.html",
        {"caravan": caravan, "days": programme_of(caravan), "partnerships": partnerships},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="programme-{caravan.slug}.pdf"'
    return response
