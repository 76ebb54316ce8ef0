"""URL patterns included by onsite/urls.py: session attendance and the live board."""

from django.urls import path

from . import views

STAFF = "staff/caravans/<slug:slug>/"

urlpatterns = [
    path(f"{STAFF}attendance/", views.session_list, name="attendance_sessions"),
    path(f"{STAFF}attendance/<int:pk>/", views.mark, name="attendance_mark"),
    path(f"{STAFF}attendance/<int:pk>/qr/", views.qr, name="attendance_qr"),
    path(f"{STAFF}board/", views.live_board, name="board"),
    # Public: the address a session's QR code opens on a participant's phone (a signed session id).
    path("present/<str:token>/", views.scan, name="attendance_scan"),
]
