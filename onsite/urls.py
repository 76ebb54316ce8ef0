from django.urls import path

from . import views
from .attendance.urls import urlpatterns as attendance_urls
from .groups.urls import urlpatterns as group_urls
from .offline.page_urls import urlpatterns as offline_page_urls
from .offline.urls import urlpatterns as device_urls

app_name = "onsite"

urlpatterns = [
    path("staff/caravans/<slug:slug>/check-in/", views.checkin, name="checkin"),
    path("staff/caravans/<slug:slug>/check-in/walk-in/", views.walk_in, name="walk_in"),
    path("staff/caravans/<slug:slug>/check-in/<int:pk>/undo/", views.undo, name="undo"),
]
urlpatterns += group_urls + attendance_urls + device_urls + offline_page_urls
