"""The `ntm` command: a stable contract for people and scripts.

Pure commands (evaluate --input, extract) never open the database; `criteria list|show|export` read the
published database sets too when a database exists (files only otherwise). Database
commands are Django management commands in their app; `ntm` forwards to them. Exit 0 on
success, 2 on bad input or usage (one line on stderr naming the field), 1 on an internal
failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ntm.common.errors import BadInput, NtmError

# `ntm <name>` → Django management command; the rest of the arguments pass through.
MANAGEMENT = {
    "load-units": "load_units", "demo": "demo", "manage": None, "serve": "serve", "setup": "setup",
    "create-api-token": "create_api_token", "revoke-api-token": "revoke_api_token", "plan": "plan",
    "funding": "funding", "remind": "remind",
    "document": "document", "backup": "backup", "restore": "restore",
}


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _with_database_sets() -> None:
    """Let the catalogue include the published database sets when a database is configured (files only if not)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    try:
        import django
        from django.conf import settings

        django.setup()
        database = settings.DATABASES["default"]
        name = str(database["NAME"])
        in_memory = name == ":memory:" or "mode=memory" in name
        if "sqlite" in database["ENGINE"] and not in_memory and not Path(name).exists():
            from ntm.setstore.provider import disable

            disable()  # no database yet: do not create one just to find it empty
    except Exception:  # noqa: BLE001, S110 - no settings or no Django: the files' sets are the catalogue
        pass


def _criteria_list(args: argparse.Namespace) -> int:
    from ntm.criteria.catalog import all_sets
    from ntm.criteria.report import threshold_status_counts

    _with_database_sets()
    sets = sorted(all_sets().values(), key=lambda s: (s.valid_from, s.id))
    rows = [{"id": s.id, "title": s.title, "kind": s.kind, "level": s.level, "decision": s.decision_label,
             "extends": s.extends, "valid_from": s.valid_from.isoformat(),
             "valid_to": s.valid_to.isoformat() if s.valid_to else None,
             "criteria": len(s.criteria), "indicators": len(s.indicators),
             "threshold_status_counts": threshold_status_counts(s)} for s in sets]
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        until = f"đến {r['valid_to']}" if r["valid_to"] else "còn hiệu lực"
        counts = r["threshold_status_counts"]
        print(f"{r['id']:<26} {r['decision']:<34} từ {r['valid_from']} {until:<16} "
              f"{r['criteria']:>2} tiêu chí, {r['indicators']:>3} chỉ tiêu  {r['title']}\n"
              f"{'':<26} ngưỡng: {counts['confirmed']} đã xác nhận · {counts['seed']} theo báo cáo · "
              f"{counts['recalled']} nhớ lại · {counts['unknown']} chưa rõ")
    return 0


def _criteria_show(args: argparse.Namespace) -> int:
    from ntm.criteria.catalog import get_set
    from ntm.criteria.report import set_to_dict

    _with_database_sets()
    data = set_to_dict(get_set(args.set))
    if args.json:
        _print_json(data)
        return 0
    print(f"{data['id']}: {data['title']} — {get_set(args.set).decision_label}")
    for c in data["criteria"]:
        print(f"  {c['number']:>2}. {c['name']}")
        for i in c["indicators"]:
            threshold = "chưa rõ" if i["threshold"] is None else json.dumps(i["threshold"], ensure_ascii=False)
            print(f"      {i['code']:<6} {i['name']} [{i['value_type']} {i['comparator']} {threshold}]")
    return 0


def _criteria_export(args: argparse.Namespace) -> int:
    _with_database_sets()
    from django.db import DatabaseError

    from ntm.criteria.catalog import get_set
    from ntm.setstore.selectors import export_text

    try:
        text = export_text(None, args.set)
    except DatabaseError:
        get_set(args.set)  # names the known sets when the id is unknown
        raise
    sys.stdout.write(text)
    return 0


def _criteria_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BadInput(f"không đọc được tệp «{path}» ({err.strerror})", f"cannot read '{path}' ({err.strerror})",
                       field="file") from err
    _with_database_sets()
    from django.db import DatabaseError

    from ntm.setstore.services import import_set

    try:
        version = import_set(actor=None, text=text, name=path.name, publish=args.publish)
    except DatabaseError as err:
        raise BadInput(f"chưa có cơ sở dữ liệu sẵn sàng ({err}); chạy «ntm setup» trước",
                       f"the database is not ready ({err}); run 'ntm setup' first", field="database") from err
    state = "đã ban hành" if version.state == "published" else "bản nháp"
    print(f"{version.set_id}: phiên bản {version.version} ({state})")
    return 0


