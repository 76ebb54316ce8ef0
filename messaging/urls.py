from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "messaging"

urlpatterns = [*staff_urlpatterns]
