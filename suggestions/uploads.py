"""What may be uploaded, how its size is bounded while it streams in, and where it is stored.

Every upload of the platform goes through this module: a deputy's attachments, a unit's handling
records and co-opinions, reply letters (first and second), and the office's Excel import. Forms use
`UploadField`; code that receives a file any other way calls `check()`.

- Only PDF, DOCX, XLSX, JPEG and PNG are accepted, recognised by their content (magic bytes; for
  DOCX/XLSX the zip's members, declared sizes and compression ratios), never by their name.
- `SizeLimitHandler` (first in `FILE_UPLOAD_HANDLERS`) stops keeping a file's bytes once it passes
  `UPLOAD_MAX_BYTES`: the rest is drained and discarded, and the form sees a `TooLarge` file that
  `check()` refuses with a Chinese message, so nothing of it is stored.
- Files are stored under generated names (`GeneratedName`: a uuid and the extension of the kind
  found in the content); the uploader's name is kept in a model field, for the download's name.
"""

import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    ext: str
    content_type: str


PDF = Kind("pdf", "PDF", ".pdf", "application/pdf")
DOCX = Kind("docx", "Word（.docx）", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", "Excel（.xlsx）", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JPEG = Kind("jpeg", "JPEG 图片", ".jpg", "image/jpeg")
PNG = Kind("png", "PNG 图片", ".png", "image/png")
ALL = (PDF, DOCX, XLSX, JPEG, PNG)
DOCUMENTS = (PDF, DOCX, JPEG, PNG)  # a signed letter: a scan or the document itself
BY_EXT = {k.ext: k for k in ALL} | {".jpeg": JPEG}

# The member an Office package of each kind must have (ECMA-376 part names).
OFFICE_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what an Office file may unpack to, checked from its zip directory before reading it.

    Python's zipfile never yields more than a member's declared size (and then checks its CRC), so
    the declared sizes bound what any reader of the file (openpyxl, python-docx) can inflate.
    """

    max_members: int = 1000
    max_member_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100  # uncompressed / compressed, for members larger than `ratio_from`
    ratio_from: int = 1024 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()


class TooLarge(UploadedFile):
    """Stands in for a file that `SizeLimitHandler` stopped receiving; `check()` refuses it."""

    def __init__(self, name, content_type, received):
        super().__init__(BytesIO(), name=name, content_type=content_type, size=received)
        self.too_large = True


class SizeLimitHandler(FileUploadHandler):
    """Counts each file's bytes as they arrive and keeps none past `UPLOAD_MAX_BYTES`.

    It runs before Django's memory and temporary-file handlers and passes chunks on to them until
    the limit; past it, it closes what they have buffered and swallows the rest of the file.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        if self.over:
            return None
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.over = True
            for handler in getattr(self.request, "upload_handlers", []) if self.request else []:
                if handler is not self and getattr(handler, "file", None) is not None:
                    handler.file.close()  # a temporary file is deleted on close
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.over:
            return TooLarge(self.file_name, self.content_type, self.received)
        return None  # the next handler makes the file


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.3g}MB"
    return f"{max(1, n // 1024)}KB"


def allowed_text(kinds=ALL) -> str:
    return "、".join(k.label for k in kinds)


