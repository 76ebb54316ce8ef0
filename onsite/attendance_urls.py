"""URL patterns included by onsite/urls.py."""

urlpatterns = []
