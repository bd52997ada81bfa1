from django.urls import path

from . import downloads, views

app_name = "web"
urlpatterns = [
    path("s/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("s/<int:pk>/step/<slug:name>/", views.step, name="step"),
    path("files/<slug:kind>/<int:pk>/", downloads.download, name="download"),
]
