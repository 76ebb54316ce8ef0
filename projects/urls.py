from django.urls import include, path

from . import views, workspace_views

app_name = "projects"

urlpatterns = [
    path("staff/caravans/<slug:slug>/projects/", views.project_list, name="list"),
    path("staff/caravans/<slug:slug>/projects/new/", views.project_create, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("projects/<int:pk>/canvas/", workspace_views.canvas_start, name="canvas_start"),
    path("projects/<int:pk>/canvas/<slug:key>/", workspace_views.canvas_block, name="canvas"),
    path("projects/<int:pk>/founding/<slug:step>/", workspace_views.founding_step, name="founding_step"),
    path("projects/<int:pk>/confirm/", views.confirm_condition, name="confirm_condition"),
    path("projects/<int:pk>/personal-link/", views.issue_link, name="issue_link"),
    path("p/<str:secret>/", views.open_link, name="open_link"),
    path("", include("projects.finance.urls")),
    path("", include("projects.followup.questionnaire_urls")),
    path("", include("projects.followup.urls")),
]
