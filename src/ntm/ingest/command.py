"""`ntm extract FILE [--json]`: the facts of one legacy report, read without any database.

Default output is a short Vietnamese summary; `--json` prints the issue-4 contract. The file is read as
an upload is (`bounded.read_report`): a scanned PDF page is read by OCR, and the facts read there come
out marked as on the review page (lower confidence in `evidence`, one `ocr_page` warning per page). A
file that cannot be read gives one line on stderr (Vietnamese, then English) and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from ntm.common.errors import BadInput, NtmError
from ntm.common.formats import format_date, format_money, format_number

from .bounded import read_report
from .readers import MAX_BYTES

_TYPES = {"bao_cao": "Báo cáo", "ke_hoach": "Kế hoạch", "to_trinh": "Tờ trình",
          "quyet_dinh": "Quyết định", "other": "Văn bản khác"}
_SETS = {"xa_ntm": "xã NTM", "xa_ntm_nang_cao": "xã NTM nâng cao", "xa_ntm_kieu_mau": "xã NTM kiểu mẫu",
         "thon_ntm": "thôn NTM", "thon_ntm_kieu_mau": "thôn NTM kiểu mẫu", "unknown": "bộ tiêu chí chưa rõ"}


def main(argv: list[str]) -> int:
    """Run `ntm extract`; return the exit code (0 done, 2 bad input)."""
    parser = argparse.ArgumentParser(prog="ntm extract", description="Đọc số liệu từ báo cáo cũ / extract facts")
    parser.add_argument("file", help="tệp .txt, .docx, .pdf hoặc .doc")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument("--max-mb", type=int, default=MAX_BYTES // (1024 * 1024), help="giới hạn kích thước (MB)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and 2
    try:
        _check_size(Path(args.file), args.max_mb)
        facts = read_report(args.file).facts
    except NtmError as err:
        print(str(err), file=sys.stderr)
        return 2
    print(json.dumps(facts, ensure_ascii=False, indent=2) if args.json else summary(facts))
    return 0


def _check_size(path: Path, max_mb: int) -> None:
    """`--max-mb`, checked before the file is read (OCR of a large scan costs minutes)."""
    if path.is_file() and path.stat().st_size > max_mb * 1024 * 1024:
        raise BadInput(f"«{path.name}» lớn hơn {max_mb} MB, không đọc", f"'{path.name}' is over {max_mb} MB; not read",
                       field=path.name)


def summary(facts: dict[str, Any]) -> str:
    """A readable Vietnamese summary of the extracted facts."""
    lines = [_heading(facts)]
    lines += [_assessment_line(a) for a in facts["assessments"]]
    lines += [f"Chỉ tiêu {v['code']}: {format_number(Decimal(str(v['value'])))}{v['unit']} ({v['as_of'] or '?'})"
              for v in facts["indicator_values"]]
    lines += [f"Vốn năm {f['year'] or '?'}: {format_money(f['total_vnd'])}" for f in facts["funding"]
              if f["total_vnd"] is not None]
    lines += [_work_line(w) for w in facts["works"]]
    lines += _village_lines(facts["villages"])
    lines += [f"Mục tiêu: {_target(t)}" for t in facts["targets"]]
    lines += [_unit_line(u) for u in facts.get("units") or []]
    signer = facts["signer"]
    if signer["name"]:
        lines.append(f"Người ký: {signer['name']} ({signer['title'] or '?'})")
    lines += [f"Cảnh báo: {w['message']}: «{w['text']}»" for w in facts["warnings"]]
    return "\n".join(lines)


def _heading(facts: dict[str, Any]) -> str:
    unit, document = facts["unit"], facts["document"]
    where = unit["name"] or "đơn vị chưa rõ"
    return (f"{_TYPES[document['type']]} — {where}; kỳ {document['period'] or '?'}; "
            f"ngày {_date(document['date'])}; số {document['number'] or 'chưa ghi'}")


def _date(iso: str | None) -> str:
    """"2024-03-14" → "14/3/2024", as documents write it."""
    return format_date(dt.date.fromisoformat(iso)) if iso else "chưa ghi"


def _assessment_line(item: dict[str, Any]) -> str:
    line = f"{_SETS[item['set']]}: đạt {item['criteria_met']}/{item['criteria_total'] or '?'} tiêu chí"
    if item["indicators_met"] is not None:
        line += f", {item['indicators_met']}/{item['indicators_total'] or '?'} chỉ tiêu"
    if item["unmet_criteria"]:
        line += "; chưa đạt: " + ", ".join(str(n) for n in item["unmet_criteria"])
    return f"{line} (đến {item['as_of'] or '?'})"


def _unit_line(unit: dict[str, Any]) -> str:
    count = (f"đạt {unit['criteria_met']}/{unit['criteria_total'] or '?'} tiêu chí"
             if unit["criteria_met"] is not None else "không nêu số tiêu chí")
    unmet = "; chưa đạt: " + ", ".join(map(str, unit["unmet_criteria"])) if unit["unmet_criteria"] else ""
    level = {"district": "cấp huyện", "province": "cấp tỉnh"}.get(unit["level"], "cấp xã")
    return f"Đơn vị: {unit['name']} ({level}) — {count}{unmet}"


def _work_line(work: dict[str, Any]) -> str:
    cost = format_money(work["cost_vnd"]) if work["cost_vnd"] is not None else "?"
    progress = f", đạt {work['progress_pct']}%" if work["progress_pct"] is not None else ""
    return f"Công trình: {work['name']} — {cost}{progress}"


def _village_lines(villages: dict[str, Any]) -> list[str]:
    counts = [f"{label} {villages[key]}" for key, label in
              (("total", "tổng số thôn"), ("ntm", "đạt NTM"), ("model", "kiểu mẫu")) if villages[key] is not None]
    names = ["Thôn: " + ", ".join(villages["names"])] if villages["names"] else []
    return (["Thôn: " + "; ".join(counts)] if counts else []) + names


def _target(target: dict[str, Any]) -> str:
    what = f"tiêu chí {target['criterion']}" if target["criterion"] else target["text"][:80]
    return f"{what} — hạn {target['deadline'] or '?'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
