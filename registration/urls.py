from .public_urls import urlpatterns as public_urlpatterns
from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "registration"

urlpatterns = [*public_urlpatterns, *staff_urlpatterns]
