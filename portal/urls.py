from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.my_suggestions, name="home"),
    path("new/", views.new, name="new"),
    path("autosave/", views.autosave, name="autosave"),
    path("s/<int:pk>/", views.track, name="track"),
    path("s/<int:pk>/edit/", views.edit, name="edit"),
    path("s/<int:pk>/deputies/", views.deputies, name="deputies"),
]
