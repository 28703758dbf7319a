"""Finance writes: each one transaction, scope-checked, audited, refused as StaleEdit on an old revision.

Who writes what (ntm.common.scope): the commune official everything of the commune and its villages;
a village board its own village's contributions and campaigns; the province office reads only
(NotAllowed, 403, on a write). Amounts are whole đồng, never negative, read from "14.808.000.000".
Disbursed above allocated is accepted and flagged as a warning by funding_summary, not refused:
documents report money carried over from earlier years ("vốn kéo dài, chuyển nguồn") against the
current year's allocation, so a larger disbursement can be true.
"""

from .community import (
    add_campaign,
    add_contribution,
    add_ocop_product,
    delete_campaign,
    delete_contribution,
    delete_ocop_product,
    update_campaign,
    update_contribution,
    update_ocop_product,
)
from .funding import delete_funding, delete_stated_total, save_funding, set_stated_total
from .works import add_work_document, create_work, delete_work, delete_work_document, update_work

__all__ = [
    "add_campaign", "add_contribution", "add_ocop_product", "add_work_document", "create_work", "delete_campaign",
    "delete_contribution", "delete_funding", "delete_ocop_product", "delete_stated_total", "delete_work",
    "delete_work_document", "save_funding", "set_stated_total", "update_campaign", "update_contribution",
    "update_ocop_product", "update_work",
]
