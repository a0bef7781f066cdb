"""技术处理 before publishing (PUB-08; 《行政处罚结果信息网上公示暂行办法》 and the courts' practice for published
judgments): first from what the case knows — the natural persons other than the punished party (witnesses,
agents, persons questioned) become 张某某, the party's numbers and a natural person's home address go — then by
pattern over the text: 身份证号 (checked by their check digit), mobile and landline numbers with or without
separators, bank accounts (Luhn), plate numbers, home addresses cut after the county.

A mark replaces every occurrence of one string; each is a suggestion a 公示审核员 accepts or rejects, and the
reviewer may add their own. Only accepted marks are applied. Marks are plain dicts (stored on the publication):
``{"text", "replacement", "reason", "origin": case|pattern|manual, "state": suggested|accepted|rejected}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhifa.cases.models import Case

Mark = dict[str, str]

ORIGINS = {"case": "案件信息", "pattern": "自动识别", "manual": "人工标记"}
STATES = {"suggested": "待确认", "accepted": "处理", "rejected": "不处理"}

# Two-character surnames, kept whole in 欧阳某某 (the common ones; a single-character surname is the default).
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "端木", "西门", "南宫", "独孤", "申屠", "澹台", "公羊", "太史", "闻人", "万俟", "呼延", "赫连", "钟离",
        "宗政", "濮阳", "淳于", "单于", "拓跋",
    ])

def masked_name(name: str) -> str:
    """张伟 → 张某某, 欧阳修文 → 欧阳某某 (the surname kept, the given name replaced)."""
    name = name.strip()
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return f"{surname}某某"


# ---------------------------------------------------------------- number checks

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_resident_id(number: str) -> bool:
    """A GB 11643 居民身份证号码: 17 digits and the ISO 7064 MOD 11-2 check character."""
    number = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    return _ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True)) % 11] == number[17]


def luhn(digits: str) -> bool:
    """The Luhn check a bank card number carries (ISO/IEC 7812)."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


# ---------------------------------------------------------------- patterns

_D = r"(?<![0-9A-Za-z])"  # not inside a longer number or code
_E = r"(?![0-9A-Za-z])"
ID_PATTERN = re.compile(_D + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _E)
MOBILE_PATTERN = re.compile(r"(?<![0-9])(?:(?:\+|＋)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])")
# A landline's or an account's digits are not read inside a code (a 统一社会信用代码 such as 11210300MB2345678X holds
# seven digits in a row, an account's length of them at its start): not after or before a Latin letter either.
LANDLINE_PATTERN = re.compile(_D + r"(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[- ])?[2-9]\d{6,7}(?:[-转]\d{1,5})?" + _E
                              + "|" + _D + r"0\d{2,3}[2-9]\d{6,7}" + _E)
BANK_PATTERN = re.compile(_D + r"\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7}" + _E)
PLATE_PATTERN = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•・ ]?"
                           r"(?=[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9]))(?=[A-Z]*\d)[A-HJ-NP-Z0-9]{5,6}")
ADDRESS_PATTERN = re.compile(r"(?:家庭住址|现住址|住址|现住|家住|户籍地址?|居住地|经常居住地)[：:为在是]?\s*"
                             r"([^\s，。；、,;（）()\n]{4,80})")
_COUNTY = re.compile(r"(?:[^省]{2,7}?(?:省|自治区))?(?:[^市州盟]{2,7}?(?:市|自治州|州|盟))?"
                     r"(?:[^县区旗市]{1,8}?(?:自治县|县|区|旗|市))?")


def never_public(text: str) -> str:
    """What ``text`` is when it is a number no reviewer may leave in a publication — a valid 身份证号码 or a 手机号码
    (《行政处罚结果信息网上公示暂行办法》: personal 证件号码 and contact details are not published) — or "" when it
    is not one; a rejected suggestion of these kinds is refused at publishing."""
    text = text.strip()
    if valid_resident_id(text):
        return "身份证号码"
    return "手机号码" if MOBILE_PATTERN.fullmatch(text) else ""


