from django.urls import path

from zhifa.ledger import public_views

app_name = "ledger"

urlpatterns = [
    path("<int:chain>/checkpoints/", public_views.checkpoints_page, name="public_checkpoints"),
    path("<int:chain>/checkpoints.json", public_views.checkpoints_feed, name="public_checkpoints_feed"),
]
