from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhifa.agencies"
    label = "agencies"
    verbose_name = "机构与人员"
