from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from web import views as web_views

urlpatterns = [
    path("", include("ops.urls")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("api.urls")),
    path("supervision/", include("supervision.urls")),
    path("public/", include("disclosure.urls")),
    path("office/disclosure/", include("disclosure.office_urls")),
    path("office/imports/", include("imports.urls")),
    path("office/evaluations/", include("evaluations.urls")),
    path("office/meetings/", include("meetings.urls")),
    path("", web_views.home, name="home"),
    path("", include("web.urls")),
    path("deputy/appraisal/", include("evaluations.deputy_urls")),
    path("deputy/", include("portal.urls")),
    path("threads/", include("threads.urls")),
    path("guide/", include("guides.urls")),
    path("unit/organisation/", include("units.urls")),
    path("", include("workbench.urls")),
    path("stats/", include("stats.urls")),
    path("audit/", include("audit.urls")),
    path("assist/", include("assist.urls")),
]
