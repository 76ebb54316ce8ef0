from django.urls import path

from . import paper_views, public_views, results_views, views

app_name = "surveys"

STAFF = "staff/caravans/<slug:slug>/surveys/"

urlpatterns = [
    path("s/<str:token>/", public_views.answer, name="answer"),
    path("s/<str:token>/thanks/", public_views.thanks, name="thanks"),
    path(STAFF, views.index, name="index"),
    path(STAFF + "new/", views.create, name="create"),
    path(STAFF + "copy-from-another-caravan/", views.reuse, name="reuse"),
    path(STAFF + "results/", results_views.results, name="results"),
    path(STAFF + "<int:pk>/", views.detail, name="detail"),
    path(STAFF + "<int:pk>/edit/", views.edit, name="edit"),
    path(STAFF + "<int:pk>/qr/", views.qr, name="qr"),
    path(STAFF + "<int:pk>/state/", views.state, name="state"),
    path(STAFF + "<int:pk>/send-link/", views.send_link, name="send_link"),
    path(STAFF + "<int:pk>/copy/", views.copy, name="copy"),
    path(STAFF + "<int:pk>/questions/new/", views.question_create, name="question_create"),
    path(STAFF + "<int:pk>/paper/", paper_views.paper, name="paper"),
    path(STAFF + "questions/<int:pk>/", views.question_edit, name="question_edit"),
    path(STAFF + "questions/<int:pk>/move/", views.question_move, name="question_move"),
    path(STAFF + "questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
]
