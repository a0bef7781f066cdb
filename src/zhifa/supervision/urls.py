from django.urls import path

from zhifa.supervision import views

app_name = "supervision"
urlpatterns: list = [
    path("", views.region, name="region"),
]
