from django.urls import path

from zhifa.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("<int:pk>/void/", views.document_void, name="void"),
]
