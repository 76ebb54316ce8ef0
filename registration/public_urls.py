from django.urls import path

from . import entry_views, public_views, status

urlpatterns = [
    path("caravans/<slug:slug>/register/", public_views.self_register, name="self_register"),
    path("caravans/<slug:slug>/register/done/", public_views.self_register_done, name="self_register_done"),
    path("caravans/<slug:slug>/status/", status.status, name="status"),
    path("caravans/<slug:slug>/status/cancel/", status.status_cancel, name="status_cancel"),
    # Staff, but the same entry as self-registration (registration/entry.py): kept beside it.
    path("staff/caravans/<slug:slug>/registrations/new/", entry_views.quick_entry, name="staff_entry"),
]
