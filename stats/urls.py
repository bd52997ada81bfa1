from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("exports/", views.exports, name="exports"),
    path("exports/start/", views.export_start, name="export_start"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("letters/<int:pk>/", views.reply_letter, name="reply_letter"),
    path("report.docx", views.annual_report, name="annual_report"),
]
