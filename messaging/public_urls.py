from django.urls import path

from . import public_views

app_name = "messaging_public"

urlpatterns = [path("messages/stop/<str:token>/", public_views.opt_out, name="opt_out")]
