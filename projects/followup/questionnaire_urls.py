from django.urls import path

from .questionnaire_views import questionnaire

# Short: the address goes in an SMS (projects' personal links are /p/…, surveys /s/…).
urlpatterns = [path("f/<str:secret>/", questionnaire, name="questionnaire")]
