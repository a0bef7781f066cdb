from django.urls import path

from zhifa.review import case_views, stats_views, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/respond/", case_views.respond, name="respond"),
    path("<int:pk>/resolve/", case_views.resolve, name="resolve"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("question/<int:pk>/answer/", case_views.answer, name="answer"),
    path("<int:pk>/<str:act>/", views.act, name="act"),
    path("case/<int:pk>/submit/", views.submit, name="submit"),
    path("case/<int:pk>/criterion/", case_views.criterion, name="criterion"),
    path("case/<int:pk>/involve/", case_views.involve, name="involve"),
    path("case/<int:pk>/comment/", case_views.comment, name="comment"),
]

urlpatterns += [
    path("register/", stats_views.register, name="register"),
    path("register.xlsx", stats_views.register_xlsx, name="register_xlsx"),
    path("statistics/", stats_views.statistics, name="statistics"),
]
