"""Staff pages of 行政执法公示 (drafts, review, withdrawal, corrections, export), under /publicity/."""
from django.urls import path

from zhifa.publicity import correction_views, credit_views, views

app_name = "publicity"
urlpatterns = [
    path("", views.drafts, name="drafts"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/revocation/", views.revocation, name="revocation"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/repair/", views.repair, name="repair"),
    path("credit/", credit_views.page, name="credit"),
    path("credit/export/", credit_views.download, name="credit_export"),
    path("credit/endpoint/", credit_views.endpoint, name="credit_endpoint"),
    path("credit/deliveries/", credit_views.deliveries, name="credit_deliveries"),
    path("corrections/", correction_views.queue, name="corrections"),
    path("corrections/<int:pk>/", correction_views.correction, name="correction"),
    path("corrections/<int:pk>/evidence/", correction_views.evidence, name="correction_evidence"),
    path("settings/", correction_views.settings_page, name="settings"),
]
