from django.urls import path

from . import finder_views, views

app_name = "programmes"

urlpatterns = [
    path("programmes/", finder_views.ask, name="finder"),
    path("programmes/next/", finder_views.answer, name="finder_answer"),
    path("programmes/r/<str:code>/", finder_views.result, name="finder_result"),
    path("staff/programmes/", views.catalogue, name="list"),
    path("staff/programmes/new/", views.create, name="create"),
    path("staff/programmes/to-check/", finder_views.stale, name="stale"),
    path("staff/programmes/<int:pk>/", views.detail, name="detail"),
    path("staff/programmes/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/programmes/<int:pk>/end/", views.end, name="end"),
    path("staff/programmes/<int:pk>/checked/", finder_views.checked, name="checked"),
]
