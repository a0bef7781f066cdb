from django.urls import path

from zhifa.obligations import views

app_name = "obligations"
urlpatterns: list = [
    path("", views.deadlines, name="deadlines"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/waive/", views.waive, name="waive"),
]
