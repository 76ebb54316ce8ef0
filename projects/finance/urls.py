from django.urls import path

from . import views

# Included by projects/urls.py inside the "projects" namespace.
urlpatterns = [
    path("projects/<int:pk>/finance/", views.finance, name="finance"),
    path("projects/<int:pk>/finance/edit/", views.finance_edit, name="finance_edit"),
]
