"""Write functions of cases: each with the acting user first, the permission checked in it, one transaction, and
its ledger entry. A closed or archived case refuses every one of them. One module per stage of the process; this
package is their one entry point (``from zhifa.cases import actions``)."""

from zhifa.cases.actions.base import ARCHIVED_RULE, OPEN_COMPLAINT
from zhifa.cases.actions.complaints import answer_complaint, receive_complaint, set_document_code
from zhifa.cases.actions.decision import decide, propose_decision
from zhifa.cases.actions.dossier import set_dossier_settings
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
from zhifa.cases.actions.hearing import (
    agency_heads,
    end_hearing_unheld,
    record_collective_discussion,
    record_hearing,
    schedule_hearing,
)
from zhifa.cases.actions.investigation import (
    approve_preservation,
    decide_preservation,
    decide_recusal,
    make_record,
    record_rights_told,
    request_preservation,
    request_recusal,
)
from zhifa.cases.actions.levy import assess_levy, decide_levy, record_settlement, start_levy_case
from zhifa.cases.actions.notice import issue_notice, party_kind, record_service, record_statement
from zhifa.cases.actions.opening import register_case, sign_opinion
from zhifa.cases.actions.outcome import (
    decide_no_penalty,
    decision_deadline,
    extend_decision_deadline,
    record_transfer_receipt,
    transfer_case,
)
from zhifa.cases.actions.simple import (
    decide_onsite,
    file_with_agency,
    hand_over,
    record_simple_payment,
    show_credential,
    start_simple_case,
    tell_rights,
)
from zhifa.cases.actions.team import assign_officers, explain_no_av, link_evidence

__all__ = [
    "ARCHIVED_RULE",
    "OPEN_COMPLAINT",
    "agency_heads",
    "answer_complaint",
    "apply_payment_plan",
    "apply_to_court",
    "approve_preservation",
    "approved_plan",
    "assess_levy",
    "assign_officers",
    "decide",
    "decide_levy",
    "decide_no_penalty",
    "decide_onsite",
    "decide_payment_plan",
    "decide_preservation",
    "decide_recusal",
    "decision_deadline",
    "decision_of",
    "end_hearing_unheld",
    "end_remedy",
    "explain_no_av",
    "extend_decision_deadline",
    "file_with_agency",
    "fully_paid",
    "hand_over",
    "instalments_of",
    "issue_notice",
    "issue_urge",
    "link_evidence",
    "make_record",
    "move",
    "order_rectification",
    "overdue",
    "owed_on",
    "party_kind",
    "pay_instalment",
    "pending_remedy",
    "propose_decision",
    "receive_complaint",
    "record_collective_discussion",
    "record_court_ruling",
    "record_hearing",
    "record_payment",
    "record_recheck",
    "record_remedy",
    "record_rights_told",
    "record_service",
    "record_settlement",
    "record_simple_payment",
    "record_statement",
    "record_transfer_receipt",
    "register_case",
    "remedy_spans",
    "request_preservation",
    "request_recusal",
    "schedule_hearing",
    "set_document_code",
    "set_dossier_settings",
    "show_credential",
    "sign_opinion",
    "start_levy_case",
    "start_simple_case",
    "surcharge_on",
    "tell_rights",
    "transfer_case",
    "urge_served",
]
