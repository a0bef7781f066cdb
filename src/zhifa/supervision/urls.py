from django.urls import path

from zhifa.supervision import views

app_name = "supervision"
urlpatterns: list = [
    path("", views.region, name="region"),
    path("agencies/<int:agency_pk>/", views.agency, name="agency"),
    path("items/", views.item_list, name="items"),
    path("items/export/", views.item_export, name="export"),
]
