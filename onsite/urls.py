from django.urls import path  # noqa: F401  (routes are added with the check-in pages)

app_name = "onsite"

urlpatterns = []
