from django.urls import path

from zhifa.review import stats_views, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/<str:act>/", views.act, name="act"),
    path("case/<int:pk>/submit/", views.submit, name="submit"),
]

urlpatterns += [
    path("register/", stats_views.register, name="register"),
    path("register.xlsx", stats_views.register_xlsx, name="register_xlsx"),
    path("statistics/", stats_views.statistics, name="statistics"),
]
