"""Pages: the báo cáo of every commune of a province as one background job — start it, watch it, take the ZIP.

Only those who oversee the province (its coordination office, an administrator) see these pages: the
province is looked up with REVIEW access, so a commune official gets the same 404 as for any unit not theirs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from ntm.common.errors import BadInput, NotFound
from ntm.common.jobs import RESULTS_KEPT, get_job_in_scope, recent_jobs, result_filename
from ntm.common.models import Job, JobState
from ntm.common.scope import Access, get_unit_in_scope
from ntm.documents.batch import KIND, start_province_batch
from ntm.geo.models import Unit
from ntm.monitoring.periods import Period

from . import selectors


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest, key: str) -> HttpResponse:
    """The form (period) and the province's latest batches; POST starts one and shows its progress."""
    province = get_unit_in_scope(request.user, key, Access.REVIEW)
    period, error = selectors.default_period(province), None
    if request.method == "POST":
        try:
            period = Period.parse(request.POST.get("ky", ""))
            job = start_province_batch(actor=request.user, province=province, period=period)
            return redirect("web:documents_batch_job", key=key, pk=job.pk)
        except BadInput as exc:
            error = exc.message_vi
    return render(request, "documents_batch/batch.html", {
        "unit": province, "period": period, "periods": selectors.period_choices(period, province),
        "jobs": [(j, Period.parse(j.params["period"])) for j in recent_jobs(request.user, unit=province, kind=KIND)],
        "error": error},
        status=422 if error else 200)


@login_required
@require_GET
def job(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """One batch: its progress bar (refreshed by htmx until it ends), failures and the ZIP link."""
    province, found = _job(request, key, pk)
    return render(request, "documents_batch/job.html", {"unit": province, "job": found, **_progress(found)})


@login_required
@require_GET
def progress(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """The progress block alone, for htmx polling."""
    province, found = _job(request, key, pk)
    return render(request, "documents_batch/_progress.html", {"unit": province, "job": found, **_progress(found)})


@login_required
@require_GET
def download(request: HttpRequest, key: str, pk: int) -> FileResponse:
    """The batch's ZIP, once done, to those who oversee the province."""
    _, found = _job(request, key, pk)
    if found.state != JobState.DONE or not found.result:
        raise NotFound("việc này chưa có tệp kết quả", "this job has no result file yet", field="job")
    return FileResponse(found.result.open("rb"), as_attachment=True, filename=result_filename(found),
                        content_type="application/zip")


def _job(request: HttpRequest, key: str, pk: int) -> tuple[Unit, Job]:
    province = get_unit_in_scope(request.user, key, Access.REVIEW)
    return province, get_job_in_scope(request.user, pk, kind=KIND, unit=province)


def _progress(job: Job) -> dict[str, object]:
    return {"period": Period.parse(job.params["period"]), "succeeded": job.done - len(job.failures),
            "kept_days": RESULTS_KEPT.days}


urlpatterns = [
    path("tinh/<str:key>/van-ban-hang-loat/", batch, name="documents_batch"),
    path("tinh/<str:key>/van-ban-hang-loat/<int:pk>/", job, name="documents_batch_job"),
    path("tinh/<str:key>/van-ban-hang-loat/<int:pk>/tien-do/", progress, name="documents_batch_progress"),
    path("tinh/<str:key>/van-ban-hang-loat/<int:pk>/tai-ve/", download, name="documents_batch_download"),
]
