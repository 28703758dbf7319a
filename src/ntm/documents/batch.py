"""The báo cáo of every commune of a province as one background job: a ZIP of DOCX files, failures listed.

`start_province_batch` checks the actor, fixes the list of communes and queues the task (or returns the same
batch, still queued or running); `run_batch` (run by the worker, see tasks.py) first deletes the ZIPs of
batches past common.jobs.RESULTS_KEPT, then builds each commune's báo cáo in turn. A commune that fails is recorded with
its reason and the others go on; the ZIP holds the documents made, plus loi.txt naming those that failed.
"""

from __future__ import annotations

import logging
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Q

from ntm.common.errors import BadInput, NtmError
from ntm.common.jobs import (
    delete_old_results,
    fail_job,
    finish_job,
    mark_running,
    record_progress,
    start_unique_job,
)
from ntm.common.models import Job
from ntm.common.scope import Access, require_scope, visible_units
from ntm.common.text import fold
from ntm.geo.models import Level, Unit
from ntm.monitoring.periods import Period

logger = logging.getLogger(__name__)

KIND = "documents.province_batch"
DOCUMENT = "bao-cao"
FORMAT = "docx"
FAILURES_FILE = "loi.txt"
# render_document(unit, period_key, kind=..., fmt=...) -> bytes, or a stand-in with the same signature.
Builder = Callable[..., bytes]


def start_province_batch(*, actor: Any, province: Unit, period: Period) -> Job:
    """Queue the báo cáo of every commune of `province` the actor sees, for `period`.

    The same batch (province, period, communes) still queued or running is returned instead of a second.
    Raises OutOfScope unless the actor oversees the province (its coordination office, an administrator),
    BadInput when the unit is not a province or has no commune in that period.
    """
    require_scope(actor, province, Access.REVIEW)
    if province.level != Level.PROVINCE:
        raise BadInput(f"«{province.name}» không phải là tỉnh", f"'{province.name}' is not a province", field="unit")
    communes = batch_communes(actor, province, period)
    if not communes:
        raise BadInput(f"{province.name} không có xã nào trong kỳ {period.label_vi}",
                       f"{province.name} has no commune in period {period.key}", field="period")
    from .tasks import build_province_reports  # the task module imports this one

    params = {"period": period.key, "document": DOCUMENT, "units": [c.pk for c in communes]}
    return start_unique_job(actor=actor, kind=KIND, unit=province, params=params, task=build_province_reports)


def batch_communes(actor: Any, province: Unit, period: Period) -> list[Unit]:
    """The communes of the province (and of the provinces merged into it) in existence at the period's end,
    that the actor may see; by name."""
    territory = Q(scheme=province.scheme, province_code=province.code)
    for predecessor in Unit.objects.filter(successions__successor=province):
        territory |= Q(scheme=predecessor.scheme, province_code=predecessor.code)
    alive = ((Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
             & (Q(valid_to__isnull=True) | Q(valid_to__gte=period.end)))
    return list(visible_units(actor).filter(territory, alive, level=Level.COMMUNE).order_by("name", "code"))


def run_batch(job_id: int, builder: Builder | None = None) -> dict[str, int]:
    """Build every commune's document of the job into its ZIP; the job ends done, or failed with the reason."""
    job = Job.objects.select_related("unit").get(pk=job_id)
    delete_old_results()
    try:
        return _run(job, builder or _render_document())
    except BaseException as exc:  # a worker stopped mid-batch (SystemExit) too: the job must not stay "running"
        fail_job(job, message=failure_message(exc))
        raise


def _render_document() -> Builder:
    from .services import render_document  # imported when a batch runs: the builder lives with the documents

    return render_document


def _run(job: Job, builder: Builder) -> dict[str, int]:
    period_key = job.params["period"]
    communes = list(Unit.objects.filter(pk__in=job.params["units"]).order_by("name", "code"))
    mark_running(job, total=len(communes))
    with tempfile.TemporaryDirectory(prefix="ntm-job-") as folder:
        path = Path(folder) / "result.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            failures = _build_all(job, communes, period_key, builder, archive)
            if failures:
                archive.writestr(FAILURES_FILE, failures_text(failures, len(communes), period_key))
        finish_job(job, path=path, name=f"{DOCUMENT}-{slug(job.unit.short_name)}-{period_key}.zip")
    return {"total": len(communes), "failed": len(failures)}


def _build_all(job: Job, communes: list[Unit], period_key: str, builder: Builder,
               archive: zipfile.ZipFile) -> list[dict[str, str]]:
    failures: list[dict[str, str]] = []
    names: set[str] = set()
    for done, commune in enumerate(communes, start=1):
        try:
            content = builder(commune, period_key, kind=DOCUMENT, fmt=FORMAT)
        except Exception as exc:  # one commune's failure is reported (and logged); it never stops the others
            logger.exception("batch job %s: %s (%s) failed", job.pk, commune.name, commune.key)
            failures.append({"unit": commune.key, "name": commune.name, "message": failure_message(exc)})
        else:
            # A DOCX is itself a ZIP: deflating it again costs time and saves nothing.
            archive.writestr(file_name(commune, period_key, names), content, compress_type=zipfile.ZIP_STORED)
        record_progress(job, done=done, failures=failures)
    return failures


def failure_message(exc: BaseException) -> str:
    """What the official reads: the domain error's Vietnamese message, else the kind of internal error."""
    if not isinstance(exc, Exception):
        return "tiến trình chạy nền bị dừng giữa chừng; hãy tạo lại"
    if isinstance(exc, NtmError):
        return exc.message_vi
    return f"lỗi hệ thống ({type(exc).__name__}: {exc})"[:500]


def slug(name: str) -> str:
    """"Cẩm Ngọc" → "cam-ngoc": file names any system reads."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def file_name(commune: Unit, period_key: str, taken: set[str]) -> str:
    """"bao-cao-cam-ngoc-2024-Q1.docx"; two communes of one name are told apart by their code."""
    name = f"{DOCUMENT}-{slug(commune.short_name)}-{period_key}.{FORMAT}"
    if name in taken:
        name = f"{DOCUMENT}-{slug(commune.short_name)}-{commune.code}-{period_key}.{FORMAT}"
    taken.add(name)
    return name


def failures_text(failures: list[dict[str, str]], total: int, period_key: str) -> str:
    """loi.txt: one line per commune whose document could not be made, with the reason."""
    lines = [f"Không tạo được báo cáo kỳ {period_key} của {len(failures)}/{total} xã:", ""]
    lines += [f"- {f['name']} ({f['unit']}): {f['message']}" for f in failures]
    return "\r\n".join(lines) + "\r\n"
