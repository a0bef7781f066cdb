"""What the rest of the system asks the catalog, answered from the version in force on the day in question.

- ``version_in_force(agency, kind, on)`` — the published version of a list in force on a day (PUB-02);
- ``av_required(agency, item, stage, on)`` — whether a stage of an item is recorded in audio and video
  (REC-04, REC-18), and why;
- ``review_required(agency, proposed, on)`` — whether a proposed decision needs legal review before it is made
  (REV-01, REV-02), and which criteria matched;
- ``item_in_force(agency, code, on)`` — an item of the 行政执法事项清单 as published, for ``discretion_range``.

The answers never read a draft: what applies is what was published and in force that day.

Thresholds. The catalogues write “罚款10万元以上”; in Chinese law “以上、以下、以内、届满” include the number
itself and “不满、超过、以外” exclude it (民法典 第1259条, which the administrative laws follow). So a fine of
exactly 100,000 元 matches “10万元以上”; a criterion written with 超过 is entered with ``inclusive`` off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.agencies.models import ActionKind, Agency
from zhifa.catalog.models import ALL_ITEMS, AVStage, ListKind, ListVersion, Measure
from zhifa.catalog.snapshot import display

_CACHE: dict[str, dict[str, Any]] = {}
_CACHE_SIZE = 256


def version_in_force(agency: Agency, kind: str, on: dt.date) -> ListVersion | None:
    """The version of ``agency``'s list of ``kind`` in force on ``on``: the latest to take effect by then."""
    return (ListVersion.objects.filter(list__agency=agency, list__kind=kind, effective_from__lte=on)
            .order_by("-effective_from", "-number").first())


def content_of(version: ListVersion) -> dict[str, Any]:
    """A version's parsed content, kept per process by its digest (the digest fixes the content)."""
    data = _CACHE.get(version.digest)
    if data is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        data = _CACHE[version.digest] = version.data
    return data


def _label(version: ListVersion | None) -> str:
    return f"第{version.number}版" if version else ""


# ---------------------------------------------------------------- audio-video (REC-04, REC-18)

# Stages the recording rules make audio-visual whatever a list says (REC-04; 鞍山市自然资源局行政执法全过程记录
# 实施办法 第十四、十五、十九、二十一条): an omission from the list cannot switch them off.
MANDATORY_STAGES: dict[str, str] = {
    AVStage.ONSITE: "现场检查（勘验）应当同时进行音像记录（《行政执法全过程记录办法》第十四条）",
    AVStage.SAMPLING: "抽样取证应当同时进行音像记录（《行政执法全过程记录办法》第十四条）",
    AVStage.HEARING: "听证应当同时进行音像记录（《行政执法全过程记录办法》第十四条）",
    AVStage.SEIZURE: "查封、扣押等行政强制措施应当同时进行音像记录（《行政执法全过程记录办法》第十五条）",
    AVStage.SERVICE_LEFT: "留置送达应当以音像记录等方式记录送达过程（《行政执法全过程记录办法》第十九条）",
    AVStage.SERVICE_PUBLIC: "公告送达应当以适当方式进行音像记录（《行政执法全过程记录办法》第二十一条）",
}


def av_required_in(content: dict[str, Any] | None, item_code: str, stage: str) -> tuple[bool, list[str]]:
    """The pure rule over a list's content (None: no list in force)."""
    if stage not in AVStage.values:
        raise ValueError(f"未知的执法环节：{stage}")
    label = AVStage(stage).label
    reasons: list[str] = []
    if stage in MANDATORY_STAGES:
        reasons.append(MANDATORY_STAGES[stage])
    for entry in (content or {}).get("entries", []):
        if entry["key"] not in (item_code, ALL_ITEMS):
            continue
        scope = "本机关全部执法事项" if entry["key"] == ALL_ITEMS else f"“{entry.get('item_name', item_code)}”"
        if entry.get("full_process"):
            reasons.append(f"音像记录事项清单：{scope}实行全过程音像记录")
        elif stage in entry.get("stages", []):
            reasons.append(f"音像记录事项清单：{scope}的“{label}”环节须音像记录")
    return bool(reasons), reasons


def av_required(agency: Agency, item: Any, stage: str, on: dt.date) -> tuple[bool, list[str]]:
    """Whether ``stage`` of ``item`` (its code, or anything with a ``code``) needs audio-video on ``on``."""
    code = item if isinstance(item, str) else item.code
    version = version_in_force(agency, ListKind.AV, on)
    required, reasons = av_required_in(content_of(version) if version else None, code, stage)
    if version is not None:
        reasons = [r.replace("音像记录事项清单：", f"音像记录事项清单{_label(version)}：") for r in reasons]
    return required, reasons


# ---------------------------------------------------------------- legal review (REV-01, REV-02)


@dataclass(frozen=True)
class ProposedDecision:
    """What the review catalogue looks at in a decision about to be made."""

    action_kind: str
    domain: str | None = None             # a Domain code
    item_code: str = ""
    simple_procedure: bool = False        # 简易程序 (当场处罚, 行政处罚法 第51条)
    fine: Decimal | None = None           # 罚款, 元
    confiscated: Decimal | None = None    # value of illegal gains and property confiscated, 元
    measures: frozenset[str] = frozenset()
    after_hearing: bool = False
    several_legal_relations: bool = False
    public_interest: bool = False
    major_rights: bool = False


