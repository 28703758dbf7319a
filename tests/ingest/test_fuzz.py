"""Bounded fuzzing: any bytes given as a file, any text given to extract(), never crash."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.common.errors import BadInput
from ntm.ingest.extract import extract
from ntm.ingest.readers import read_file
from ntm.ingest.schema import validate

from .builders import build_docx, build_pdf

_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_VALID: dict[str, bytes] = {}


def _valid(suffix: str) -> bytes:
    if suffix not in _VALID:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"v{suffix}"
            if suffix == ".docx":
                build_docx(path, ["BÁO CÁO", "Xã đã đạt 16/19 tiêu chí"])
            else:
                build_pdf(path, "BÁO CÁO\nXã đã đạt 16/19 tiêu chí")
            _VALID[suffix] = path.read_bytes()
    return _VALID[suffix]


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(BadInput):
            extract(read_file(path).text)


@_SETTINGS
@given(st.binary(max_size=4000), st.sampled_from([".txt", ".docx", ".pdf", ".doc", ""]))
def test_random_bytes_as_a_file_give_text_or_bad_input(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@_SETTINGS
@given(st.sampled_from([".docx", ".pdf"]), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8))
def test_damaged_real_files_give_text_or_bad_input(suffix: str, edits: list[tuple[int, int]]) -> None:
    data = bytearray(_valid(suffix))
    for position, value in edits:
        data[position % len(data)] = value
    _read(bytes(data), suffix)


_VOCAB = st.sampled_from(["đạt", "16/19", "tiêu chí", "chưa đạt", "thôn", "Thôn", "Xã", "năm 2024", "tỷ",
                          "triệu đồng", "1.000.000", "trong đó:", "\n- ", "\n", "Mục 15.1", "(79,9%)",
                          "phấn đấu", "ngày", "tháng", "KT. CHỦ TỊCH", "Phạm Văn", "ƣ", "-\n", "quý I"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_VOCAB, max_size=60).map(" ".join)))
def test_any_text_gives_a_valid_contract(text: str) -> None:
    assert validate(extract(text)) == []
