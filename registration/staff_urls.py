from django.urls import path

from . import invitation_views
from . import staff_views as views
from .importing import members_views
from .importing import views as import_views

urlpatterns = [
    path("staff/caravans/<slug:slug>/registrations/", views.registration_list, name="staff_registrations"),
    path(
        "staff/caravans/<slug:slug>/registrations/fill/",
        views.fill_waiting_list,
        name="staff_registrations_fill",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/export.csv",
        views.export_csv,
        name="staff_registrations_csv",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/export.xlsx",
        views.export_xlsx,
        name="staff_registrations_xlsx",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/<int:pk>/",
        views.registration_detail,
        name="staff_registration",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/<int:pk>/override/",
        views.registration_override,
        name="staff_registration_override",
    ),
    path(
        "staff/caravans/<slug:slug>/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="staff_registration_cancel",
    ),
    path("staff/caravans/<slug:slug>/duplicates/", views.duplicate_queue, name="staff_duplicates"),
    path(
        "staff/caravans/<slug:slug>/duplicates/<int:pk>/merge/",
        views.duplicate_merge,
        name="staff_duplicate_merge",
    ),
    path(
        "staff/caravans/<slug:slug>/duplicates/<int:pk>/keep-apart/",
        views.duplicate_keep_apart,
        name="staff_duplicate_keep_apart",
    ),
    path("staff/caravans/<slug:slug>/import/", import_views.import_upload, name="staff_import"),
    path("staff/caravans/<slug:slug>/import/list/", import_views.import_status, name="staff_import_status"),
    path(
        "staff/caravans/<slug:slug>/import/confirm/",
        import_views.import_confirm,
        name="staff_import_confirm",
    ),
    path(
        "staff/caravans/<slug:slug>/import/template.xlsx",
        import_views.import_template,
        name="staff_import_template",
    ),
    path(
        "staff/caravans/<slug:slug>/import/members/",
        members_views.members_upload,
        name="staff_members_list",
    ),
    path(
        "staff/caravans/<slug:slug>/import/members/list/",
        members_views.members_status,
        name="staff_members_list_status",
    ),
    path(
        "staff/caravans/<slug:slug>/import/members/confirm/",
        members_views.members_confirm,
        name="staff_members_list_confirm",
    ),
    path("staff/caravans/<slug:slug>/invitations/", invitation_views.invitations, name="staff_invitations"),
    path(
        "staff/caravans/<slug:slug>/invitations/confirm/",
        invitation_views.invitations_confirm,
        name="staff_invitations_confirm",
    ),
]
