from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from caravans.access import caravan_for
from caravans.models import Caravan, Partnership

from .render import render_pdf


@require_safe
def programme_pdf(request, slug):
    """The printable programme, in the active language or the one `?lang=ar|fr` asks for.

    Public once the caravan is; the staff of a draft caravan may print it before it opens (others get 404)."""
    caravan = Caravan.objects.public().select_related("region").filter(slug=slug).first()
    if caravan is None:
        caravan = caravan_for(request.user, slug, "caravan.view_staff")
    language = request.GET.get("lang")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    partnerships = list(caravan.partnerships.select_related("organisation"))
    pdf = render_pdf(
        "documents/programme.html",
        {
            "caravan": caravan,
            "days": caravan.programme(),
            "organisers": [p for p in partnerships if p.role != Partnership.Role.PARTNER],
            "partners": [p for p in partnerships if p.role == Partnership.Role.PARTNER],
            "venues": caravan.venues.all(),
        },
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="programme-{caravan.slug}-{language}.pdf"'
    return response
