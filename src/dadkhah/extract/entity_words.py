"""The words the entity rules and quote finder read, per language: pure data.

Speech verbs and attribution cues (also read by ``dadkhah.extract.quotes``), titles before
names, organisation head words, role words, function words, name particles, and the Persian
honorifics, roles, organisation heads and stop words; for geonames, the city names that are
also common words. A per-language table maps a language code to its words, separated by
spaces, or by "|" when some of them hold a space. Words are matched folded
(``dadkhah.parse.persian.fold``). They stay in Python, not ``gazetteers/*.toml``, because the
extractor id digests every TOML file there: moving them would re-extract every document.
Nothing here raises.
"""

from __future__ import annotations

from dadkhah.parse.persian import fold

LANGUAGES = ("en", "de", "fr", "it", "es", "fa")


def wordset(words: str) -> frozenset[str]:
    return frozenset(fold(words).split())


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
TITLES = {
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
HEADS = {
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
DE_COMPOUND_HEADS = (
    "ministerium",
    "ministeriums",
    "gericht",
    "gerichts",
    "gerichtshof",
    "gerichtshofs",
    "polizei",
)
# words that hold a role, not a name: they end an organisation and start no person's name
ROLE_WORDS = wordset(
    "spokesman spokeswoman spokesperson minister president chief head director secretary "
    "judge prosecutor commander chairman chairwoman chair governor deputy ambassador "
    "general mr mrs ms dr sprecher sprecherin präsident präsidentin chef leiter direktor "
    "richter staatsanwalt ministre président directeur juge procureur porte-parole ministro "
    "presidente direttore giudice procuratore portavoce juez fiscal portavoz herr frau"
)
# capitalised words that begin no name: sentence openers, function words, days, months
FUNCTION_WORDS = wordset(
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
NOT_NAMES = FUNCTION_WORDS | wordset(
    "police security forces protesters protests government authorities state regime islamic "
    "iranian human rights international national news agency"
)
CONNECTORS = (
    "of|for|the|and|on|to|against|de|des|du|de la|la|le|les|della|dello|dei|delle|degli|del|di|"
    "per|i|y|e|et|und|für|der|die|das|zur|zum|pour|para|contra|sur|los|las"
)
PARTICLES = wordset(
    "al el ul ud ad as ash at bin ibn bint de da di del della van von der den du dos la le"
)
NAME_PARTICLES = (
    r"(?:al|el|ul|ud|ad|as|ash|at)-"
    r"|(?:bin|ibn|bint|de|da|di|del|della|van|von|der|den|du|dos|la|le) "
)
# lower-case Romance heads that name an institution when "of X" follows ("ministère de l'X")
ROMANCE_HEADS = (
    "ministère ministero ministerio tribunal tribunale conseil consiglio consejo comité comitato "
    "cour corte organisation organizzazione organización commission commissione comisión "
    "fondation fondazione fundación parti partito partido agence agenzia agencia"
)

# Persian: honorifics before a name, and roles that take "of X" (an organisation or place)
FA_HONORIFICS = (
    "آقای خانم قاضی دکتر مهندس سردار سرتیپ سرلشکر شیخ مولوی حجت‌الاسلام حجت‌الاسلام‌والمسلمین "
    "حجت‌الاسلام‌و‌المسلمین آیت‌الله آیت‌الله‌العظمی"
)
FA_ROLES = "سخنگوی دادستان وزیر رئیس رییس فرمانده معاون نماینده مدیرکل استاندار فرماندار"
FA_ORG_HEADS = (
    "سازمان وزارت شورای کمیته دادگاه خبرگزاری ستاد قوه نیروی مجمع انجمن دادسرای کانون حزب بنیاد "
    "شبکه اداره رصدخانه دبیرخانه کمیسیون اتحادیه"
)
FA_STOP = (
    "گفتند افزودند نوشتند بودند اند ام ایم اید گوید میگوید "
    "و در به از که را با این آن برای تا بر هم نیز یا اما ولی پس چون اگر همه هر او وی ما شما آنها "
    "ایشان خود گفت گفته افزود اعلام کرد کرده کردند کند کنند شد شده شدند است هست بود بوده نیست "
    "داد داده دارد دارند روز سال ماه امروز دیروز پیش اخیر یک دو سه چند نوشت گزارش بیانیه ضمن "
    "طی درباره علیه توسط سوی بین میان بعد قبل حدود همچنین نیز می نمی ها های ای هستند باید "
    "خواهد تاکید اظهار داشت عنوان جمهور جمهوری کل کشور شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه "
    "پنجشنبه جمعه فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
)

# names of cities that are also common capitalised words or given names
GEONAMES_STOP = {
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
# lower-case words that may stand inside a place's name ("Rio de Janeiro")
GEO_CONNECTORS = wordset("de del la le el al am an upon on sur di da do dos des du")


def words_for(table: dict[str, str], langs) -> list[str]:
    """The words of ``table`` for each of ``langs``, in order."""
    out: list[str] = []
    for lang in langs:
        value = table.get(lang, "")
        out += value.split("|") if "|" in value else value.split()
    return out
