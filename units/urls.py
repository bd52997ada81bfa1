from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("divisions/", views.add_division, name="add_division"),
    path("divisions/<int:pk>/", views.edit_division, name="edit_division"),
    path("divisions/<int:pk>/delete/", views.delete_division, name="delete_division"),
    path("people/", views.place_person, name="place_person"),
]
