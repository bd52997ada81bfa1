from django.urls import path

from evaluations import views as evaluation_views
from ops.replica import replica_reads

from . import views

app_name = "public"

# The public site only reads published rows: a read replica may serve it (ops/replica.py).
urlpatterns = [
    path("", replica_reads(views.home), name="home"),
    path("sessions/<int:pk>/", replica_reads(views.session_catalogue), name="catalogue"),
    path("sessions/<int:pk>/results/", replica_reads(views.results), name="results"),
    path("sessions/<int:pk>/<str:what>.csv", replica_reads(views.open_data_csv), name="csv"),
    path("sessions/<int:pk>/data.json", replica_reads(views.open_data_json), name="json"),
    path("suggestions/<int:pk>/", replica_reads(views.suggestion), name="suggestion"),
    path("open-data/", replica_reads(views.open_data), name="open_data"),
    path("awards/", replica_reads(evaluation_views.public_awards), name="awards"),
]
