"""The deputies' side of the yearly appraisal (办理情况评议), at /deputy/appraisal/."""

from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.my_appraisals, name="mine"),
    path("<int:pk>/units/<int:unit>/", views.answer, name="answer"),
]
