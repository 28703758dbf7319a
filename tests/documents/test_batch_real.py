"""The batch with the real builder (documents.services.render_document) over the demo's Thanh Hóa seed communes."""

import io
import zipfile

import pytest
from docx import Document as Docx

from ntm.common.models import Job, JobState
from ntm.documents.batch import KIND, run_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    from ntm.monitoring.demo import load_demo

    return load_demo()


def test_each_seed_communes_bao_cao_is_in_the_zip_and_names_its_commune(demo, unit):
    communes = [unit(k) for k in ("legacy:15079", "legacy:15169", "legacy:15205", "legacy:15655")]
    job = Job.objects.create(kind=KIND, unit=unit("legacy:province:38"),
                             params={"period": "2024-Q1", "document": "bao-cao", "units": [c.pk for c in communes]})
    run_batch(job.pk)
    job.refresh_from_db()
    assert (job.state, job.done, job.failures) == (JobState.DONE, 4, [])
    archive = zipfile.ZipFile(io.BytesIO(job.result.read()))
    assert sorted(archive.namelist()) == ["bao-cao-cam-ngoc-2024-Q1.docx", "bao-cao-cao-ngoc-2024-Q1.docx",
                                          "bao-cao-ngoc-phung-2024-Q1.docx", "bao-cao-thach-cam-2024-Q1.docx"]
    text = "\n".join(p.text for p in Docx(io.BytesIO(archive.read("bao-cao-cao-ngoc-2024-Q1.docx"))).paragraphs)
    assert "CAO NGỌC" in text.upper() and "BÁO CÁO" in text.upper()
