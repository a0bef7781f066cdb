from django.urls import path

from zhifa.review import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/<str:act>/", views.act, name="act"),
    path("case/<int:pk>/submit/", views.submit, name="submit"),
]
