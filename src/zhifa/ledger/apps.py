from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhifa.ledger"
    label = "ledger"
    verbose_name = "记录台账"

    def ready(self) -> None:
        from zhifa.core import sweeps
        from zhifa.ledger import checkpoint

        sweeps.register("ledger_checkpoints", checkpoint.sweep)
