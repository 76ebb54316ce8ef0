from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/<str:number>", views.verify, name="verify"),
    path("staff/caravans/<slug:slug>/certificates/", views.staff, name="staff"),
    path("staff/caravans/<slug:slug>/certificates/rule", views.save_rule, name="save_rule"),
    path("staff/caravans/<slug:slug>/certificates/issue", views.issue, name="issue"),
    path("staff/caravans/<slug:slug>/certificates/<int:pk>/revoke", views.revoke, name="revoke"),
    path("staff/caravans/<slug:slug>/certificates/<int:pk>/reissue", views.reissue, name="reissue"),
]
