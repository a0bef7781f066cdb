from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "zhifa.obligations"
    label = "obligations"
    verbose_name = "期限与待办"
