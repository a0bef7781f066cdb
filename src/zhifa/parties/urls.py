from django.urls import path

from zhifa.parties import views

app_name = "parties"
urlpatterns = [
    path("", views.party_list, name="list"),
    path("new/", views.party_create, name="create"),
    path("<int:pk>/", views.party_detail, name="detail"),
    path("<int:pk>/edit/", views.party_edit, name="edit"),
    path("<int:pk>/agents/new/", views.agent_create, name="agent_create"),
    path("<int:pk>/addresses/new/", views.address_create, name="address_create"),
]
