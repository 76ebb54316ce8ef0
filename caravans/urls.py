from django.urls import path

from . import pdf_views, views
from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "caravans"

urlpatterns = [
    path("", views.caravan_list, name="list"),
    path("caravans/<slug:slug>/", views.caravan_detail, name="detail"),
    path("caravans/<slug:slug>/programme.pdf", pdf_views.programme_pdf, name="programme_pdf"),
    *staff_urlpatterns,
]
