from django.urls import path

from . import views

urlpatterns = [
    path("staff/caravans/<slug:slug>/messages/", views.outbox_page, name="outbox"),
    path("staff/caravans/<slug:slug>/messages/retry/", views.retry_failed, name="retry"),
    path("staff/message-texts/", views.templates_page, name="templates"),
    path("staff/message-texts/<slug:kind>/", views.template_edit, name="template_edit"),
    path("staff/message-texts/<slug:kind>/reset/", views.template_reset, name="template_reset"),
    # The decision kind's texts, one per decision (a kind's "reset/" above comes first).
    path("staff/message-texts/<slug:kind>/<slug:variant>/", views.template_edit, name="template_edit"),
    path("staff/message-texts/<slug:kind>/<slug:variant>/reset/", views.template_reset, name="template_reset"),
]
