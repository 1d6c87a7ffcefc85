"""Attachments sent through the portal: the type is read from the content, never from the file name."""

import io
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a larger image is refused as a possible decompression bomb
KINDS = {"pdf": "pdf", "docx": "docx", "PNG": "png", "JPEG": "jpg"}


def attachment_kind(upload):
    """The file's real type ("pdf", "docx", "png" or "jpg"), or a ValidationError in Vietnamese."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                total = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            names, total = set(), 0
        if {"[Content_Types].xml", "word/document.xml"} <= names and total < 20 * MAX_BYTES:
            return "docx"
        raise ValidationError(_("Only PDF, Word (.docx) and image (PNG, JPEG) files are accepted."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(_("The image is too large to be opened safely."))
                image.verify()
                kind = KINDS.get(image.format)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        raise ValidationError(_("The image is too large to be opened safely.")) from bomb
    except ValidationError:
        raise
    except Exception as broken:
        raise ValidationError(_("Only PDF, Word (.docx) and image (PNG, JPEG) files are accepted.")) from broken
    if kind is None:
        raise ValidationError(_("Only PDF, Word (.docx) and image (PNG, JPEG) files are accepted."))
    return kind
