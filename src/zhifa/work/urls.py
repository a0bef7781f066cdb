from django.urls import path

from zhifa.work import views

app_name = "work"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("export.xlsx", views.todo_export, name="export"),
]
