"""Small real files of every accepted kind, and the files a probe tried to slip in."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("协办意见：我厅将配合做好留守儿童关爱工作。")
    doc.save(buf)
    return buf.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(["标题", "正文"])
    wb.save(buf)
    return buf.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """An Office file with one more member (a macro project, a path outside the package ...)."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(name, content)
    return buf.getvalue()


KINDS = {"pdf": lambda: PDF, "docx": docx, "xlsx": xlsx, "jpeg": lambda: JPEG, "png": png}

# What the probe stored: each must be refused by its content whatever it is called.
REFUSED = {
    "exe named .pdf": ("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    "html": ("evil.html", b"<html><script>alert(document.cookie)</script></html>"),
    "svg": ("img.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "svg named .png": ("img.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    "plain zip named .docx": ("a.docx", None),
    "docm (macros)": ("宏.docx", None),
}


def refused(name: str) -> tuple[str, bytes]:
    filename, content = REFUSED[name]
    if name == "plain zip named .docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", "not a document")
        content = buf.getvalue()
    elif name == "docm (macros)":
        content = with_member(docx(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return filename, content


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
