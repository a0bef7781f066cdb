from django.urls import path

from zhifa.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("laws/", views.law_list, name="law_list"),
    path("laws/new/", views.law_create, name="law_create"),
    path("laws/<int:pk>/", views.law_detail, name="law_detail"),
    path("laws/<int:pk>/edit/", views.law_edit, name="law_edit"),
    path("laws/<int:pk>/articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
]
