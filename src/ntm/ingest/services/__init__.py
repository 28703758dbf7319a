"""The Django side of imports: upload and extract (`uploads`), suggest the unit, confirm and save, all or
nothing (`confirm`). The names below are the package's interface; import them from `ntm.ingest.services`."""

from .confirm import (
    Confirmation,
    UnitMismatch,
    confirm_imports,
    document_unit_label,
    proposed_confirmation,
    suggest_units,
    unit_mismatch,
)
from .uploads import (
    ALLOWED_SUFFIXES,
    DuplicateUpload,
    Refusal,
    UploadOutcome,
    UploadRejected,
    content_hash,
    describe_import,
    discard_import,
    get_import,
    live_twins,
    may_open,
    pending_imports,
    upload_batch,
    upload_report,
    upload_reports,
)

__all__ = [
    "ALLOWED_SUFFIXES", "Confirmation", "DuplicateUpload", "Refusal", "UnitMismatch", "UploadOutcome",
    "UploadRejected", "confirm_imports", "content_hash", "describe_import", "discard_import",
    "document_unit_label", "get_import", "live_twins", "may_open", "pending_imports", "proposed_confirmation",
    "suggest_units", "unit_mismatch", "upload_batch", "upload_report", "upload_reports",
]
