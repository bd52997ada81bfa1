from django.urls import path

from ops.replica import replica_reads

from . import views

app_name = "stats"
urlpatterns = [
    # Read-only pages may read from a replica (ops/replica.py); the export pages list the user's
    # own jobs just started, so they stay on the primary.
    path("", replica_reads(views.dashboard), name="dashboard"),
    path("trend/", replica_reads(views.trend), name="trend"),
    path("suggestions/", replica_reads(views.suggestion_list), name="suggestions"),
    path("exports/", views.exports, name="exports"),
    path("exports/start/", views.export_start, name="export_start"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("letters/<int:pk>/", replica_reads(views.reply_letter), name="reply_letter"),
    path("report.docx", replica_reads(views.annual_report), name="annual_report"),
]
