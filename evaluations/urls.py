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
    path("appraisals/", views.appraisal_list, name="appraisals"),
    path("appraisals/<int:pk>/", views.appraisal_detail, name="appraisal"),
    path("appraisals/<int:pk>/close/", views.appraisal_close, name="appraisal_close"),
    path("appraisals/<int:pk>/units/<int:unit>/", views.appraisal_score, name="appraisal_score"),
]
