"""URL patterns of the devices holding a roster (enrolment, the organisers' page), included by onsite/urls.py."""

from django.urls import path

from . import views

STAFF = "staff/caravans/<slug:slug>/"

urlpatterns = [
    path(f"{STAFF}offline/enrol/", views.enrol, name="offline_enrol"),
    path(f"{STAFF}devices/", views.devices, name="devices"),
    path(f"{STAFF}devices/<uuid:pk>/revoke/", views.revoke, name="device_revoke"),
]
