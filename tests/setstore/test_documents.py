"""File → database → file: every catalogue file survives the round trip; a bad document gives the loader's words."""

import textwrap

import pytest

from ntm.common.errors import BadInput, CatalogError
from ntm.criteria.catalog import CATALOG_DIR, file_sets, load_dir, load_text
from ntm.criteria.report import set_to_dict
from ntm.setstore import services
from ntm.setstore.selectors import export_text

FILES = sorted(CATALOG_DIR.glob("*.yaml"))


def _renamed(text: str, old: str, new: str) -> str:
    return text.replace(f"\nid: {old}\n", f"\nid: {new}\n", 1) if not text.startswith("id:") else \
        text.replace(f"id: {old}\n", f"id: {new}\n", 1)


def _comparable(cset):
    data = set_to_dict(cset)
    data.pop("id")
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_catalogue_file_round_trips_through_the_database(path):
    original = file_sets()[path.stem if path.stem in file_sets() else next(
        s.id for s in file_sets().values() if s.path == str(path))]
    text = _renamed(path.read_text(encoding="utf-8"), original.id, f"rt-{original.id}")
    version = services.import_set(actor=None, text=text, name=path.name, publish=True)
    exported = export_text(None, version.set_id)
    again = load_text(exported, "again.yaml", file_sets())
    assert _comparable(again) == _comparable(original)
    assert exported == text  # the document is kept as written: comments and order too


@pytest.mark.django_db
def test_a_file_set_exports_as_its_file():
    path = CATALOG_DIR / "th-32-2022.yaml"
    assert export_text(None, "th-32-2022") == path.read_text(encoding="utf-8")


BROKEN = [
    ("comparator: is_true", "comparator: '>>'"),
    ('title: "Bộ tốt"\n', ""),
    ("valid_from: 2022-01-01", "valid_from: 2022-13-01"),
    ("threshold: true", "threshold: 5"),
    ("- number: 1", "- number: uno"),
    ("kind: xa_ntm", "kind: huyen"),
]
GOOD = """\
id: good
title: "Bộ tốt"
kind: xa_ntm
level: commune
decision: {number: "1/TEST", date: 2022-01-01}
valid_from: 2022-01-01
criteria:
  - number: 1
    name: "Quy hoạch"
    indicators:
      - {code: "1.1", name: "Có quy hoạch", value_type: boolean, comparator: is_true, threshold: true}
"""


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), BROKEN)
def test_the_database_rejects_a_document_with_the_file_loaders_message(tmp_path, old, new):
    text = textwrap.dedent(GOOD).replace(old, new)
    (tmp_path / "set.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as from_file:
        load_dir(tmp_path)
    with pytest.raises(BadInput) as from_db:
        services.import_set(actor=None, text=text, name="set.yaml")
    assert from_db.value.message_vi == from_file.value.message_vi
    assert from_db.value.message_en == from_file.value.message_en
    assert from_db.value.field == from_file.value.field
    assert "set.yaml" in from_db.value.message_vi


@pytest.mark.django_db
def test_a_variant_naming_an_unknown_indicator_is_rejected_with_line_and_field():
    text = 'id: th-x\nextends: qd318-2022\nprovince: "38"\ntitle: "x"\nvalid_from: 2022-01-01\n' \
           'overrides:\n  "15.1":\n    comparator: ">>"\n'
    with pytest.raises(BadInput) as caught:
        services.import_set(actor=None, text=text, name="bad.yaml")
    assert "bad.yaml, dòng 8, trường «overrides.15.1.comparator»" in caught.value.message_vi


@pytest.mark.django_db
def test_a_file_sets_id_cannot_be_taken():
    text = (CATALOG_DIR / "th-32-2022.yaml").read_text(encoding="utf-8")
    with pytest.raises(BadInput, match="th-32-2022"):
        services.import_set(actor=None, text=text, name="th-32-2022.yaml")
