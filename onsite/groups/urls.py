"""URL patterns included by onsite/urls.py: workshop groups."""

from django.urls import path

from . import views

DAY = "staff/caravans/<slug:slug>/groups/<int:day_id>/"

urlpatterns = [
    path("staff/caravans/<slug:slug>/groups/", views.groups_days, name="groups"),
    path(DAY, views.groups_day, name="groups_day"),
    path(f"{DAY}assign/", views.groups_assign, name="groups_assign"),
    path(f"{DAY}move/<int:pk>/", views.groups_move, name="groups_move"),
    path(f"{DAY}preferences/", views.groups_find, name="groups_find"),
    path(f"{DAY}preferences/<int:pk>/", views.groups_preferences, name="groups_preferences"),
]
