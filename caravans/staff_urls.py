from django.urls import path

from . import staff_views

urlpatterns = [
    path("staff/", staff_views.staff_home, name="staff_home"),
]
