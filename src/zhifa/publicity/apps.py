"""行政执法公示: publications (redacted snapshots), their review, withdrawal, expiry and correction, the credit
platform export, and the public portal, which reads publication snapshots and published catalog pages only."""
from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhifa.publicity"
    label = "publicity"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        from zhifa.cases.actions.base import DECIDED_HOOKS, REVOKED_HOOKS
        from zhifa.core import sweeps
        from zhifa.publicity import actions, credit
        from zhifa.publicity.work import CorrectionToAnswer, PublicationToReview
        from zhifa.work import registry

        DECIDED_HOOKS.append(actions.on_decided)  # PUB-04: the draft in the decision's transaction
        REVOKED_HOOKS.append(actions.on_revoked)  # PUB-06: a 复议/诉讼 result revoking it starts the withdrawal
        sweeps.register("publicity_expiry", actions.expire_due)  # PUB-05: taken down when the period ends
        registry.register(PublicationToReview())
        sweeps.register("credit_push", credit.push)  # PUB-13: the outbox filled from the snapshots and sent
        registry.register(CorrectionToAnswer())  # PUB-07: an application to answer
