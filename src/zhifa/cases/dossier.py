"""The 案卷 of a case (REC-09, REC-15): what goes in it, in what order, and the one PDF it is kept as.

Order, as a 行政处罚案卷 is bound (卷宗封面 and 卷内目录 after GB/T 9705 and DA/T 22):

    卷宗封面    agency, case number, 案由, party, the decision, the dates of 立案 / 结案 / 归档, 保管期限, handlers
    卷内目录    one numbered line per item: 文号, 题名, 日期, 页号 (first–last), 备注 (a voided document says so)
    the case's issued documents in the order they were issued (their own PDFs, as kept in the blob store)
    证据清单    every piece of evidence linked to the case, with its stage, time, officers and SM3
    音像记录清单 every audio-video item (REC-15): stage, time, officers, duration if known, digest

Pages are numbered from the first document; the cover and the catalogue carry no number (档案装订 practice).
Each numbered page is stamped at its top right, so the catalogue's 页号 can be checked on paper.

The cover, the catalogue and the two lists are laid out with fpdf2 in the Noto Serif SC the documents already
embed; the documents' PDFs are appended unchanged but for the page number stamp, with pypdf (fpdf2 writes PDFs
and cannot read one). Pure reads of the case and the blob store: the write (the dossier's blob, its row and the
ledger entry) is ``actions.dossier.file_dossier``, in the archive's transaction.

Reading the 案卷 is recorded like a document download: ``open_pdf`` and ``export_bag`` append their entry.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace
from pypdf import PdfReader, PdfWriter

from zhifa.agencies.permissions import require
from zhifa.cases.models import Case, CaseDossier, CaseSettings, CaseState, DossierRetention
from zhifa.catalog.models import AVStage
from zhifa.core.errors import RuleViolation
from zhifa.documents.access import documents_about
from zhifa.documents.fonts import full_path
from zhifa.documents.models import IssuedDocument
from zhifa.documents.pdf import CJK
from zhifa.ledger import chain as ledger
from zhifa.ledger.bag import ExportError, export_bag
from zhifa.records import blobs
from zhifa.records.access import evidence_for
from zhifa.records.export import WHAT, EvidenceFiles
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RULE = "REC-09 案卷归档"  # = actions.ARCHIVED_RULE (registered in core/labels.py)
BODY = "body"
# Documents a case is decided by: the cover names the last one that stands.
DECISION_TEMPLATES = ("penalty_decision", "no_penalty_decision", "onsite_decision", "case_transfer")


# ---------------------------------------------------------------- what the 案卷 holds


@dataclass(frozen=True)
class Item:
    """One line of the 卷内目录."""

    n: int
    title: str
    number: str
    date: str          # ISO date
    first_page: int
    last_page: int
    note: str = ""

    @property
    def pages(self) -> str:
        return str(self.first_page) if self.first_page == self.last_page else f"{self.first_page}–{self.last_page}"


@dataclass(frozen=True)
class Cover:
    """The 卷宗封面, as printed."""

    agency: str
    unit: str
    number: str
    title: str
    parties: str
    decision: str
    opened_on: str
    closed_on: str
    archived_on: str
    retention: str
    handlers: str
    pages: int = 0

    def rows(self) -> list[tuple[str, str]]:
        return [("案号", self.number), ("案由", self.title), ("当事人", self.parties), ("处理结果", self.decision),
                ("立案日期", self.opened_on), ("结案日期", self.closed_on), ("归档日期", self.archived_on),
                ("保管期限", self.retention), ("承办机构", self.unit), ("承办人", self.handlers),
                ("本卷页数", f"共 {self.pages} 页")]


@dataclass(frozen=True)
class EvidenceRow:
    n: int
    name: str
    kind: str
    stage: str
    received_at: str
    officers: str
    sm3: str
    av: bool
    av_stage: str = ""
    captured: str = ""
    camera_operator: str = ""
    duration: str = ""
    device: str = ""
    place: str = ""
    interruption: str = ""


@dataclass
class Contents:
    cover: Cover
    items: list[Item]
    evidence: list[EvidenceRow]
    av: list[EvidenceRow] = field(default_factory=list)


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def _span(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """A recording's time: 2026-03-02 09:00至09:30 (the date once when it ends the same day)."""
    if start is None:
        return "—"
    if end is None:
        return f"{_local(start)}起"
    same_day = timezone.localdate(start) == timezone.localdate(end)
    return f"{_local(start)}至{timezone.localtime(end):%H:%M}" if same_day else f"{_local(start)}至{_local(end)}"


