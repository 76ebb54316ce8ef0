"""Certificate PDFs: rendering and views."""

urlpatterns = []
