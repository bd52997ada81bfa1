from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pull/", views.pull, name="pull"),
    path("<int:pk>/items/<int:item>/", views.decide, name="decide"),
    path("<int:pk>/items/<int:item>/remove/", views.remove, name="remove"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
]
