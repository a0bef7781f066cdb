"""Write functions of cases: each with the acting user first, the permission checked in it, one transaction, and
its ledger entry. A closed or archived case refuses every one of them. One module per stage of the process; this
package is their one entry point (``from zhifa.cases import actions``)."""

from zhifa.cases.actions.base import ARCHIVED_RULE, OPEN_COMPLAINT
from zhifa.cases.actions.complaints import answer_complaint, receive_complaint, set_document_code
from zhifa.cases.actions.decision import decide, propose_decision
from zhifa.cases.actions.enforcement import (
    apply_payment_plan,
    apply_to_court,
    decide_payment_plan,
    end_remedy,
    fully_paid,
    instalments_of,
    issue_urge,
    order_rectification,
    overdue,
    owed_on,
    pay_instalment,
    pending_remedy,
    record_court_ruling,
    record_recheck,
    record_remedy,
    urge_served,
)
from zhifa.cases.actions.engine import move
from zhifa.cases.actions.execution import approved_plan, decision_of, record_payment, remedy_spans, surcharge_on
from zhifa.cases.actions.notice import issue_notice, party_kind, record_service, record_statement
from zhifa.cases.actions.opening import register_case, sign_opinion
from zhifa.cases.actions.team import assign_officers, explain_no_av, link_evidence

__all__ = [
    "ARCHIVED_RULE", "OPEN_COMPLAINT", "answer_complaint", "apply_payment_plan", "apply_to_court", "approved_plan",
    "assign_officers", "decide", "decide_payment_plan", "decision_of", "end_remedy", "explain_no_av", "fully_paid",
    "instalments_of", "issue_notice", "issue_urge", "link_evidence", "move", "order_rectification", "overdue",
    "owed_on", "party_kind", "pay_instalment", "pending_remedy", "propose_decision", "receive_complaint",
    "record_court_ruling", "record_payment", "record_recheck", "record_remedy", "record_service",
    "record_statement", "register_case", "remedy_spans", "set_document_code", "sign_opinion", "surcharge_on",
    "urge_served",
]
