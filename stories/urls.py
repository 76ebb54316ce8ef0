from django.urls import path

from . import public, views

app_name = "stories"

STAFF = "staff/caravans/<slug:slug>/stories/"

urlpatterns = [
    path("stories/", public.story_list, name="list"),
    path("stories/<int:pk>/", public.story_detail, name="detail"),
    path("stories/<int:pk>/photos/<int:photo>.jpg", public.photo, name="photo"),
    path(STAFF, views.staff, name="staff"),
    path(STAFF + "draft/<int:pk>", views.draft, name="draft"),
    path(STAFF + "<int:pk>/", views.edit, name="edit"),
    path(STAFF + "<int:pk>/consent", views.consent, name="consent"),
    path(STAFF + "<int:pk>/consent-scan", views.consent_scan, name="consent_scan"),
    path(STAFF + "<int:pk>/photos", views.photo_add, name="photo_add"),
    path(STAFF + "<int:pk>/photos/<int:photo>/remove", views.photo_remove, name="photo_remove"),
    path(STAFF + "<int:pk>/submit", views.submit, name="submit"),
    path(STAFF + "<int:pk>/publish", views.publish, name="publish"),
    path(STAFF + "<int:pk>/withdraw", views.withdraw, name="withdraw"),
    path(STAFF + "<int:pk>/feature", views.feature, name="feature"),
    path(STAFF + "<int:pk>/feature/<int:session>/remove", views.unfeature, name="unfeature"),
]
