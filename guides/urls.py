from django.urls import path

from . import views

app_name = "guides"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:role>/", views.guide, name="guide"),
]
