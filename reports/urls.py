from django.urls import path

from . import pdf, views

app_name = "reports"

urlpatterns = [
    path("staff/caravans/<slug:slug>/report/", views.caravan_report, name="caravan_report"),
    path("staff/caravans/<slug:slug>/report/people/", views.report_people, name="people"),
    path("staff/caravans/<slug:slug>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("staff/caravans/<slug:slug>/report.pdf", pdf.report_pdf, name="report_pdf"),
    path("staff/dashboard/", views.dashboard, name="dashboard"),
]
