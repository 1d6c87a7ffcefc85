"""Vietnamese text helpers shared by the apps."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# i and y are written both ways in many words ("sĩ"/"sỹ", "kĩ"/"kỹ", "lí"/"lý"); after folding, y becomes i.
_I_Y = re.compile(r"(?<=[bcdghklmnpqrstvx])y\b")


def fold(text):
    """Lower case, no diacritics, đ as d, y as i after a consonant at a word's end, single spaces.

    "Chiến sỹ thi đua cấp cơ sở" and "chien si thi dua cap co so" fold to the same string.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    text = re.sub(r"[^\w]+", " ", text.lower()).strip()
    return _I_Y.sub("i", text)


def _fold_char(char):
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn").lower()
    if len(base) != 1:
        return char.lower()[:1] or " "
    return base if base.isalnum() or base == "_" else " "


class _FoldTable(dict):
    """str.translate's table for fold_aligned: each character's fold, worked out the first time it is met."""

    def __missing__(self, code):
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text):
    """`fold` character for character: the result has the same length as `text`, so a match found in it marks the
    same place in the original (for highlighting). Spaces are not collapsed."""
    return _I_Y.sub("i", unicodedata.normalize("NFC", text or "").translate(_FOLD_TABLE))


def ascii_slug(text, max_length=255):
    """The address part for a title or a name, in ASCII: đ → d, every mark dropped, lower case, words joined by
    hyphens ("Văn phòng Sở giữ vững danh hiệu" → "van-phong-so-giu-vung-danh-hieu"). Every page, category and tag
    address is made by it (taggit's tags through the same transliteration, Unidecode)."""
    from django.utils.text import slugify
    from unidecode import unidecode

    return slugify(unidecode((text or "").replace("đ", "d").replace("Đ", "D")))[:max_length].strip("-")


def legacy_slug(text):
    """The address the admin's script made before ascii_slug existed: letters with two marks dropped, đ as "dj"
    ("Văn phòng Sở" → "van-phong-s"). Only `manage.py fix_slugs` uses it, to find those addresses."""
    out = []
    for char in unicodedata.normalize("NFC", (text or "").lower()):
        if char == "đ":
            out.append("dj")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        marks = sum(1 for c in decomposed if unicodedata.category(c) == "Mn")
        if marks >= 2:
            continue
        out.append(decomposed[0] if marks else char)
    text = "".join(out)
    text = re.sub(r"[^a-z0-9\s-]", "", text)
    return re.sub(r"[-\s]+", "-", text).strip("-")


# The folding of `fold`, done by the database, so that the admin's listings and choosers find "Phạm Thị Dung" by
# "pham thi dung" (and "Chiến sỹ" by "chien si") with the filtering and paging in SQL. SQLite calls `fold` itself
# (registered on each connection in portal.apps); PostgreSQL has the same rules as an SQL function (migration
# portal/0003), which needs no extension.
VIETNAMESE = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
ASCII = ("a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5 + "d") * 2
FOLD_SQL = f"""
CREATE OR REPLACE FUNCTION portal_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        regexp_replace(lower(translate(coalesce(value, ''), '{VIETNAMESE}', '{ASCII}')), '[^a-z0-9_]+', ' ', 'g'),
        '([bcdghklmnpqrstvx])y\\M', '\\1i', 'g'))
$$;
"""


def register_sqlite_fold(sender, connection, **kwargs):
    """On each new SQLite connection: portal_fold(text) is `fold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)


def folded_filter(queryset, fields, query):
    """`queryset` narrowed to the rows where one of `fields` holds `query`, both folded (case, marks, đ, i/y)."""
    from django.db.models import F, Func, Q, TextField
    from django.db.models.functions import Cast

    needle = fold(query)
    if not needle:
        return queryset
    annotations = {
        f"folded_{index}": Func(Cast(F(field), TextField()), function="portal_fold", output_field=TextField())
        for index, field in enumerate(fields)
    }
    condition = Q()
    for name in annotations:
        condition |= Q(**{f"{name}__contains": needle})
    return queryset.annotate(**annotations).filter(condition)


def parse_decimal(value):
    """A number as it is typed here, with a decimal comma or point ("95,5", "95.5"); None when blank. Raises
    InvalidOperation when it is not a finite number."""
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text:
        return None
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number
