from django.urls import path

from . import office

app_name = "disclosure"

urlpatterns = [
    path("", office.sessions, name="sessions"),
    path("sessions/<int:pk>/publish/", office.publish_catalogue, name="publish_catalogue"),
    path("sessions/<int:pk>/", office.queue, name="queue"),
    path("sessions/<int:pk>/publish-ready/", office.publish_ready, name="publish_ready"),
    path("suggestions/<int:pk>/", office.preview, name="preview"),
    path("suggestions/<int:pk>/decide/", office.decide, name="decide"),
]