def sniff(f) -> Kind | None:
    """The kind of file by its first bytes (and, for a zip, by its main part); None if unknown."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(f) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return None
        finally:
            f.seek(0)
        for kind, part in OFFICE_MAIN_PART.items():
            if part in names and "[Content_Types].xml" in names:
                return kind
    return None


def check_zip(f, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> None:
    """Refuse an Office file whose zip could unpack to more than `limits` allow, before anyone opens it."""
    bad = forms.ValidationError("文件已损坏或不是有效的 Office 文档，未保存")
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise bad from None
    finally:
        f.seek(0)
    if len(infos) > limits.max_members:
        raise forms.ValidationError(f"文件包含{len(infos)}个部件，超过上限{limits.max_members}个，未保存")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", name):
            raise bad
        if info.flag_bits & 0x1:
            raise forms.ValidationError("不接受加密的文档，未保存。请取消密码保护后再上传")
        if name.lower().endswith("vbaproject.bin"):
            raise forms.ValidationError("不接受含宏的文档，未保存。请另存为 .docx 或 .xlsx 后再上传")
        if info.file_size > limits.max_member_bytes:
            raise forms.ValidationError(f"文件解压后过大（单个部件超过{_mb(limits.max_member_bytes)}），未保存")
        if info.file_size > limits.ratio_from and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise forms.ValidationError("文件压缩比异常（疑似压缩炸弹），未保存")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise forms.ValidationError(f"文件解压后超过{_mb(limits.max_total_bytes)}，未保存")


def clean_name(name: str, kind: Kind) -> str:
    """The uploader's file name, safe to show and to send back, ending in the kind's extension."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".") or "文件"
    stem, ext = os.path.splitext(name)
    if BY_EXT.get(ext.lower()) != kind:
        stem, ext = name, kind.ext
    return stem[: 200 - len(ext)] + ext


def check(f, *, kinds=ALL, max_bytes: int | None = None, zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> Kind:
    """Accept `f` only if its content is one of `kinds` within the limits; raises ValidationError in Chinese.

    On success the file is renamed for storage (a safe name with the right extension, which
    `GeneratedName` replaces by a uuid) and remembers the uploader's name as `original_name`.
    """
    limit = min(max_bytes or settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_BYTES)
    if getattr(f, "too_large", False) or (f.size or 0) > limit:
        raise forms.ValidationError(f"文件超过{_mb(limit)}，未保存。请压缩或拆分后再上传")
    if not f.size:
        raise forms.ValidationError("文件是空的，未保存")
    kind = sniff(f)
    if kind is None or kind not in kinds:
        raise forms.ValidationError(f"只接受{allowed_text(kinds)}文件（按文件内容识别，不看扩展名），未保存")
    if kind in OFFICE_MAIN_PART:
        check_zip(f, zip_limits)
    f.original_name = clean_name(getattr(f, "original_name", None) or f.name, kind)
    f.name = "upload" + kind.ext
    f.content_type = kind.content_type
    return kind


def original_name(f) -> str:
    """The name to give a download of `f` (what `check()` kept), or "" for a file that is a path."""
    if f is None or isinstance(f, str):
        return ""
    return getattr(f, "original_name", "") or clean_name(f.name, BY_EXT.get(os.path.splitext(f.name)[1].lower(), PDF))


@deconstructible
class GeneratedName:
    """`upload_to` for every FileField: `<prefix>/<yyyy>/<mm>/<uuid><ext>`, never the uploader's name."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename) -> str:
        return new_name(self.prefix, filename)

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.prefix == self.prefix


def new_name(prefix: str, filename: str) -> str:
    kind = BY_EXT.get(os.path.splitext(str(filename))[1].lower())
    return f"{prefix.strip('/')}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{kind.ext if kind else ''}"


class UploadField(forms.FileField):
    """A form's file field that accepts only `kinds`, checked by `check()`."""

    def __init__(self, *args, kinds=ALL, max_bytes: int | None = None, zip_limits=DEFAULT_ZIP_LIMITS, **kwargs):
        self.kinds, self.max_bytes, self.zip_limits = kinds, max_bytes, zip_limits
        # Lazy: form fields are built at import time, before settings may be read.
        kwargs.setdefault(
            "help_text", lazy(lambda: f"可上传{allowed_text(kinds)}，不超过{_mb(settings.UPLOAD_MAX_BYTES)}", str)()
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault(
            "accept", ",".join(sorted({k.ext for k in kinds} | {k.content_type for k in kinds}))
        )

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None:
            check(f, kinds=self.kinds, max_bytes=self.max_bytes, zip_limits=self.zip_limits)
        return f
