from django.urls import path

from . import views
from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "caravans"

urlpatterns = [
    path("", views.caravan_list, name="list"),
    path("caravans/<slug:slug>/", views.caravan_detail, name="detail"),
    *staff_urlpatterns,
]
