from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhifa.review"
    label = "review"
    verbose_name = "法制审核"

    def ready(self) -> None:
        from zhifa.cases.views import PAGE_HOOKS
        from zhifa.review import guards  # noqa: F401  (registers the legal review's checks with the case engine)
        from zhifa.review.accountability import case_context
        from zhifa.review.case_views import after_context
        from zhifa.review.views import review_context

        PAGE_HOOKS.append(review_context)
        PAGE_HOOKS.append(case_context)  # REV-10: who submitted, reviewed and decided, from the ledger
        PAGE_HOOKS.append(after_context)

        from zhifa.review.questions import QuestionToAnswer
        from zhifa.work import registry

        registry.register(QuestionToAnswer())  # REV-06: a question to the handling unit awaiting its answer
