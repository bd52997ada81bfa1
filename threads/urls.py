from django.urls import path

from . import views

app_name = "threads"
urlpatterns = [
    path("<int:pk>/", views.thread, name="thread"),
]
