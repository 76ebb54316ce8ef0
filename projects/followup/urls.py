from django.urls import path

from . import views

# Included in the projects namespace (projects/urls.py): projects:follow_ups…
urlpatterns = [
    path("staff/caravans/<slug:slug>/follow-up/", views.follow_ups, name="follow_ups"),
    path("staff/caravans/<slug:slug>/follow-up/assign/", views.assign, name="follow_ups_assign"),
    path("staff/caravans/<slug:slug>/follow-up/months/", views.change_months, name="follow_up_months"),
    path("staff/caravans/<slug:slug>/follow-up/<int:pk>/", views.contact, name="follow_up_contact"),
]
