"""Export a case's records as a BagIt bag, zipped, from the evidence list (REC-12, REC-13).

The bag is built in a temporary directory beside the upload files and zipped as it is sent: a zip written
without seeking (data descriptors after each file) needs only the piece in hand, so memory stays flat
whatever the size of the footage. The directory goes when the response is closed, sent or abandoned.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhifa.agencies.permissions import require
from zhifa.core import fields
from zhifa.core.errors import RuleViolation
from zhifa.core.forms import add_violation
from zhifa.ledger.bag import EVIDENCE_DIR, VERIFY_FIRST, ExportError, export_bag
from zhifa.records import blobs
from zhifa.records.export import EvidenceFiles, case_agencies

CHUNK = 1 << 20
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class CaseExportForm(fields.Form):
    case = fields.CharField(label="案件编号", max_length=60, widget=forms.HiddenInput)
    agency = fields.IntegerField(label="执法主体", required=False)
    reason = fields.CharField(label="导出事由", max_length=300, help_text="记入台账",
                              error_messages={"required": "导出证据须写明事由"})


def bag_name(case_number: str) -> str:
    """A file name from a case number: path separators and characters file systems refuse become “_”."""
    return (UNSAFE.sub("_", case_number).strip(" ._") or "case") + "-bag"


class _Sink(io.RawIOBase):
    """Where zipfile writes; what it wrote is taken out piece by piece. Not seekable, so zipfile streams."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def zip_stream(root: Path, folder: str, cleanup: Path) -> Iterator[bytes]:
    """The files under ``root`` as a zip whose entries lie in ``folder``/; removes ``cleanup`` at the end."""
    sink = _Sink()
    try:
        with zipfile.ZipFile(sink, "w", allowZip64=True) as zf:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root).as_posix()
                info = zipfile.ZipInfo.from_file(path, f"{folder}/{relative}")
                # Footage and photos are compressed already; the ledger's text shrinks well.
                info.compress_type = (zipfile.ZIP_STORED if relative.startswith(EVIDENCE_DIR + "/")
                                      else zipfile.ZIP_DEFLATED)
                with path.open("rb") as src, zf.open(info, "w") as dst:
                    while chunk := src.read(CHUNK):
                        dst.write(chunk)
                        if data := sink.take():
                            yield data
                if data := sink.take():
                    yield data
        yield sink.take()
    finally:
        shutil.rmtree(cleanup, ignore_errors=True)


def _bag_response(source: EvidenceFiles, case_number: str) -> StreamingHttpResponse:
    name = bag_name(case_number)
    tmp = Path(tempfile.mkdtemp(dir=blobs.temp_dir(), prefix="bag-"))
    try:
        export_bag(agency=source.agency, out_dir=tmp / name, subjects=source.subjects, evidence=source,
                   label=f"案件 {case_number}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    response = StreamingHttpResponse(zip_stream(tmp / name, name, tmp), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.zip")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def case_export(request) -> HttpResponse | StreamingHttpResponse:
    """POST a case number and a reason: the case's bag as a zip. Evidence outside the user's reach is not
    theirs to export, and a case with none in reach is 404, like a case that does not exist."""
    require(request.user, "evidence.view")
    form = CaseExportForm(request.POST)
    valid = form.is_valid()
    case_number = form.cleaned_data.get("case", "")  # a refused number is no case: 404 like a missing one
    agencies = case_agencies(request.user, case_number) if case_number else []
    if not agencies:
        raise Http404
    choose = len(agencies) > 1
    if valid:
        chosen = agencies[0] if not choose else next(
            (a for a in agencies if a.pk == form.cleaned_data["agency"]), None)
        if chosen is None:
            form.add_error("agency", "该案件的证据分属多个执法主体，请选择一个（每个执法主体一条记录链、一个包）")
        else:
            try:
                source = EvidenceFiles(actor=request.user, reason=form.cleaned_data["reason"], agency=chosen,
                                       case_number=case_number)
                return _bag_response(source, case_number)
            except RuleViolation as e:
                add_violation(form, e)
            except ExportError as e:
                form.add_error(None, f"导出失败：{str(e).replace(VERIFY_FIRST, '请先进行完整性校验')}")
    return render(request, "records/export_case.html", {
        "form": form, "case_number": case_number, "agencies": agencies, "choose": choose}, status=422)
