"""Upload metadata (the tus ``Upload-Metadata`` header) and original file names.

A file name is kept only as a label — the bytes are stored under their digest — but a name that carries a
path (``../``, ``/``, ``\\``) is refused, so nothing downstream (an export, a download's
Content-Disposition) can ever be steered by it.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from zhifa.core.errors import RuleViolation
from zhifa.core.fields import TEXT_MAX, refused_character

_KEY = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MAX_NAME = 255


def parse_upload_metadata(header: str) -> dict[str, str]:
    """``key base64,key2 base64`` → {key: text}; a key may stand alone (empty value). Values are UTF-8."""
    out: dict[str, str] = {}
    header = (header or "").strip()
    if not header:
        return out
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if not parts[0] or len(parts) > 2 or not _KEY.match(parts[0]):
            raise RuleViolation(f"Upload-Metadata 格式不正确：“{pair.strip()[:40]}”", field="metadata")
        key = parts[0]
        if key in out:
            raise RuleViolation(f"Upload-Metadata 中的键“{key}”重复", field="metadata")
        value = ""
        if len(parts) == 2:
            try:
                value = base64.b64decode(parts[1], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                raise RuleViolation(f"Upload-Metadata 中“{key}”的值不是 UTF-8 文本的 Base64 编码",
                                    field="metadata") from None
        # Every value, the form's and any other kept with the upload, as the field layer reads text: the
        # description's fields check their own limits again (one-line fields refuse tab and newline).
        problem = refused_character(value, multiline=True)
        if problem is None and len(value) > TEXT_MAX:
            problem = f"不能超过{TEXT_MAX}个字（现为{len(value)}个）"
        if problem is not None:
            raise RuleViolation(f"Upload-Metadata 中“{key}”的值{problem}", field="metadata")
        out[key] = value
    return out


def encode_upload_metadata(values: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode('utf-8')).decode('ascii')}" if v else k
                    for k, v in values.items())


def clean_filename(name: str) -> str:
    """The original name as given, or a refusal saying why; a name with a path is refused, not guessed."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise RuleViolation("缺少原文件名（Upload-Metadata 的 filename）", field="filename")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name.replace("\\", "/").split("/"):
        base = re.split(r"[\\/]", name)[-1]
        hint = f"，例如“{base}”" if base not in ("", ".", "..") else ""
        raise RuleViolation(f"文件名不得包含路径（“../”“/”“\\”）：请只提供文件名本身{hint}", field="filename")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise RuleViolation("文件名含有控制字符", field="filename")
    if len(name) > MAX_NAME:
        raise RuleViolation(f"文件名过长（不超过 {MAX_NAME} 个字符）", field="filename")
    return name
