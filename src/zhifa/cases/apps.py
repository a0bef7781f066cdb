from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "执法案件"

    def ready(self) -> None:
        from zhifa.cases.work import CaseAwaitingApproval, CaseAwaitingUnitOpinion
        from zhifa.work import registry

        registry.register(CaseAwaitingUnitOpinion())
        registry.register(CaseAwaitingApproval())
