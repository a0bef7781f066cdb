from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "zhifa.work"
    label = "work"
    verbose_name = "我的待办"
