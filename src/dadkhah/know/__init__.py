"""Knowledge: events, people, organisations and postings over time, the review of claims,
event matching, citations into preserved text, and import/export of records.

The records live in the store (``Tx.add_event``, ``Tx.set_claim_status``...); this package
adds what needs more than one record or the preserved texts.
"""

from dadkhah.know.citations import document_text, find_document, quote_citation, reindex_search
from dadkhah.know.io import TYPES, export_records, import_records, read_records, write_records
from dadkhah.know.matching import NewEvent, Proposal, propose, score_claim
from dadkhah.know.timeline import PersonView, person_view

__all__ = [
    "TYPES",
    "NewEvent",
    "PersonView",
    "Proposal",
    "document_text",
    "export_records",
    "find_document",
    "import_records",
    "person_view",
    "propose",
    "quote_citation",
    "read_records",
    "reindex_search",
    "score_claim",
    "write_records",
]
