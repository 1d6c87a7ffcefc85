"""Vietnamese text helpers shared by the apps."""

import re
import unicodedata

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


def fold_aligned(text):
    """`fold` character for character: the result has the same length as `text`, so a match found in it marks the
    same place in the original (for highlighting). Spaces are not collapsed."""
    return _I_Y.sub("i", "".join(_fold_char(char) for char in unicodedata.normalize("NFC", text or "")))
