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
