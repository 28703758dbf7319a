"""Uploaded documents: allowed types and size, only by the unit's own body before submission, served in scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.errors import BadInput, NotAllowed
from ntm.recognition.services import missing_documents, upload_document

from .conftest import advance, pdf

pytestmark = pytest.mark.django_db


def test_types_size_and_item_are_checked(village_dossier, roles):
    board = roles["village_board"]
    with pytest.raises(BadInput):
        upload_document(actor=board, dossier=village_dossier, item="to_trinh",
                        upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(BadInput):
        upload_document(actor=board, dossier=village_dossier, item="to_trinh",
                        upload=SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1)))
    with pytest.raises(BadInput):
        upload_document(actor=board, dossier=village_dossier, item="khong_co", upload=pdf())
    stored = upload_document(actor=board, dossier=village_dossier, item="to_trinh", upload=pdf("to-trinh.pdf"))
    assert stored.original_name == "to-trinh.pdf"
    assert "Tờ trình đề nghị thẩm định, công nhận" not in missing_documents(village_dossier)


def test_appraisers_and_superusers_do_not_upload(village_dossier, roles):
    for role in ("province_office", "superuser"):
        with pytest.raises(NotAllowed):
            upload_document(actor=roles[role], dossier=village_dossier, item="to_trinh", upload=pdf())


def test_no_upload_after_submission(village_dossier, roles):
    advance(village_dossier, "submitted", submitter=roles["village_board"])
    with pytest.raises(NotAllowed):
        upload_document(actor=roles["village_board"], dossier=village_dossier, item="minh_chung", upload=pdf())


def test_submission_needs_every_required_document(village_dossier, roles):
    from ntm.recognition.services import record_consultation, self_assess, submit_dossier

    self_assess(actor=None, dossier=village_dossier)
    record_consultation(actor=None, dossier=village_dossier, votes_for=3, votes_total=4)
    with pytest.raises(BadInput) as refused:
        submit_dossier(actor=roles["village_board"], dossier=village_dossier)
    assert "Tờ trình" in refused.value.message_vi


def test_files_are_served_only_in_scope(village_dossier, roles, client):
    stored = upload_document(actor=roles["village_board"], dossier=village_dossier, item="to_trinh", upload=pdf())
    client.force_login(roles["commune_official"])
    assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 200
    client.force_login(roles["other_commune"])
    assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 404
    assert client.get(f"/ho-so/{village_dossier.pk}/tep/").status_code == 404
