"""The project's URLs plus /bench/bare: the cheapest Django response, the baseline of the web benchmarks."""

from django.http import HttpResponse
from django.urls import path

from qafila.urls import urlpatterns as project_urlpatterns


def bare(request):
    """No database, no template, no session: what the server, middleware and routing cost by themselves."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *project_urlpatterns]
