from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("staff/programmes/", views.catalogue, name="list"),
    path("staff/programmes/new/", views.create, name="create"),
    path("staff/programmes/<int:pk>/", views.detail, name="detail"),
    path("staff/programmes/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/programmes/<int:pk>/end/", views.end, name="end"),
]
