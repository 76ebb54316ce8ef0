from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.urls import urlpatterns as api_urls
from core.views import switch_language

from .audit_log import audit_log, audit_log_csv, audit_log_xlsx
from .bulk import bulk_message, bulk_message_send
from .callbacks import callback, callbacks, called
from .corrections import correct_person
from .logout import LogoutView
from .person_views import person_data, person_data_json, person_data_pdf, person_erase, person_oppose
from .views import caravan_hub, staff_home

admin.site.site_header = admin.site.site_title = "Qafila"

urlpatterns = [
    # First: the API is called most (agents' scans at the venue), and each app below is tried in turn.
    *api_urls,
    path("", include("caravans.urls")),
    path("", include("documents.urls")),
    path("", include("registration.urls")),
    path("", include("onsite.urls")),
    path("", include("programmes.urls")),
    path("", include("projects.urls")),
    path("", include("surveys.urls")),
    path("", include("certificates.urls")),
    path("", include("stories.urls")),
    path("", include("reports.urls")),
    path("", include("accounts.urls")),
    path("", include("messaging.public_urls")),
    path("", include("messaging.urls")),
    path("staff/", staff_home, name="staff_home"),
    path("staff/audit/", audit_log, name="audit_log"),
    path("staff/audit/export.csv", audit_log_csv, name="audit_log_csv"),
    path("staff/audit/export.xlsx", audit_log_xlsx, name="audit_log_xlsx"),
    path("programmes/call-back/", callback, name="finder_callback"),
    path("staff/programmes/call-backs/", callbacks, name="finder_callbacks"),
    path("staff/programmes/call-backs/<int:pk>/called/", called, name="finder_callback_called"),
    path("staff/caravans/<slug:slug>/registrations/<int:pk>/correct/", correct_person, name="correct_person"),
    path("staff/caravans/<slug:slug>/registrations/<int:pk>/person/", person_data, name="person_data"),
    path(
        "staff/caravans/<slug:slug>/registrations/<int:pk>/person/export.json",
        person_data_json,
        name="person_data_json",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/<int:pk>/person/export.pdf",
        person_data_pdf,
        name="person_data_pdf",
    ),
    path("staff/caravans/<slug:slug>/registrations/<int:pk>/person/erase/", person_erase, name="person_erase"),
    path("staff/caravans/<slug:slug>/registrations/<int:pk>/person/oppose/", person_oppose, name="person_oppose"),
    path("staff/caravans/<slug:slug>/hub/", caravan_hub, name="caravan_hub"),
    path("staff/caravans/<slug:slug>/messages/send/", bulk_message, name="bulk_message"),
    path("staff/caravans/<slug:slug>/messages/send/confirm/", bulk_message_send, name="bulk_message_send"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("language/<slug:code>/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
]
