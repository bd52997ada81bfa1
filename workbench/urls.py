from django.urls import path

from .views import holidays, office, review_chain, supervisor, unit

app_name = "workbench"
urlpatterns = [
    path("office/", office.review, name="review"),
    path("office/review/<int:pk>/merge/", office.merge_panel, name="merge_panel"),
    path("office/review/batch/", office.review_batch, name="review_batch"),
    path("office/suggestions/batch/", office.list_batch, name="list_batch"),
    path("office/suggestions/print/", office.print_list, name="print_list"),
    path("office/assign/", office.assign, name="assign"),
    path("office/reassignments/", office.reassignments, name="reassignments"),
    path("office/suggestions/", office.suggestions, name="suggestions"),
    path("office/holidays/", holidays.holidays_page, name="holidays"),
    path("office/suggestions.csv", office.export_csv, name="export_csv"),
    path("office/views/", office.save_view, name="save_view"),
    path("office/views/<int:pk>/delete/", office.delete_view, name="delete_view"),
    path("unit/", unit.inbox, name="unit_inbox"),
    path("unit/s/<int:pk>/", unit.handle, name="unit_handle"),
    path("unit/s/<int:pk>/reply-template/", unit.reply_template, name="reply_template"),
    path("unit/review-chain/", review_chain.review_chain, name="review_chain"),
    path("supervisor/", supervisor.overview, name="supervisor"),
]
