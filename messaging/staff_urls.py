from django.urls import path

from . import views
from .models import Kind
from .texts import DECISIONS

urlpatterns = [
    path("staff/caravans/<slug:slug>/messages/", views.outbox_page, name="outbox"),
    path("staff/caravans/<slug:slug>/messages/retry/", views.retry_failed, name="retry"),
    path("staff/message-texts/", views.templates_page, name="templates"),
    path("staff/message-texts/<slug:kind>/", views.template_edit, name="template_edit"),
    path("staff/message-texts/<slug:kind>/reset/", views.template_reset, name="template_reset"),
]
# The decision kind's texts, one per decision: only those four addresses exist.
for decision in DECISIONS:
    named = {"kind": Kind.DECISION.value, "variant": decision}
    text = f"staff/message-texts/{Kind.DECISION.value}/{decision}/"
    urlpatterns += [
        path(text, views.template_edit, named, name="template_edit"),
        path(f"{text}reset/", views.template_reset, named, name="template_reset"),
    ]
