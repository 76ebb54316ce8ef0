"""URL patterns of the offline check-in page, included by onsite/urls.py."""

from django.urls import path

from . import page_views as views

OFFLINE = "staff/caravans/<slug:slug>/offline/"

urlpatterns = [
    path(OFFLINE, views.offline, name="offline"),
    # In the page's folder: a service worker's scope is at most the folder it is served from.
    path(f"{OFFLINE}sw.js", views.service_worker, name="offline_sw"),
    path(f"{OFFLINE}manifest.webmanifest", views.manifest, name="offline_manifest"),
]