def county_part(address: str) -> str:
    """The address cut after its county: 辽宁省鞍山市铁东区胜利路12号 → 辽宁省鞍山市铁东区."""
    kept = _COUNTY.match(address)
    return kept.group(0) if kept else ""


def address_mark(address: str, reason: str, origin: str) -> Mark | None:
    kept = county_part(address)
    if not address or kept == address:
        return None
    return mark(address, kept + "（略）" if kept else "（住址略）", reason, origin)


def mark(text: str, replacement: str, reason: str, origin: str, state: str = "suggested") -> Mark:
    return {"text": text, "replacement": replacement, "reason": reason, "origin": origin, "state": state}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    replacement: str
    reason: str


def _hits(text: str) -> Iterator[Found]:
    for m in ID_PATTERN.finditer(text):
        if valid_resident_id(m.group(0)):
            yield Found(m.start(), m.end(), m.group(0), m.group(0)[:6] + "********" + m.group(0)[14:16] + "**",
                        "身份证号码")
    for m in MOBILE_PATTERN.finditer(text):
        yield Found(m.start(), m.end(), m.group(0), "1**********", "手机号码")
    for m in BANK_PATTERN.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 16 <= len(digits) <= 19 and luhn(digits):
            yield Found(m.start(), m.end(), m.group(0), f"{digits[:4]}****{digits[-4:]}", "银行账号")
    for m in LANDLINE_PATTERN.finditer(text):
        yield Found(m.start(), m.end(), m.group(0), "****", "固定电话号码")
    for m in PLATE_PATTERN.finditer(text):
        yield Found(m.start(), m.end(), m.group(0), m.group(0)[:2] + "*****", "机动车号牌")
    for m in ADDRESS_PATTERN.finditer(text):
        address = m.group(1)
        kept = county_part(address)
        if kept != address:
            yield Found(m.start(1), m.end(1), address, kept + "（略）" if kept else "（住址略）", "家庭住址")


def pattern_marks(texts: Iterable[str]) -> list[Mark]:
    """The patterns' suggestions over ``texts``: where two overlap the earlier (then the longer) wins, so a
    身份证号 is not read again as a bank account or a phone number."""
    out: dict[str, Mark] = {}
    for text in texts:
        taken: list[tuple[int, int]] = []
        for f in sorted(_hits(text), key=lambda f: (f.start, -(f.end - f.start))):
            if any(f.start < end and start < f.end for start, end in taken):
                continue
            taken.append((f.start, f.end))
            out.setdefault(f.text, mark(f.text, f.replacement, f.reason, "pattern"))
    return list(out.values())


# ---------------------------------------------------------------- what the case knows

_SEPARATORS = re.compile(r"[、，,；;/\s]+")


def _names(value: str) -> list[str]:
    return [n for n in _SEPARATORS.split(value or "") if 2 <= len(n) <= 6 and re.fullmatch(r"[\u4e00-\u9fff·]+", n)]