def _read_input(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise BadInput(f"không đọc được tệp «{path}» ({err.strerror})", f"cannot read '{path}' ({err.strerror})",
                       field="input") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInput(f"tệp «{path}» không phải JSON hợp lệ (dòng {err.lineno}, cột {err.colno}: {err.msg})",
                       f"'{path}' is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})",
                       field="input") from err
    if not isinstance(data, dict):
        raise BadInput("tệp đầu vào phải là một đối tượng JSON", "the input must be a JSON object", field="input")
    return data


def _evaluate_file(args: argparse.Namespace) -> int:
    from ntm.criteria.catalog import get_set
    from ntm.criteria.engine import evaluate
    from ntm.criteria.inputs import parse_criteria_assessed, parse_profile, parse_values
    from ntm.criteria.report import evaluation_text, evaluation_to_dict

    cset = get_set(args.set)
    data = _read_input(args.input)
    unknown_keys = set(data) - {"region", "group", "zone", "year", "flags", "values", "criteria"}
    if unknown_keys:
        raise BadInput(f"khóa không hợp lệ: {', '.join(sorted(unknown_keys))}",
                       f"unknown keys: {', '.join(sorted(unknown_keys))}", field=sorted(unknown_keys)[0])
    evaluation = evaluate(cset, parse_profile(cset, data), parse_values(cset, data.get("values", {})),
                          parse_criteria_assessed(cset, data.get("criteria")))
    if args.json:
        _print_json(evaluation_to_dict(evaluation, cset))
    else:
        print(evaluation_text(evaluation))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    if args.input and args.unit:
        raise BadInput("chọn --input hoặc --unit, không chọn cả hai", "give --input or --unit, not both", field="input")
    if args.input:
        if not args.set:
            raise BadInput("cần --set khi đánh giá từ tệp", "--set is required with --input", field="set")
        return _evaluate_file(args)
    if not (args.unit and args.period):
        raise BadInput("cần --input FILE, hoặc --unit MÃ --period KỲ", "give --input FILE, or --unit CODE --period P",
                       field="unit")
    argv = ["evaluate_unit", "--unit", args.unit, "--period", args.period]
    argv += ["--set", args.set] if args.set else []
    argv += ["--json"] if args.json else []
    return _manage(argv)


def _extract(args: argparse.Namespace, rest: list[str]) -> int:
    from ntm.ingest.command import main as extract_main

    return extract_main(rest)


def _manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    if argv and argv[0] in ("evaluate_unit",):
        call_command(*argv)
        return 0
    execute_from_command_line(["ntm", *argv])
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ntm", description="ntm: chương trình MTQG xây dựng nông thôn mới")
    sub = parser.add_subparsers(dest="command", required=True)
    criteria = sub.add_parser("criteria", help="các bộ tiêu chí").add_subparsers(dest="action", required=True)
    listing = criteria.add_parser("list", help="liệt kê các bộ tiêu chí")
    listing.add_argument("--json", action="store_true")
    show = criteria.add_parser("show", help="xem một bộ tiêu chí")
    show.add_argument("set")
    show.add_argument("--json", action="store_true")
    export = criteria.add_parser("export", help="in một bộ tiêu chí theo định dạng tệp YAML của danh mục")
    export.add_argument("set")
    imp = criteria.add_parser("import", help="nạp một bộ tiêu chí (tệp YAML) vào cơ sở dữ liệu")
    imp.add_argument("file")
    imp.add_argument("--publish", action="store_true", help="ban hành ngay (mặc định: bản nháp)")
    ev = sub.add_parser("evaluate", help="đánh giá mức đạt chuẩn")
    ev.add_argument("--set")
    ev.add_argument("--input", help="tệp JSON: region, group, year, flags, values, criteria")
    ev.add_argument("--unit", help="mã đơn vị, ví dụ legacy:15169 hoặc 2025:15127")
    ev.add_argument("--period", help="kỳ: 2024-Q1, 2024-03, 2024-6M, 2024-9M, 2024")
    ev.add_argument("--json", action="store_true")
    sub.add_parser("extract", help="trích xuất dữ liệu từ báo cáo cũ (.txt, .docx, .pdf, .doc)", add_help=False)
    for name in MANAGEMENT:
        sub.add_parser(name, help=f"lệnh quản trị ({MANAGEMENT[name] or 'django'})", add_help=False)
    return parser


_HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("criteria", "list"): _criteria_list, ("criteria", "show"): _criteria_show,
    ("criteria", "export"): _criteria_export, ("criteria", "import"): _criteria_import, ("evaluate", None): _evaluate,
}


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "extract":
        return _extract(argparse.Namespace(), argv[1:])
    if argv and argv[0] in MANAGEMENT:
        target = MANAGEMENT[argv[0]]
        return _manage(([target] if target else []) + argv[1:])
    args = _parser().parse_args(argv)
    return _HANDLERS[(args.command, getattr(args, "action", None))](args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ntm` console script; returns the exit code."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except NtmError as err:
        print(f"lỗi: {err.message_vi} | error: {err.message_en}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `ntm … | head`: the reader left; stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream until exit
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
