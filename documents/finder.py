"""The public finder's result on one printable page, in Arabic or French: the same answers, the same matching."""

from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.i18n import asked_language
from programmes.finder_views import result_context

from .badges import qr_svg
from .render import pdf_response, render_pdf


def render_finder(code, language, link):
    """The result of the answers in `code` as PDF bytes; `link` is the short link that reopens them."""
    with translation.override(language):
        context = {**result_context(code, language), "link": link, "qr": qr_svg(link)}
    return render_pdf("documents/finder.html", context, language=language)


@require_safe
def finder_pdf(request, code):
    """Public, like the finder: nothing in it but what the link itself says."""
    language = asked_language(request)
    link = request.build_absolute_uri(reverse("programmes:finder_result", args=[code]))
    return pdf_response(render_finder(code, language, link), f"programmes-{language}.pdf")


urlpatterns = [path("programmes/r/<str:code>/result.pdf", finder_pdf, name="finder_pdf")]
