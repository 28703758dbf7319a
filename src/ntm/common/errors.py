"""One error type per failure, each with a code, a Vietnamese and an English message.

Every interface maps these in one place: the CLI prints the Vietnamese message (and the
English one) on stderr and exits 2; the API answers {"code", "message", "fields"}; pages
show the Vietnamese message. This module imports nothing from Django: the pure cores
(criteria, ingest) raise these too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class NtmError(Exception):
    """Base of every domain error: bad input, stale edit, out of scope, rejected import."""

    message_vi: str
    message_en: str
    field: str | None = None
    fields: dict[str, str] = dataclasses.field(default_factory=dict)
    code: str = "ntm.error"
    http_status: int = 400

    def __post_init__(self) -> None:
        super().__init__(self.message_en)

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.message_vi} ({self.message_en})"


@dataclass
class BadInput(NtmError):
    """A value, a file or an argument that cannot be accepted as given."""

    code: str = "ntm.bad_input"
    http_status: int = 422


@dataclass
class CatalogError(NtmError):
    """A criteria-set data file that is malformed; `field` names file, line and field."""

    code: str = "ntm.catalog_invalid"
    http_status: int = 500


@dataclass
class NotFound(NtmError):
    """Absent, or not the actor's to see: an outsider cannot tell the two apart."""

    code: str = "ntm.not_found"
    http_status: int = 404


@dataclass
class StaleEdit(NtmError):
    """The value changed since the form was loaded; carries the current version."""

    code: str = "ntm.stale_edit"
    http_status: int = 409
    current: object = None


@dataclass
class OutOfScope(NtmError):
    """The actor may not do this to this unit."""

    code: str = "ntm.out_of_scope"
    http_status: int = 404


@dataclass
class NotAllowed(NtmError):
    """The unit is the actor's to see, but this step is not theirs to take (separation of duties)."""

    code: str = "ntm.not_allowed"
    http_status: int = 403


@dataclass
class ImportRejected(NtmError):
    """An import with errors: nothing was saved; `errors` lists every line at fault."""

    code: str = "ntm.import_rejected"
    http_status: int = 422
    errors: list[str] = dataclasses.field(default_factory=list)


@dataclass
class Locked(NtmError):
    """The period is submitted or approved (values read-only), or the unit no longer exists then."""

    code: str = "ntm.locked"
    http_status: int = 409
