"""Extract: candidate claims (who says how many were killed, arrested, executed...), with spans.

Rules over per-language lexicons kept as data (``lexicons/<code>.toml``): figures, hedges,
ranges, measures, negations, attribution and revisions. ``extract_claims`` reads one text;
``extract_documents`` is the stage that stores candidate claims; ``extract_files`` is the
stateless command's engine; ``evaluate`` scores it against a gold set.
"""

from dadkhah.extract.claims import EXTRACTOR, Claim, extract_claims
from dadkhah.extract.evaluate import evaluate, read_gold
from dadkhah.extract.files import extract_files
from dadkhah.extract.lexicon import MEASURES, QUALIFIERS, LexiconError, available
from dadkhah.extract.stage import ExtractOutcome, extract_documents, extractor_id

__all__ = [
    "EXTRACTOR",
    "MEASURES",
    "QUALIFIERS",
    "Claim",
    "ExtractOutcome",
    "LexiconError",
    "available",
    "evaluate",
    "extract_claims",
    "extract_documents",
    "extract_files",
    "extractor_id",
    "read_gold",
]
