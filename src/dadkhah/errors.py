"""The one exception tree of dadkhah.

    DadkhahError                 anything dadkhah refuses or cannot do; carries a user message
    ├── ConfigError              a setting is missing or malformed
    ├── StoreError               the database cannot be opened, migrated or written
    ├── NotFound                 an id or name that the store does not hold
    ├── InputError               one input item (file, directory entry, URL) cannot be taken
    │   ├── CaptureError         fetching a URL failed (network, status, size, time)
    │   └── ParseError           a document's bytes cannot be read as text (corrupt, too big, slow)
    ├── IntegrityError           a stored byte or custody entry is not what was recorded
    ├── AccessError              a sign-in refused (unknown user, wrong password, deactivated)
                                 or an action the user's role does not allow
    └── EstimateError            the lists cannot support the estimate asked for (no overlap,
                                 a model with no finite or identifiable MLE, too few lists)

Low-level errors (OSError, SQLAlchemy, httpx) are mapped to these at the seam where they
happen, with the original kept as ``__cause__``. The CLI turns a DadkhahError into one line on
standard error and an exit code; nothing else in the package prints.
"""

from __future__ import annotations


class DadkhahError(Exception):
    """Base class: ``str(err)`` is a sentence fit to show a user."""


class ConfigError(DadkhahError):
    pass


class StoreError(DadkhahError):
    pass


class NotFound(DadkhahError):
    pass


class InputError(DadkhahError):
    """One input item failed; ``item`` names it (path or URL)."""

    def __init__(self, item: str, problem: str):
        super().__init__(f"{item}: {problem}")
        self.item = item
        self.problem = problem

    def __reduce__(self):  # so that it crosses from a parse worker process intact
        return (type(self), (self.item, self.problem))


class CaptureError(InputError):
    pass


class ParseError(InputError):
    pass


class IntegrityError(DadkhahError):
    pass


class AccessError(DadkhahError):
    """A sign-in refused or an action the user's role does not allow; the message never says
    which of name and password was wrong."""


class EstimateError(DadkhahError):
    """The capture histories cannot give the estimate asked for; the message says why."""
