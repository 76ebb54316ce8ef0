from django.urls import path

from . import finance_views

# Included by projects/urls.py inside the "projects" namespace.
urlpatterns = [
    path("projects/<int:pk>/finance/", finance_views.finance, name="finance"),
    path("projects/<int:pk>/finance/edit/", finance_views.finance_edit, name="finance_edit"),
]
