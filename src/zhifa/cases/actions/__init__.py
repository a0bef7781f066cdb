"""Write functions of cases: each with the acting user first, the permission checked in it, one transaction, and
its ledger entry. A closed or archived case refuses every one of them. One module per stage of the process; this
package is their one entry point (``from zhifa.cases import actions``)."""

from zhifa.cases.actions.base import ARCHIVED_RULE, OPEN_COMPLAINT
from zhifa.cases.actions.complaints import answer_complaint, receive_complaint, set_document_code
from zhifa.cases.actions.decision import decide, propose_decision
from zhifa.cases.actions.engine import move
from zhifa.cases.actions.execution import decision_of, record_payment, surcharge_on
from zhifa.cases.actions.investigation import (
    approve_preservation,
    decide_preservation,
    decide_recusal,
    make_record,
    record_rights_told,
    request_preservation,
    request_recusal,
)
from zhifa.cases.actions.notice import issue_notice, party_kind, record_service, record_statement
from zhifa.cases.actions.opening import register_case, sign_opinion
from zhifa.cases.actions.team import assign_officers, explain_no_av, link_evidence

__all__ = [
    "ARCHIVED_RULE", "OPEN_COMPLAINT", "answer_complaint", "approve_preservation", "assign_officers", "decide",
    "decide_preservation", "decide_recusal", "decision_of", "explain_no_av", "issue_notice", "link_evidence",
    "make_record", "move", "party_kind", "propose_decision", "receive_complaint", "record_payment",
    "record_rights_told", "record_service", "record_statement", "register_case", "request_preservation",
    "request_recusal", "set_document_code", "sign_opinion", "surcharge_on",
]
