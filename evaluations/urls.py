from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/nominations/<int:nomination>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
