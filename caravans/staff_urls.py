from django.urls import path

from . import account_views, letterhead_views, staff_views, team_views

urlpatterns = [
    path("staff/new-caravan/", staff_views.caravan_create, name="staff_caravan_create"),
    path("staff/caravans/<slug:slug>/", staff_views.caravan_edit, name="staff_caravan_edit"),
    path("staff/caravans/<slug:slug>/status/", staff_views.caravan_status, name="staff_caravan_status"),
    path("staff/caravans/<slug:slug>/copy/", staff_views.caravan_copy, name="staff_caravan_copy"),
    path("staff/caravans/<slug:slug>/programme/", staff_views.programme_edit, name="staff_programme"),
    path("staff/caravans/<slug:slug>/my-sessions/", staff_views.my_sessions, name="staff_my_sessions"),
    path("staff/caravans/<slug:slug>/team/", team_views.team_page, name="team"),
    path("staff/caravans/<slug:slug>/team/add/", team_views.team_add, name="team_add"),
    path("staff/caravans/<slug:slug>/team/invite/", team_views.team_invite, name="team_invite"),
    path("staff/caravans/<slug:slug>/team/remove/", team_views.team_remove, name="team_remove"),
    path("staff/caravans/<slug:slug>/team/link/", team_views.team_link, name="team_link"),
    path("staff/accounts/", team_views.staff_accounts, name="staff_accounts"),
    path("staff/accounts/new/", team_views.staff_account_create, name="staff_account_create"),
    path(
        "staff/accounts/<int:pk>/deactivate/",
        team_views.staff_account_active,
        {"active": False},
        name="staff_account_deactivate",
    ),
    path(
        "staff/accounts/<int:pk>/reactivate/",
        team_views.staff_account_active,
        {"active": True},
        name="staff_account_reactivate",
    ),
    path("staff/accounts/<int:pk>/link/", team_views.staff_account_link, name="staff_account_link"),
    path(
        "staff/accounts/<int:pk>/two-factor/",
        team_views.staff_account_two_factor,
        name="staff_account_two_factor",
    ),
    *letterhead_views.urlpatterns,
    *account_views.urlpatterns,
]

# Days, sessions, speakers, partners, venues and rooms: staff_day_add, staff_day_edit, staff_day_delete…
for part in staff_views.PARTS:
    prefix = f"staff/caravans/<slug:slug>/{part}s/"
    urlpatterns += [
        path(f"{prefix}new/", staff_views.part_add, {"part": part}, name=f"staff_{part}_add"),
        path(f"{prefix}<int:pk>/", staff_views.part_edit, {"part": part}, name=f"staff_{part}_edit"),
        path(
            f"{prefix}<int:pk>/delete/", staff_views.part_delete, {"part": part}, name=f"staff_{part}_delete"
        ),
    ]
