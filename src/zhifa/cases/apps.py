from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "执法案件"

    def ready(self) -> None:
        from zhifa.cases.access import party_ids_of_cases
        from zhifa.cases.work import CaseAwaitingApproval, CaseAwaitingUnitOpinion, MeasureAwaitingApproval
        from zhifa.parties.access import register_scope
        from zhifa.work import registry

        registry.register(CaseAwaitingUnitOpinion())
        registry.register(CaseAwaitingApproval())
        registry.register(MeasureAwaitingApproval())
        # an agency sees the parties of its cases
        register_scope(party_ids_of_cases)
