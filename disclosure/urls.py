from django.urls import path

from evaluations import views as evaluation_views

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/<int:pk>/", views.session_catalogue, name="catalogue"),
    path("sessions/<int:pk>/results/", views.results, name="results"),
    path("sessions/<int:pk>/<str:what>.csv", views.open_data_csv, name="csv"),
    path("sessions/<int:pk>/data.json", views.open_data_json, name="json"),
    path("suggestions/<int:pk>/", views.suggestion, name="suggestion"),
    path("open-data/", views.open_data, name="open_data"),
    path("awards/", evaluation_views.public_awards, name="awards"),
]
