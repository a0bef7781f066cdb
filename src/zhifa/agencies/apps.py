from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhifa.agencies"
    label = "agencies"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from zhifa.agencies import throttle, witness
        from zhifa.core import sweeps
        from zhifa.ledger import witness as ledger_witness

        ledger_witness.directory = witness.AgencyDirectory()

        sweeps.register("login_failures", lambda now: {"pruned": throttle.prune()})
