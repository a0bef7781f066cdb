from django.urls import path

app_name = "workdays"
urlpatterns: list = []
