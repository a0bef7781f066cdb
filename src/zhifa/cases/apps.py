from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "执法案件"
