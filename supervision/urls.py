from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("settings/", views.delivery_settings, name="delivery_settings"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("key/", views.key_board, name="key_board"),
    path("four/", views.four_checks, name="four"),
    path("ledger/", views.ledger, name="ledger"),
    path("lookback/", views.lookback, name="lookback"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/inspection/", views.new_inspection, name="new_inspection"),
    path("tasks/review-opinion/", views.new_review_opinion, name="new_review_opinion"),
    path("tasks/<slug:kind>/<int:pk>/", views.task_detail, name="task"),
    path("s/<int:pk>/", views.suggestion_panel, name="suggestion"),
    path("filings/", views.filings, name="filings"),
    path("lookback/campaigns/", views.campaigns, name="campaigns"),
    path("lookback/campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("lookback/campaigns/<int:pk>/report.xlsx", views.campaign_report, {"kind": "xlsx"}, name="campaign_xlsx"),
    path("lookback/campaigns/<int:pk>/report.docx", views.campaign_report, {"kind": "docx"}, name="campaign_docx"),
    path("lookback/units/<int:pk>/", views.unit_lookback, name="unit_lookback"),
    path("lookback/units/<int:pk>/report.xlsx", views.unit_report, {"kind": "xlsx"}, name="unit_xlsx"),
    path("lookback/units/<int:pk>/report.docx", views.unit_report, {"kind": "docx"}, name="unit_docx"),
    path("lookback/redo/<int:pk>/done/", views.complete_redo, name="complete_redo"),
]
