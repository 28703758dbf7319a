"""Documents handed over by a provider (the database sets): a national one may replace a national file set under
its id; a provincial file set is never replaced; variants from the provider follow the replacement."""

import pytest

from ntm.criteria import catalog
from ntm.criteria.catalog import CATALOG_DIR, all_sets, file_sets, forget_extra_sets


@pytest.fixture
def provide(monkeypatch):
    def give(*documents):
        monkeypatch.setattr(catalog, "_providers", [lambda: (documents, list(documents))])
        forget_extra_sets()

    yield give
    forget_extra_sets()


def qd51_with_title(title):
    text = (CATALOG_DIR / "qd51-2025.yaml").read_text(encoding="utf-8")
    return text.replace('title: "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030"', f'title: "{title}"')


def test_a_national_document_replaces_the_national_file_set(provide):
    provide(("db:qd51-2025@v1.yaml", qd51_with_title("Bản trong cơ sở dữ liệu")))
    assert all_sets()["qd51-2025"].title == "Bản trong cơ sở dữ liệu"
    assert file_sets()["qd51-2025"].title != "Bản trong cơ sở dữ liệu"


def test_a_provincial_file_set_is_not_replaced(provide):
    text = (CATALOG_DIR / "th-32-2022.yaml").read_text(encoding="utf-8").replace(
        "title: \"Bộ tiêu chí xã nông thôn mới tỉnh Thanh Hóa giai đoạn 2022–2025\"", 'title: "Bản thay"', 1)
    other = text.replace("id: th-32-2022", "id: th-32-thu", 1)
    provide(("db:th-32-2022@v1.yaml", text), ("db:th-32-thu@v1.yaml", other))
    assert all_sets()["th-32-thu"].title == "Bản thay"  # the same document under a new id is taken
    assert all_sets()["th-32-2022"] is file_sets()["th-32-2022"]


def test_a_provider_variant_follows_the_replaced_national_set(provide):
    variant = ('id: th-51-thu\ntitle: "Biến thể"\nextends: qd51-2025\nprovince: "38"\nvalid_from: 2026-02-15\n'
               'add_indicators:\n  - {criterion: 1, code: "1.1", name: "Thử", value_type: percent, comparator: ">=",'
               ' threshold: 90}\n')
    base = qd51_with_title("Bản trong cơ sở dữ liệu").replace(
        'name: "Quy hoạch"\n    indicators', 'name: "Quy hoạch (sửa)"\n    indicators', 1)
    provide(("db:th-51-thu@v1.yaml", variant), ("db:qd51-2025@v1.yaml", base))
    sets = all_sets()
    assert sets["th-51-thu"].criteria[0].name == "Quy hoạch (sửa)"
    assert [i.code for i in sets["th-51-thu"].criteria[0].indicators] == ["1", "1.1"]
