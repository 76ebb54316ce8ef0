"""Caravan report PDFs: rendering and views."""

urlpatterns = []
