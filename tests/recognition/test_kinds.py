"""The dossier kinds' data file: every document and kind cites a source; unknown shares stay unknown."""

from __future__ import annotations

import pytest

from ntm.common.errors import BadInput
from ntm.criteria.catalog import all_sets
from ntm.recognition.kinds import all_kinds, get_kind, share_note, source_text
from ntm.recognition.models import Kind


def test_every_kind_of_the_model_is_in_the_data_file_with_a_known_set_kind():
    assert set(all_kinds()) == set(Kind.values)
    set_kinds = {s.kind for s in all_sets().values()}
    for kind in all_kinds().values():
        assert kind.set_kind in set_kinds
        assert kind.appraiser in ("commune", "province")
        assert kind.documents and any(d.required for d in kind.documents)


def test_every_document_and_kind_names_a_source_that_is_cited():
    for kind in all_kinds().values():
        for code in (*kind.sources, *(d.source for d in kind.documents)):
            assert source_text(code) != code, f"{kind.code}: source {code} not cited"


def test_the_required_share_in_favour_is_unknown_with_a_note():
    assert all(k.required_share is None for k in all_kinds().values())
    assert "chưa" in share_note()


def test_villages_are_appraised_by_their_commune_and_communes_by_the_province():
    assert get_kind("thon_ntm").appraiser == "commune" and get_kind("xa_ntm").appraiser == "province"
    with pytest.raises(BadInput):
        get_kind("huyen_ntm")