def case_marks(case: Case, *, mask_party: bool = False) -> list[Mark]:
    """The suggestions from the case's own rows: the punished parties' 证件号码 and phones, a natural person's
    home address cut after the county (and the party's name where ``mask_party``); the agents, witnesses and
    persons questioned who are not a party nor its representative become 张某某, their numbers removed."""
    from zhifa.cases.models import InvestigationRecord, Service
    from zhifa.parties.models import Agent, PartyKind

    out: list[Mark] = []
    parties = [link.party for link in case.party_links.select_related("party")]
    public_names = {p.name for p in parties} | {p.rep_name for p in parties if p.rep_name}
    public_names |= {o.person.name for o in case.officers.select_related("person")}
    for p in parties:
        person = p.kind == PartyKind.PERSON
        if person or p.kind == PartyKind.INDIVIDUAL:
            out.append(mark(p.id_number, "（证件号码略）", "当事人证件号码", "case"))
        for phone in (p.phone,):
            if phone:
                out.append(mark(phone, "****", "当事人联系电话", "case"))
        if p.rep_id_number:
            out.append(mark(p.rep_id_number, "（证件号码略）", "法定代表人证件号码", "case"))
        if person and p.address:
            found = address_mark(p.address, "当事人住址", "case")
            if found:
                out.append(found)
        if person and mask_party:
            out.append(mark(p.name, masked_name(p.name), "当事人姓名", "case"))
    others: dict[str, str] = {}
    for agent in Agent.objects.filter(party__in=parties):
        others.setdefault(agent.name, "委托代理人")
        if agent.id_number:
            out.append(mark(agent.id_number, "（证件号码略）", "委托代理人证件号码", "case"))
        if agent.phone:
            out.append(mark(agent.phone, "****", "委托代理人联系电话", "case"))
    for rec in InvestigationRecord.objects.filter(case=case):
        for name in _names(rec.persons) + _names(rec.present):
            others.setdefault(name, "被询问人或在场人")
        for name in _names(rec.witness):
            others.setdefault(name, "见证人")
        if rec.person_id_number:
            out.append(mark(rec.person_id_number, "（证件号码略）", "被询问人证件号码", "case"))
    for svc in Service.objects.filter(case=case):
        for name in _names(svc.witness) + _names(svc.recipient):
            others.setdefault(name, "见证人或签收人")
    out += [mark(name, masked_name(name), f"{role}姓名", "case") for name, role in others.items()
            if name not in public_names]
    return _unique(m for m in out if m["text"])


def _unique(marks: Iterable[Mark]) -> list[Mark]:
    """One mark per string (the first wins) and distinct 张某某s told apart as 张某甲, 张某乙 (the courts' usage)."""
    by_text: dict[str, Mark] = {}
    for m in marks:
        by_text.setdefault(m["text"], m)
    names: dict[str, list[Mark]] = {}
    for m in by_text.values():
        if m["replacement"].endswith("某某"):
            names.setdefault(m["replacement"], []).append(m)
    for same in names.values():
        if len(same) > 1:
            for m, tag in zip(same, "甲乙丙丁戊己庚辛壬癸", strict=False):
                m["replacement"] = m["replacement"][:-1] + tag
    return list(by_text.values())


def suggestions(case: Case | None, texts: Iterable[str], *, mask_party: bool = False) -> list[Mark]:
    """The case's marks first, then the patterns' over ``texts`` for what the case did not know."""
    texts = list(texts)
    known = case_marks(case, mask_party=mask_party) if case is not None else []
    return _unique([*known, *pattern_marks(texts)])


def present_in(marks: Iterable[Mark], texts: Iterable[str]) -> list[Mark]:
    """The marks whose string occurs in ``texts`` (a case knows more numbers than a decision prints)."""
    joined = "\n".join(texts)
    return [m for m in marks if m["text"] and m["text"] in joined]


# ---------------------------------------------------------------- applying

def apply(text: str, marks: Iterable[Mark]) -> str:
    """``text`` with every accepted mark's string replaced, the longest first (a whole address before a part
    of it), in one pass so a replacement is never replaced again."""
    table = {m["text"]: m["replacement"] for m in marks if m["state"] == "accepted" and m["text"]}
    if not table:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda m: table[m.group(0)], text)


def apply_fields(fields: dict[str, Any], marks: list[Mark]) -> dict[str, Any]:
    return {k: apply(v, marks) if isinstance(v, str) else v for k, v in fields.items()}


def diff(marks: Iterable[Mark], texts: Iterable[str]) -> list[dict[str, Any]]:
    """The redaction as the ledger keeps it: each decided mark's replacement, reason, origin, decision and how
    often it occurred, the original by its SM3 only (the ledger is never purged; personal data must not sit in
    it a second time)."""
    from zhifa.ledger.digest import sm3

    joined = "\n".join(texts)
    return [{"original_sm3": sm3(m["text"].encode()), "replacement": m["replacement"], "reason": m["reason"],
             "origin": m["origin"], "state": m["state"], "occurrences": joined.count(m["text"])} for m in marks]


def leftovers(text: str) -> list[str]:
    """The reasons of what the patterns still find in a text about to be published (the reviewer's rejections
    stay possible; the page shows these before publishing)."""
    return sorted({f.reason for f in _hits(text)})
