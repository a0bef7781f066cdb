"""The tus 1.0.0 endpoint (https://tus.io/protocols/resumable-upload): core, creation, checksum (sha1, sha256,
sm3), termination and expiration, so standard tus clients work.

    OPTIONS /records/tus/           capabilities
    POST    /records/tus/           create (Upload-Length, Upload-Metadata) → 201 Location
    HEAD    /records/tus/<id>       Upload-Offset, Upload-Length
    PATCH   /records/tus/<id>       append at Upload-Offset (application/offset+octet-stream)
    DELETE  /records/tus/<id>       cancel

Authentication is the session, like every page. **CSRF**: tus clients send no CSRF token, so the endpoint
is exempt from Django's token check — and instead requires the ``Tus-Resumable`` header on every request
that changes anything. A page on another site cannot make a browser send a custom header cross-origin
without a CORS preflight, and this server answers no preflight with ``Access-Control-Allow-*`` headers, so
the browser never sends the real request; an HTML form (the classic CSRF vehicle) can send neither the
header nor the PATCH/DELETE methods. The session cookie is also ``SameSite=Lax`` (Django's default), so it
does not travel with cross-site POST, PATCH or DELETE at all. Upload ids are random
(``secrets.token_urlsafe``) and only their owner's session finds them: anyone else gets 404.
"""

from __future__ import annotations

import contextlib
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from zhifa.records import uploads
from zhifa.records.models import UploadState
from zhifa.records.names import encode_upload_metadata
from zhifa.records.uploads import TusError

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,checksum,termination,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"


def _response(status: int, message: str = "", headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _expires(upload) -> dict[str, str]:
    if upload.state != UploadState.ACTIVE:
        return {}
    return {"Upload-Expires": http_date(upload.expires_at.timestamp())}


def _evidence_header(upload) -> dict[str, str]:
    if not upload.evidence_id:
        return {}
    headers = {"Zhifa-Evidence": reverse("records:detail", args=[upload.evidence_id])}
    notice = uploads.repeat_notice(upload)
    if notice is not None:  # a header is Latin-1: the Chinese goes percent-encoded (decodeURIComponent)
        headers["Zhifa-Notice"] = quote(notice)
    return headers


def _options() -> HttpResponse:
    from django.conf import settings

    return _response(204, headers={
        "Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(settings.ZHIFA_UPLOAD_MAX_BYTES),
        "Tus-Checksum-Algorithm": ",".join(uploads.CHECKSUM_ALGORITHMS)})


def _method(request: HttpRequest) -> str:
    method = (request.method or "").upper()
    override = request.headers.get("X-HTTP-Method-Override")
    if method == "POST" and override:
        return override.upper()
    return method


def _guard(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _response(403, "请先登录")
    version = request.headers.get("Tus-Resumable")
    if version != TUS_VERSION:
        what = f"不支持的协议版本“{version}”" if version else "缺少 Tus-Resumable 请求头"
        return _response(412, f"{what}：本服务使用 tus {TUS_VERSION}", {"Tus-Version": TUS_VERSION})
    return None


def _content_length(request: HttpRequest) -> int | None:
    raw = request.META.get("CONTENT_LENGTH") or ""
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


@csrf_exempt
def collection(request: HttpRequest) -> HttpResponse:
    method = _method(request)
    if method == "OPTIONS":
        return _options()
    if method != "POST":
        return _response(405, "只支持 POST（新建上传）与 OPTIONS", {"Allow": "OPTIONS, POST"})
    refused = _guard(request)
    if refused is not None:
        return refused
    if request.headers.get("Upload-Defer-Length"):
        return _response(400, "不支持延后声明长度：请在 Upload-Length 中给出文件大小")
    try:
        upload = uploads.create_upload(actor=request.user,  # type: ignore[arg-type]
                                       length_header=request.headers.get("Upload-Length"),
                                       metadata_header=request.headers.get("Upload-Metadata"))
    except TusError as e:
        return _response(e.status, e.message, e.headers)
    except PermissionDenied as e:
        return _response(403, str(e) or "无权移交证据")
    location = request.build_absolute_uri(reverse("records:tus_resource", args=[upload.token]))
    return _response(201, headers={"Location": location, **_expires(upload)})


@csrf_exempt
def resource(request: HttpRequest, token: str) -> HttpResponse:
    response = _resource(request, token)
    if _method(request) == "HEAD":
        response.content = b""  # a HEAD answer has headers only, or a keep-alive client reads garbage
    return response


def _resource(request: HttpRequest, token: str) -> HttpResponse:
    method = _method(request)
    if method == "OPTIONS":
        return _options()
    refused = _guard(request)
    if refused is not None:
        return refused
    try:
        upload = uploads.upload_for(request.user, token)
        if method == "HEAD":
            return _head(upload)
        if method == "PATCH":
            return _patch(request, upload)
        if method == "DELETE":
            uploads.terminate(actor=request.user, upload=upload)  # type: ignore[arg-type]
            return _response(204)
        return _response(405, "只支持 HEAD、PATCH、DELETE 与 OPTIONS", {"Allow": "OPTIONS, HEAD, PATCH, DELETE"})
    except Http404:
        return _response(404, "没有这个上传")
    except TusError as e:
        return _response(e.status, e.message, e.headers)
    except PermissionDenied as e:
        return _response(403, str(e) or "无权移交证据")


def _head(upload) -> HttpResponse:
    if upload.expired():
        return _response(410, "该上传已过期，请重新上传")
    offset = uploads.offset_of(upload)
    if upload.state == UploadState.ACTIVE and offset == upload.length:
        with contextlib.suppress(TusError):  # all bytes arrived, the record never written (a crash): finish
            uploads.finish(upload)
    headers = {"Upload-Offset": str(offset), "Upload-Length": str(upload.length), **_expires(upload),
               **_evidence_header(upload)}
    meta = uploads.client_metadata(upload)
    if meta:
        headers["Upload-Metadata"] = encode_upload_metadata(meta)
    return _response(200, headers=headers)


def _patch(request: HttpRequest, upload) -> HttpResponse:
    if request.content_type != OFFSET_CONTENT_TYPE:
        return _response(415, f"Content-Type 必须是 {OFFSET_CONTENT_TYPE}")
    offset = uploads.append(upload, offset_header=request.headers.get("Upload-Offset"),
                            content_length=_content_length(request), body=request,  # type: ignore[arg-type]
                            checksum_header=request.headers.get("Upload-Checksum"))
    upload.refresh_from_db()
    return _response(204, headers={"Upload-Offset": str(offset), **_expires(upload), **_evidence_header(upload)})
