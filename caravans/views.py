from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .models import Caravan


@require_safe
def caravan_list(request):
    caravans = Caravan.objects.public().select_related("region")
    return render(request, "caravans/list.html", {"caravans": caravans})


def render_caravan_page(request, caravan):
    partnerships = caravan.partnerships.select_related("organisation")
    context = {"caravan": caravan, "days": caravan.programme(), "partnerships": partnerships}
    return render(request, "caravans/detail.html", context)


@require_safe
def caravan_detail(request, slug):
    """The public page. For anonymous visitors (nearly everyone) it is the same page for a given caravan version,
    path and language, so it is rendered once per process and served from the cache: one small query a visit."""
    version = Caravan.objects.public().filter(slug=slug).values_list("pk", "updated").first()
    if version is None:
        raise Http404(slug)
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return render_caravan_page(request, Caravan.objects.select_related("region").get(pk=version[0]))
    key = f"caravan-page:{version[0]}:{version[1].timestamp()}:{get_language()}:{request.get_full_path()}"
    html = cache.get(key)
    if html is None:
        html = render_caravan_page(
            request, Caravan.objects.select_related("region").get(pk=version[0])
        ).content
        cache.set(key, html, settings.QAFILA_CACHE_SECONDS)
    return HttpResponse(html)