@dataclass(frozen=True)
class ReviewAnswer:
    required: bool
    matched: list[str]
    manual: list[str] = field(default_factory=list)   # criteria a reviewer applies by hand
    version: int | None = None
    digest: str = ""


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}".removesuffix(".00")


def criterion_matches(entry: dict[str, Any], proposed: ProposedDecision) -> tuple[bool, list[str]]:
    """Whether every condition the criterion sets holds for the decision; the facts that made it so."""
    facts: list[str] = []
    kinds = entry.get("action_kinds") or []
    if kinds:
        if proposed.action_kind not in kinds:
            return False, []
        facts.append(ActionKind(proposed.action_kind).label)
    domains = entry.get("domains") or []
    if domains:
        if proposed.domain not in domains:
            return False, []
        facts.append(f"执法领域：{display('domain', proposed.domain)}")
    inclusive = entry.get("inclusive", True)
    for key, value, label in (("min_fine", proposed.fine, "罚款"), ("min_confiscated", proposed.confiscated,
                                                                     "没收违法所得、非法财物价值")):
        if entry.get(key) is None:
            continue
        limit = Decimal(entry[key])
        if value is None or not (value >= limit if inclusive else value > limit):
            return False, []
        facts.append(f"{label}{_yuan(value)}元{'≥' if inclusive else '>'}{_yuan(limit)}元"
                     f"（{'以上，含本数' if inclusive else '超过，不含本数'}）")
    measures = entry.get("measures") or []
    if measures:
        hit = [m for m in measures if m in proposed.measures]
        if not hit:
            return False, []
        facts.append("、".join(Measure(m).label for m in hit))
    for flag, label in (("after_hearing", "经过听证程序"), ("several_legal_relations", "涉及多个法律关系"),
                        ("public_interest", "涉及重大公共利益"), ("major_rights", "直接关系重大权益")):
        if entry.get(flag):
            if not getattr(proposed, flag):
                return False, []
            facts.append(label)
    return bool(facts), facts


# 行政处罚法 第58条: reviewed whatever the catalogue says (its 第四项, “法律、法规规定的其他情形”, is the catalogue).
def _statutory(proposed: ProposedDecision) -> list[str]:
    if proposed.action_kind != ActionKind.PUNISHMENT:
        return []
    found = []
    if proposed.public_interest:
        found.append("行政处罚法第58条第一项：涉及重大公共利益")
    if proposed.major_rights and proposed.after_hearing:
        found.append("行政处罚法第58条第二项：直接关系当事人或者第三人重大权益，经过听证程序")
    if proposed.several_legal_relations:
        found.append("行政处罚法第58条第三项：案件情况疑难复杂、涉及多个法律关系")
    return found


def review_required_in(content: dict[str, Any] | None, proposed: ProposedDecision) -> ReviewAnswer:
    """The pure rule over a review catalogue's content (None: no catalogue in force)."""
    if proposed.action_kind not in ActionKind.values:
        raise ValueError(f"未知的行为类别：{proposed.action_kind}")
    unknown = set(proposed.measures) - set(Measure.values)
    if unknown:
        raise ValueError(f"未知的处理措施：{'、'.join(sorted(unknown))}")
    matched = _statutory(proposed)
    manual: list[str] = []
    if content is not None:
        if content.get("settings", {}).get("review_all_non_simple") and not proposed.simple_procedure:
            matched.append("本机关对简易程序以外的执法决定一律进行法制审核")
        for entry in content["entries"]:
            if entry.get("manual"):
                manual.append(f"{entry['code']} {entry['name']}")
                continue
            ok, facts = criterion_matches(entry, proposed)
            if ok:
                matched.append(f"{entry['code']} {entry['name']}（{'；'.join(facts)}）")
    return ReviewAnswer(required=bool(matched), matched=matched, manual=manual)


def review_required(agency: Agency, proposed: ProposedDecision, on: dt.date) -> ReviewAnswer:
    """Whether ``proposed`` needs legal review under ``agency``'s catalogue in force on ``on`` (REV-02)."""
    version = version_in_force(agency, ListKind.REVIEW, on)
    answer = review_required_in(content_of(version) if version else None, proposed)
    if version is None:
        return answer
    return ReviewAnswer(required=answer.required, matched=answer.matched, manual=answer.manual,
                        version=version.number, digest=version.digest)


# ---------------------------------------------------------------- items as published


def item_in_force(agency: Agency, code: str, on: dt.date) -> dict[str, Any] | None:
    """The entry of the 行政执法事项清单 in force on ``on`` with this code (with its discretion standard)."""
    version = version_in_force(agency, ListKind.ITEMS, on)
    if version is None:
        return None
    return next((e for e in content_of(version)["entries"] if e["key"] == code), None)


def random_item_in_force(agency: Agency, code: str, on: dt.date) -> dict[str, Any] | None:
    """The entry of the 随机抽查事项清单 in force on ``on`` with this code (RND-01)."""
    version = version_in_force(agency, ListKind.RANDOM, on)
    if version is None:
        return None
    return next((e for e in content_of(version)["entries"] if e["key"] == code), None)
