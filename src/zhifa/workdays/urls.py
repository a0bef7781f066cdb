from django.urls import path

from zhifa.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("calendar/", views.calendar_list, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="year"),
    path("calendar/<int:year>/edit/", views.year_edit, name="year_edit"),
    path("calendar/<int:year>/import/", views.year_import, name="year_import"),
    path("calendar/<int:year>/delete/", views.year_delete, name="year_delete"),
    path("calendar/<int:year>/export.csv", views.year_export, name="year_export"),
]