def duration_label(seconds: Decimal | None) -> str:
    """A recording's length as 时分秒; unknown is “—”."""
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours}时" if hours else "") + f"{minutes:02d}分{secs:02d}秒"


def closed_on(case: Case) -> dt.date | None:
    """The day the case was closed (entered 结案, or for a process without one, its last stage before 归档)."""
    if case.state == CaseState.ARCHIVED:
        dossier = CaseDossier.objects.filter(case=case).only("closed_on").first()
        return dossier.closed_on if dossier else None
    if case.state == CaseState.CLOSED:
        return timezone.localdate(case.stage_since)
    return None


def decision_of(case: Case, documents: Sequence[IssuedDocument] | None = None) -> tuple[IssuedDocument | None, str]:
    """The document the case was decided by (the last of its kind not voided) and what it decided, in words."""
    docs = list(documents) if documents is not None else list(documents_about(case))
    live = [d for d in docs if d.template in DECISION_TEMPLATES and d.voided_at is None]
    if not live:
        return None, ""
    doc = live[-1]
    v = doc.values
    if doc.template == "onsite_decision":
        result = str(v.get("处罚种类", "")) + (f"{v['罚款数额']}元" if v.get("罚款数额") else "")
    elif doc.template == "no_penalty_decision":
        result = f"不予行政处罚：{v.get('不予处罚理由', '')}"
    elif doc.template == "case_transfer":
        result = "移送"
    else:
        result = str(v.get("处罚内容", ""))
    return doc, result or doc.title


def handlers_of(case: Case) -> str:
    on = case.opened_on or timezone.localdate()
    names = []
    for a in case.assignments.select_related("officer__person").prefetch_related("officer__credentials"):
        credential = a.officer.current_credential(on)
        names.append(f"{a.officer.person.name}（{credential.number}）" if credential else a.officer.person.name)
    return "、".join(names) or "—"


def evidence_rows(case: Case) -> list[EvidenceRow]:
    """The case's evidence in the order it was linked, the audio-video items with their 摄录情况 (REC-15)."""
    stages = {s.code: s.label for s in case.definition.stages}
    links = (case.evidence_links.select_related("evidence__blob", "evidence__camera_operator__person")
             .prefetch_related("evidence__officers__person").order_by("linked_at", "pk"))
    rows = []
    for n, link in enumerate(links, 1):
        ev: Evidence = link.evidence
        rows.append(EvidenceRow(
            n=n, name=ev.title or ev.original_name, kind=ev.get_kind_display(),
            stage=stages.get(link.stage, link.stage) + (f"·{AVStage(link.av_stage).label}"
                                                        if link.av_stage in AVStage.values else ""),
            received_at=_local(ev.received_at), officers="、".join(o.person.name for o in ev.officers.all()) or "—",
            sm3=ev.blob.sm3, av=ev.is_av, av_stage=AVStage(link.av_stage).label if link.av_stage in AVStage.values
            else "", captured=_span(ev.capture_start, ev.capture_end),
            camera_operator=ev.camera_operator.person.name if ev.camera_operator else "—",
            duration=duration_label(ev.duration), device=ev.device or "—", place=ev.place or "—",
            interruption=ev.interruption))
    return rows


def cover_of(case: Case, documents: Sequence[IssuedDocument], *, closed: dt.date | None,
             archived: dt.date | None, retention: str) -> Cover:
    doc, result = decision_of(case, documents)
    parties = [link.party for link in case.party_links.select_related("party")]
    return Cover(
        agency=case.agency.name, unit=case.unit.name, number=case.number or "—", title=case.title,
        parties="、".join(p.name for p in parties) or "—",
        decision=f"{result}（《{doc.title}》{doc.number}）" if doc is not None else "—",
        opened_on=cn_date(case.opened_on), closed_on=cn_date(closed),
        archived_on=cn_date(archived) if archived else "（待归档）", retention=retention,
        handlers=handlers_of(case))


# ---------------------------------------------------------------- the PDF


