"""Names for linkage: the same person written in Persian script and in Latin transliterations
must meet on the same keys.

Persian script leaves short vowels out (محمد is m-h-m-d) and writes long vowels with letters
that are also consonants (و is v or u, ی is y or i). So the comparison key keeps consonants
only, on both sides, with the rules below:

- Persian letters map to Latin consonants: ث س ص → s; ذ ز ض ظ → z; ت ط → t; ح ه → h;
  ق غ → gh; خ → kh; ش → sh; چ → ch; ج ژ → j; ع ء ا آ و ی → nothing (vowel carriers, or letters
  transliterations drop); a final ه after a consonant is the vowel e and is dropped.
- Latin spellings fold the same way: vowels (a e i o u) and y, w, v go; q → gh; "ph" → f;
  "zh" → j (ژ is written both ways: Pezhman, Pejman; Rezanezhad, Rezanejad);
  a final "eh" is e; doubled consonants are one ("Mohammad", "Mohamad").
- Honorifics (Seyyed, Sayed, Seyed, Haj, سید, حاج…) are taken off into their own field.
- Compound given names and family names are keyed without their spaces, hyphens or ZWNJ:
  "Mohammad Reza", "Mohammad-Reza", "محمدرضا" and "Mohammadreza" are one key.

V and W are dropped with the vowels because Persian و is both: "Mousavi" and موسوی both key as
"ms". What is lost in precision there, the other fields (father's name, date, age, place) and
the term-frequency adjustment win back in the linkage model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dadkhah.parse.persian import fold

HONORIFICS = {
    "seyyed", "seyed", "sayed", "sayyed", "seied", "syed", "sayyid", "haj", "hajj", "haji",
    "mir", "mirza", "mr", "mrs", "ms", "سید", "سيد", "حاج", "حاجی", "میرزا", "آقای", "خانم",
}  # fmt: skip
# family-name endings written as separate words ("Ahmad Zadeh", "Ali Pour")
FAMILY_SUFFIXES = {"zadeh", "zade", "zada", "pour", "poor", "pur", "nia", "nezhad", "nejad",
                   "zad", "far", "vand", "loo", "lou", "zadegan", "زاده", "پور", "نیا", "نژاد",
                   "فر", "وند", "لو"}  # fmt: skip

_PERSIAN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "ch", "ح": "h", "ه": "h", "خ": "kh", "د": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ر": "r", "ژ": "j", "ش": "sh", "غ": "gh", "ق": "gh", "ف": "f", "ک": "k",
    "گ": "g", "ل": "l", "م": "m", "ن": "n",
    # vowel carriers and letters transliterations leave out
    "ا": "", "آ": "", "أ": "", "إ": "", "و": "", "ی": "", "ع": "", "ء": "", "ئ": "", "ؤ": "",
    "ة": "h",
}  # fmt: skip
_LATIN_VOWELS = re.compile(r"[aeiouyvw]")


def is_persian(text: str) -> bool:
    return bool(re.search(r"[\u0600-\u06ff]", text))


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name or "")
    text = fold(text) if is_persian(text) else text
    text = text.replace("\u200c", " ").replace("-", " ").replace("’", "'")
    return [t for t in re.split(r"[\s,./]+", text) if t]


def split_honorifics(name: str) -> tuple[str, list[str]]:
    """The name without its honorifics, and the honorifics found."""
    found, kept = [], []
    for tok in _tokens(name):
        (found if tok.strip("'").casefold() in HONORIFICS else kept).append(tok)
    return " ".join(kept), found


def key(name: str | None) -> str:
    """The consonant key of a name in either script ("Mohammad Reza" and "محمدرضا" → mhmdrz)."""
    if not name:
        return ""
    rest, _ = split_honorifics(name)
    out = []
    for word in rest.split():
        if is_persian(word):
            letters = [_PERSIAN.get(ch, "") for ch in word if ch.isalpha() or ch in _PERSIAN]
            # a final ه after a consonant is the vowel e ("Zadeh", "Fatemeh")
            if word.endswith("ه") and len(word) > 1 and word[-2] not in "اوی":
                letters = letters[:-1]
            out.append("".join(letters))
        else:
            w = unicodedata.normalize("NFKD", word.casefold()).encode("ascii", "ignore").decode()
            w = re.sub(r"[^a-z]", "", w)
            w = w.replace("ph", "f").replace("q", "gh").replace("zh", "j")
            w = re.sub(r"eh$", "e", w)
            out.append(_LATIN_VOWELS.sub("", w))
    joined = "".join(out)
    return re.sub(r"(.)\1+", r"\1", joined)


def phonetic_key(name: str | None) -> str:
    """A looser key: the consonant key without h, and with the pairs that transliterations
    and typos swap most merged (z/s, gh/g/k, j/zh)."""
    k = key(name).replace("zh", "j").replace("gh", "g").replace("kh", "k").replace("h", "")
    k = k.translate(str.maketrans({"z": "s", "g": "k"}))
    return re.sub(r"(.)\1+", r"\1", k)


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str
    honorifics: tuple[str, ...]

    @property
    def given_key(self) -> str:
        return key(self.given)

    @property
    def family_key(self) -> str:
        return key(self.family)

    @property
    def full_key(self) -> str:
        return key(f"{self.given} {self.family}")


def split_full_name(full: str) -> PersonName:
    """Given and family name from a full name: the family name is the last word, with a
    separate ending ("Ahmad Zadeh", "Ali Pour") kept with it; honorifics go aside."""
    rest, honorifics = split_honorifics(full)
    words = rest.split()
    if len(words) <= 1:
        return PersonName(rest, "", tuple(honorifics))
    cut = len(words) - 1
    if words[-1].strip("'").casefold() in FAMILY_SUFFIXES and len(words) >= 3:
        cut -= 1
    return PersonName(" ".join(words[:cut]), " ".join(words[cut:]), tuple(honorifics))
