"""Public versions of dossiers: who is protected, stable pseudonyms, names taken out of text,
and the log of every redaction.

Who is protected (the rules a public dossier follows; docs/architecture.md states them too):

- a person whose record is marked restricted or confidential;
- a person every source of whom is restricted or confidential (known only through a
  testimony, say: a witness, an interviewer, a relative);
- the victim of an act that rests on any restricted or confidential source;
- everyone on a restricted or confidential victim list: every name as the list wrote it and
  the canonical names linkage gave them (their rows are also left out of public dossiers,
  which give counts instead);
- a name a restricted or confidential document gives as the source of a figure
  (``claimed_by``) that is not a registered source.

Perpetrators and officials named in public sources are not protected because a confidential
document names them too. A protected name becomes a pseudonym, ``P-XXXX-XXXX``: an HMAC-SHA256
of the record's id under a secret kept in ``$DADKHAH_HOME/pseudonym.key`` (made on first use,
readable by its owner only, never exported), so the same person has the same pseudonym in
every dossier and every run. Names are also taken out of every text a public dossier shows
(quotes from public documents, titles, notes), matched in Persian and Latin script alike
after letter folding, and a public dossier that would still hold one is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from dadkhah.errors import IntegrityError
from dadkhah.parse import fold, matching_form

KEY_FILE = "pseudonym.key"
_WORD = re.compile(r"\w+")
_MIN_LETTERS = 4  # shorter names ("Ali") are no one's alone and would blank common words


def pseudonym_key(home: Path) -> bytes:
    """The store's pseudonym secret, made (owner-readable only) on first use."""
    path = Path(home) / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    except ValueError as err:
        raise IntegrityError(f"{path} is not a pseudonym key (64 hex digits)") from err
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)  # never replaces a key another process made meanwhile
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


class Redactor:
    """Pseudonyms and name scrubbing for one dossier; in an internal dossier it does nothing.

    ``log`` collects every redaction made (kind, record, where, why, and what was withheld):
    it is written with the internal records, never into the public output.
    """

    def __init__(self, public: bool, key: bytes | None = None):
        if public and not key:
            raise ValueError("a public dossier needs the store's pseudonym key")
        self.public = public
        self._key = key or b""
        self.log: list[dict] = []
        self._seen: dict[tuple, dict] = {}
        self._names: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._records: dict[str, str] = {}  # record id -> pseudonym, for protected records
        self._reasons: dict[str, str] = {}  # record id -> why it is protected

    # ---- pseudonyms ---------------------------------------------------------------------------
    def pseudonym(self, key: str) -> str:
        """The stable pseudonym of a record id (or ``name:<folded name>``)."""
        digest = hmac.new(self._key, key.encode("utf-8"), hashlib.sha256).digest()
        code = base64.b32encode(digest).decode("ascii")[:8]
        return f"P-{code[:4]}-{code[4:]}"

    def protect(self, record_id: str, names: Iterable[str | None], reason: str) -> str | None:
        """Mark a record protected with its names; returns its pseudonym (None when internal)."""
        if not self.public:
            return None
        pseud = self._records.get(record_id) or self.pseudonym(record_id)
        self._records[record_id] = pseud
        for name in names:
            tokens = _tokens(name or "")
            if sum(len(t) for t in tokens) < _MIN_LETTERS:
                continue
            bucket = self._names.setdefault(tokens[0], [])
            if all(t != tokens for t, _, _ in bucket):
                bucket.append((tokens, pseud, record_id))
                bucket.sort(key=lambda item: -len(item[0]))  # the longest name first
        self._reasons[record_id] = reason
        return pseud

    def protected(self, record_id: str) -> str | None:
        """The pseudonym of a protected record, None when it is not protected."""
        return self._records.get(record_id)

    def name(self, record_id: str, name: str, where: str) -> str:
        """How a record's name is shown: its pseudonym when protected, else the name."""
        pseud = self._records.get(record_id)
        if pseud is None:
            return name
        self.note(
            "name", record_id, where, self._reasons[record_id], pseudonym=pseud, original=name
        )
        return pseud

    # ---- the log ------------------------------------------------------------------------------
    def note(self, kind: str, record: str, where: str, reason: str, **more) -> None:
        """Add one redaction to the log: each kind, record and place once, with a count."""
        key = (kind, record, where)
        if key in self._seen:
            self._seen[key]["count"] += 1
            return
        entry = {"kind": kind, "record": record, "where": where, "reason": reason, **more}
        entry["count"] = 1
        self._seen[key] = entry
        self.log.append(entry)

    # ---- text -----------------------------------------------------------------------------------
    def _matches(self, text: str) -> list[tuple[int, int, str, str]]:
        """Protected names in ``text``: (start, end, pseudonym, record) in source offsets."""
        if not self._names or not text:
            return []
        folded = matching_form(text)
        words = list(_WORD.finditer(folded.text))
        found, i = [], 0
        while i < len(words):
            hit = None
            for tokens, pseud, record in self._names.get(words[i].group(), ()):
                k = len(tokens)
                if tuple(w.group() for w in words[i : i + k]) == tokens:
                    hit = (k, pseud, record)
                    break
            if hit is None:
                i += 1
                continue
            k, pseud, record = hit
            start, end = folded.span(words[i].start(), words[i + k - 1].end())
            found.append((start, end, pseud, record))
            i += k
        return found

    def scrub(self, text: str | None, where: str = "") -> str | None:
        """``text`` with every protected name replaced by ``[pseudonym]``."""
        if not self.public or not text:
            return text
        out = text
        for start, end, pseud, record in reversed(self._matches(text)):
            self.note("name_in_text", record, where, self._reasons[record],
                      pseudonym=pseud, original=text[start:end])  # fmt: skip
            out = out[:start] + f"[{pseud}]" + out[end:]
        return out

    def scrub_tree(self, value, where: str = ""):
        """Every string inside dicts, lists and tuples scrubbed (keys are left alone)."""
        if isinstance(value, str):
            return self.scrub(value, where)
        if isinstance(value, dict):
            return {k: self.scrub_tree(v, f"{where}/{k}" if where else k) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.scrub_tree(v, where) for v in value)
        return value

    def names_in(self, text: str) -> bool:
        """Whether ``text`` names a protected person (always False in an internal dossier)."""
        return self.public and bool(self._matches(text))

    def check(self, text: str, what: str) -> None:
        """Refuse output that still names a protected person (the last line of defence)."""
        if not self.public:
            return
        left = self._matches(text)
        if left:
            records = sorted({record for *_, record in left})
            raise IntegrityError(
                f"{what} would name {len(left)} protected person(s) ({', '.join(records[:5])}); "
                "nothing was written"
            )