def _pdf(title: str, created: dt.datetime | None) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(left=28, top=30, right=26)
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.add_font(BODY, fname=full_path())  # the dossier's text is not known before it is laid out
    for font in pdf.fonts.values():
        font.ttfont.recalcBBoxes = False  # type: ignore[union-attr]  # as documents.pdf: subsetting stays fast
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    pdf.set_creator("zhifa")
    if created is not None:
        pdf.set_creation_date(created)
    return pdf


HEAD = FontFace(fill_color=(235, 235, 235))
SMALL = FontFace(size_pt=8)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(BODY, size=18)
    pdf.multi_cell(pdf.epw, 12, text, align=Align.C, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(BODY, size=10)


def _lists(pdf: FPDF, rows: list[EvidenceRow]) -> tuple[int, int]:
    """证据清单 then 音像记录清单, each from a new page; returns each list's page count."""
    first = pdf.page_no() + 1
    pdf.add_page()
    _heading(pdf, "证据清单")
    with pdf.table(wrapmode=CJK, col_widths=(10, 44, 16, 26, 28, 32), text_align="LEFT", line_height=5.5, padding=1.2,
                   headings_style=HEAD) as table:
        head = table.row()
        for text in ("序号", "证据名称", "类别", "收集环节", "移交时间", "执法人员"):
            head.cell(text)
        for r in rows:
            row = table.row()
            for text in (str(r.n), r.name, r.kind, r.stage, r.received_at, r.officers):
                row.cell(text)
            table.row().cell(f"SM3：{r.sm3}", colspan=6, style=SMALL)
        if not rows:
            table.row().cell("本案未登记证据", colspan=6)
    evidence_pages = pdf.page_no() - first + 1

    pdf.add_page()
    _heading(pdf, "音像记录清单")
    av = [r for r in rows if r.av]
    with pdf.table(wrapmode=CJK, col_widths=(10, 30, 40, 36, 20, 20), text_align="LEFT", line_height=5.5, padding=1.2,
                   headings_style=HEAD) as table:
        head = table.row()
        for text in ("序号", "环节", "摄录时间", "执法人员、摄录人", "时长", "设备"):
            head.cell(text)
        for n, r in enumerate(av, 1):
            row = table.row()
            for text in (str(n), f"{r.stage}（{r.kind}）", r.captured, f"{r.officers}；摄录：{r.camera_operator}",
                         r.duration, r.device):
                row.cell(text)
            note = f"地点：{r.place}；SM3：{r.sm3}" + (f"；中断说明：{r.interruption}" if r.interruption else "")
            table.row().cell(note, colspan=6, style=SMALL)
        if not av:
            table.row().cell("本案无音像记录", colspan=6)
    return evidence_pages, pdf.page_no() - first + 1 - evidence_pages


def _front(pdf: FPDF, cover: Cover, items: list[Item]) -> None:
    """The cover, then the catalogue."""
    pdf.add_page()
    pdf.set_font(BODY, size=16)
    pdf.ln(6)
    pdf.multi_cell(pdf.epw, 10, cover.agency, align=Align.C, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(BODY, size=26)
    pdf.ln(4)
    pdf.multi_cell(pdf.epw, 16, "行政执法案卷", align=Align.C, wrapmode=CJK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.set_font(BODY, size=12)
    with pdf.table(wrapmode=CJK, col_widths=(32, pdf.epw - 32), first_row_as_headings=False, text_align="LEFT",
                   line_height=7, padding=2) as table:
        for label, text in cover.rows():
            row = table.row()
            row.cell(label)
            row.cell(text)

    pdf.add_page()
    _heading(pdf, "卷内目录")
    with pdf.table(wrapmode=CJK, col_widths=(10, 58, 38, 22, 12, 16), text_align="LEFT", line_height=6, padding=1.2,
                   headings_style=HEAD) as table:
        head = table.row()
        for text in ("序号", "文号", "题名", "日期", "页号", "备注"):
            head.cell(text)
        for item in items:
            row = table.row()
            for text in (str(item.n), item.number, item.title, item.date, item.pages, item.note):
                row.cell(text)


def _stamps(pdf: FPDF, count: int) -> None:
    """One page per numbered page of the 案卷, blank but for its number at the top right."""
    pdf.set_auto_page_break(auto=False)
    pdf.set_font(BODY, size=10)
    for n in range(1, count + 1):
        pdf.add_page()
        pdf.set_xy(150, 10)
        pdf.cell(w=40, h=6, text=str(n), align=Align.R)


def _read_pdf(doc: IssuedDocument) -> bytes:
    try:
        with blobs.open_blob(doc.pdf.sm3) as f:
            return f.read()
    except OSError:
        raise RuleViolation(f"《{doc.title}》{doc.number}的 PDF 在文件库中缺失，无法立卷：请先进行完整性校验",
                            rule="REC-12") from None


def build(case: Case, *, closed: dt.date | None, archived: dt.date | None, retention: str,
          created: dt.datetime | None = None) -> tuple[Contents, bytes]:
    """The 案卷 of ``case`` and its one PDF: cover, catalogue, documents, evidence list, AV list.

    The pages of our own (lists, cover and catalogue, page-number stamps) are laid out in one fpdf2 document,
    in that order because the catalogue needs the lists' length, and written once (the font is subset once);
    pypdf then puts them in their places around the documents and stamps the numbered pages."""
    documents = list(documents_about(case))
    pdfs = [PdfReader(io.BytesIO(_read_pdf(d))) for d in documents]
    rows = evidence_rows(case)
    pdf = _pdf(f"{case.number or case.title} 案卷", created)
    evidence_pages, av_pages = _lists(pdf, rows)
    items: list[Item] = []
    page = 1
    for doc, reader in zip(documents, pdfs, strict=True):
        note = f"已作废：{doc.void_reason}" if doc.voided_at else ""
        items.append(Item(len(items) + 1, doc.title, doc.number or "—", f"{timezone.localdate(doc.issued_at)}",
                          page, page + len(reader.pages) - 1, note))
        page += len(reader.pages)
    listed_on = f"{archived or timezone.localdate()}"
    for title, count in (("证据清单", evidence_pages), ("音像记录清单", av_pages)):
        items.append(Item(len(items) + 1, title, "—", listed_on, page, page + count - 1))
        page += count
    total = page - 1
    cover = Cover(**{**asdict(cover_of(case, documents, closed=closed, archived=archived, retention=retention)),
                     "pages": total})
    lists = evidence_pages + av_pages
    _front(pdf, cover, items)
    front = pdf.page_no() - lists
    _stamps(pdf, total)
    own = PdfReader(io.BytesIO(bytes(pdf.output())))

    writer = PdfWriter()
    for n in range(lists, lists + front):
        writer.add_page(own.pages[n])
    for reader in pdfs:
        for p in reader.pages:
            writer.add_page(p)
    for n in range(lists):
        writer.add_page(own.pages[n])
    for n in range(total):
        writer.pages[front + n].merge_page(own.pages[lists + front + n])
    writer.add_metadata({"/Title": f"{case.number or case.title} 案卷", "/Creator": "zhifa"})
    out = io.BytesIO()
    writer.write(out)
    return Contents(cover, items, rows, [r for r in rows if r.av]), out.getvalue()


def retention_label(agency: Any) -> str:
    return DossierRetention(CaseSettings.of(agency).dossier_retention).label


def contents_of(case: Case) -> Contents | None:
    """For the 案卷 page: the archived 案卷 as it was bound, or a closed case's as it would be bound today;
    None while the case is still being handled."""
    if case.state == CaseState.ARCHIVED:
        dossier = CaseDossier.objects.filter(case=case).first()
        if dossier is None:
            return None
        items = [Item(**item) for item in dossier.catalogue]
        rows = evidence_rows(case)
        return Contents(Cover(**dossier.cover), items, rows, [r for r in rows if r.av])
    if case.state == CaseState.CLOSED:
        contents, _ = build(case, closed=closed_on(case), archived=None, retention=retention_label(case.agency))
        return contents
    return None


# ---------------------------------------------------------------- reading it, recorded


def open_pdf(*, actor: User, case: Case) -> tuple[bytes, str]:
    """The 案卷 PDF for ``actor`` (the archived one as stored, or a closed case's draft as it would be bound),
    with a ``case.dossier_downloaded`` entry (REC-13); returns the bytes and a file name."""
    require(actor, "case.view", case.unit)
    name = f"{case.number or case.pk}-案卷.pdf"
    if case.state == CaseState.ARCHIVED:
        dossier = CaseDossier.objects.select_related("pdf").get(case=case)
        try:
            with blobs.open_blob(dossier.pdf.sm3) as f:
                data = f.read()
        except OSError:
            raise RuleViolation("案卷 PDF 在文件库中缺失：请先进行完整性校验", rule="REC-12") from None
        digest, evidence = dossier.pdf.sm3, [dossier.pdf.sm3]
    elif case.state == CaseState.CLOSED:
        _contents, data = build(case, closed=closed_on(case), archived=None, retention=retention_label(case.agency))
        digest, evidence = _sm3(data), []  # a draft, not kept: its digest is noted, no file is named
        name = f"{case.number or case.pk}-案卷（待归档）.pdf"
    else:
        raise RuleViolation("案件尚未结案，没有案卷", rule=RULE)
    with transaction.atomic():
        ledger.append(actor=actor, agency=case.agency, kind="case.dossier_downloaded", subject=case,
                      payload={"case": case.pk, "state": case.state, "sm3": digest, "bytes": len(data)},
                      evidence=evidence)
    return data, name


def _sm3(data: bytes) -> str:
    hasher = blobs.Hasher()
    hasher.update(data)
    return hasher.digests().sm3


class DossierFiles(EvidenceFiles):
    """The archived case's bag (records' BagIt export, REC-12/13): the entries about the case, its documents and
    its evidence in ``actor``'s reach; the evidence files, the documents' DOCX and PDF and the 案卷 PDF."""

    def __init__(self, *, actor: User, reason: str, case: Case) -> None:
        super().__init__(actor=actor, reason=reason, agency=case.agency)
        self.case = case
        self.what = f"{WHAT}（案卷 {case.number}）"
        dossier = CaseDossier.objects.select_related("pdf").get(case=case)
        documents = list(documents_about(case).select_related("docx", "pdf"))
        self.evidence = list(evidence_for(actor).filter(pk__in=case.evidence_links.values("evidence_id"))
                             .select_related("blob", "unit__level").order_by("pk"))
        # the objects whose entries make up the bag (records' own case export has only evidence here)
        self.subjects = cast("list[Evidence]", [case, *documents, *self.evidence])
        self.case_files = {dossier.pdf.sm3} | {d.docx.sm3 for d in documents} | {d.pdf.sm3 for d in documents}

    def _exported(self, digests: list[str]) -> list[Evidence]:
        return self.evidence

    def record_export(self, digests: list[str]) -> None:
        if not self.reason:
            raise RuleViolation("导出案卷须写明事由", rule="REC-13", field="reason")
        super().record_export(digests)
        lost = sorted(d for d in self.case_files if not blobs.exists(d))
        if lost:
            raise ExportError(f"案卷文件 {'、'.join(lost)} 在文件库中缺失：请先运行 zhifa verify")
        with transaction.atomic():
            ledger.append(actor=self.actor, agency=self.case.agency, kind="case.dossier_exported", subject=self.case,
                          payload={"case": self.case.pk, "reason": self.reason[:300], "what": self.what},
                          evidence=sorted(self.case_files))
        self.recorded |= self.case_files


def export_bag_to(*, actor: User, case: Case, reason: str, out_dir: Path) -> None:
    """Write the archived case's BagIt bag to ``out_dir`` (records' export, the 案卷 PDF in it)."""
    require(actor, "case.view", case.unit)
    if case.state != CaseState.ARCHIVED:
        raise RuleViolation("案件归档后方可导出案卷", rule=RULE)
    source = DossierFiles(actor=actor, reason=reason, case=case)
    export_bag(agency=source.agency, out_dir=out_dir, subjects=source.subjects, evidence=source,
               label=f"案卷 {case.number}")


def temporary_bag(*, actor: User, case: Case, reason: str) -> tuple[Path, Path]:
    """The bag built in a temporary directory beside the upload files: (its folder, the directory to remove)."""
    from zhifa.records.export_views import bag_name

    tmp = Path(tempfile.mkdtemp(dir=blobs.temp_dir(), prefix="bag-"))
    out = tmp / bag_name(case.number or str(case.pk))
    try:
        export_bag_to(actor=actor, case=case, reason=reason, out_dir=out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out, tmp
