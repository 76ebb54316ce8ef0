from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("caravans/<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
]
