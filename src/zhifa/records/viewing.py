"""Viewing evidence in the browser (REC-13): the short-lived link a player streams from, and what a file can
be shown as.

Opening a recording is one ledger entry (``actions.open_for_viewing``); the player then asks for many byte
ranges while the officer seeks. Each of those requests carries a signed link naming the user, the evidence
and that entry, so a range request needs no new approval check and no new entry, and the link is useless to
anyone else and after ``LINK_SECONDS``.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.core import signing

LINK_SECONDS = 2 * 60 * 60  # long enough to watch a two-hour recording through
_SALT = "zhifa.records.viewing"

# The formats the probe recognises (``probe.sniff``) and that a browser shows itself, and how.
_SHOWN = {
    "MP4": ("video/mp4", "video"), "MOV": ("video/quicktime", "video"), "3GP": ("video/3gpp", "video"),
    "MKV": ("video/webm", "video"), "WAV": ("audio/wav", "audio"), "MP3": ("audio/mpeg", "audio"),
    "M4A": ("audio/mp4", "audio"), "OGG": ("audio/ogg", "audio"), "FLAC": ("audio/flac", "audio"),
    "JPEG": ("image/jpeg", "img"), "PNG": ("image/png", "img"), "GIF": ("image/gif", "img"),
    "PDF": ("application/pdf", "pdf"),
}
_SHOWN_BY_TYPE = {mime: element for mime, element in _SHOWN.values()}
DOWNLOAD_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Shown:
    content_type: str
    element: str | None  # "video", "audio", "img", "pdf"; None: the browser cannot show it, only save it


def shown_as(file_format: str, original_name: str) -> Shown:
    """How the file is shown inline. The sniffed format decides; the name only when nothing was sniffed.

    Anything else is sent as an opaque download: a file named ``x.mp4`` that holds HTML must never be
    rendered as a page of this site.
    """
    if file_format in _SHOWN:
        return Shown(*_SHOWN[file_format])
    if not file_format:
        guessed, _encoding = mimetypes.guess_type(original_name)
        if guessed in _SHOWN_BY_TYPE:
            return Shown(guessed, _SHOWN_BY_TYPE[guessed])
    return Shown(DOWNLOAD_TYPE, None)


@dataclass(frozen=True)
class Link:
    user_id: int
    evidence_id: int
    entry_id: int


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def make_token(*, user_id: int, evidence_id: int, entry_id: int) -> str:
    return signing.dumps({"u": user_id, "e": evidence_id, "l": entry_id}, salt=_SALT)


def read_token(token: str, *, user_id: int | None) -> Link:
    """The link in ``token`` if it is genuine, current and ``user_id``'s; raises LinkExpired or LinkInvalid."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    try:
        link = Link(int(value["u"]), int(value["e"]), int(value["l"]))
    except (KeyError, TypeError, ValueError):
        raise LinkInvalid from None
    if link.user_id != user_id:
        raise LinkInvalid
    return link
