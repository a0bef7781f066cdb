from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "zhifa.records"
    label = "records"
    verbose_name = "证据与音像记录"

    def ready(self) -> None:
        from zhifa.core import sweeps
        from zhifa.ledger import bag
        from zhifa.ledger import verify as ledger_verify
        from zhifa.records.export import EvidenceFiles
        from zhifa.records.sweep import sweep
        from zhifa.records.verify import check_blobs, run_queued
        from zhifa.records.work import ViewRequestAnswered, ViewRequestToDecide
        from zhifa.work import registry

        registry.register(ViewRequestToDecide())
        registry.register(ViewRequestAnswered())

        sweeps.register("records", sweep)
        # Someone is watching the verification page for this: start within seconds, not at the next round.
        sweeps.register("records_verification", run_queued, every=3)
        if check_blobs not in ledger_verify.EXTRA_CHECKS:
            ledger_verify.EXTRA_CHECKS.append(check_blobs)
        if EvidenceFiles not in bag.EVIDENCE_SOURCES:
            bag.EVIDENCE_SOURCES.append(EvidenceFiles)
