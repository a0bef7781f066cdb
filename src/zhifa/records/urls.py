from django.urls import path, re_path

from zhifa.records import export_views, tus, views

app_name = "records"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("upload/", views.upload_page, name="upload"),
    path("tus/", tus.collection, name="tus"),
    re_path(r"^tus/(?P<token>[A-Za-z0-9_-]{16,64})$", tus.resource, name="tus_resource"),
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/form/", views.evidence_form, name="form"),
    path("<int:pk>/describe/", views.evidence_describe, name="describe"),
    path("<int:pk>/download/", views.evidence_download, name="download"),
    path("view/<str:token>/", views.evidence_view, name="view"),
    path("view/<str:token>/file", views.evidence_view_file, name="view_file"),
    path("<int:pk>/holds/", views.hold_place, name="hold_place"),
    path("holds/<int:hold_pk>/release/", views.hold_release, name="hold_release"),
    path("<int:pk>/retention/", views.retention_set, name="retention"),
    path("<int:pk>/requests/", views.view_request_create, name="request_create"),
    path("<int:pk>/party/", views.party_application_create, name="party_application"),
    path("requests/", views.requests_pending, name="requests"),
    path("requests/<int:request_pk>/decide/", views.request_decide, name="request_decide"),
    path("settings/", views.records_settings, name="settings"),
    path("verify/", views.verification, name="verify"),
    path("export/case/", export_views.case_export, name="export_case"),
]
