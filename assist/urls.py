from django.urls import path

from . import views

app_name = "assist"
urlpatterns = [
    path("draft/", views.draft_panel, name="draft_panel"),
    path("recommend/<int:pk>/", views.recommend_panel, name="recommend_panel"),
    path("duplicates/", views.duplicates, name="duplicates"),
]
