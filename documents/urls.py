import datetime

from django.urls import path, register_converter

from . import certificates, dossiers, finder, stories, views


class IsoDate:
    """`2025-02-04` in a URL ↔ a date; anything else does not match (404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)  # ValueError (30 February): no match

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(IsoDate, "isodate")

app_name = "documents"

urlpatterns = [
    path("caravans/<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("staff/caravans/<slug:slug>/badges.pdf", views.badges_pdf, name="badges_pdf"),
    path("staff/caravans/<slug:slug>/registrations/<int:pk>/badge.pdf", views.badge_pdf, name="badge_pdf"),
    path(
        "staff/caravans/<slug:slug>/sign-in/<isodate:date>.pdf",
        views.sign_in_sheet_day,
        name="sign_in_sheet_day",
    ),
    path(
        "staff/caravans/<slug:slug>/sign-in/session/<int:session_id>.pdf",
        views.sign_in_sheet_session,
        name="sign_in_sheet_session",
    ),
    path(
        "staff/caravans/<slug:slug>/sign-in/group/<int:session_id>.pdf",
        views.sign_in_sheet_group,
        name="sign_in_sheet_group",
    ),
]
urlpatterns += certificates.urlpatterns + dossiers.urlpatterns + finder.urlpatterns + stories.urlpatterns
