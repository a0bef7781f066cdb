from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhifa.agencies"
    label = "agencies"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from dataclasses import asdict

        from django.urls import reverse

        from zhifa.agencies import excel, imports, throttle, witness
        from zhifa.core import sweeps
        from zhifa.ledger import witness as ledger_witness

        ledger_witness.directory = witness.AgencyDirectory()

        sweeps.register("login_failures", lambda now: {"pruned": throttle.prune()})
        # Someone is watching the import's page: start within seconds, not at the next round.
        sweeps.register("imports", imports.run_queued, every=3)
        imports.register(imports.Kind(
            code="officers", label="执法人员", permission="officer.manage",
            run=lambda actor, agency, data, progress: asdict(
                excel.import_officers(actor=actor, data=data, progress=progress)),
            summary=lambda c: (f"新登记执法人员{c['officers_created']}名，为已登记的执法人员增加执法证的"
                               f"{c['officers_reused']}行，共录入执法证{c['credentials_created']}张。"),
            back=lambda run: reverse("officer_list")))
