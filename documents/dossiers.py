"""Project dossier PDFs: rendering and views."""

urlpatterns = []
