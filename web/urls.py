from django.urls import path

from . import downloads, views

app_name = "web"
urlpatterns = [
    path("s/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("s/<int:pk>/step/<slug:name>/", views.step, name="step"),
    path("s/<int:pk>/deputy/<int:deputy_id>/personal/", views.deputy_personal, name="deputy_personal"),
    path("files/<slug:kind>/<int:pk>/", downloads.download, name="download"),
]
