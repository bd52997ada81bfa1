"""The API alone: the core tests do not depend on the web apps other parts are building.

The one download view (web/downloads.py) comes along: the API links to it for letters and attachments.
"""

from django.urls import include, path

from web import downloads

urlpatterns = [
    path("api/", include("api.urls")),
    path("", include(([path("files/<slug:kind>/<int:pk>/", downloads.download, name="download")], "web"))),
]
