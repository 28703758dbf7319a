"""The narrative sentences of a document, drafted from the facts. Pure: facts in, (lines, figures) out.

Each function returns the section's lines, as the seeds write them ("Đến tháng 3/2024 xã đã đạt
16/19 tiêu chí, cụ thể:", "- Tiêu chí số 1 - Quy hoạch"), and the figures they were drafted from
(label → value), which are stored beside the text so a later draft can say what changed.
Where a fact is None the section says "chưa có số liệu", never a guessed figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ntm.common.formats import format_money, format_number

from .numwords import amount_in_words_sentence

NO_DATA = "Chưa có số liệu."
Lines = tuple[list[str], dict[str, str]]

_UNIT_WORD = {"commune": "xã", "village": "thôn", "province": "tỉnh"}


def unit_word(facts: dict[str, Any]) -> str:
    """"xã", "thôn" or "tỉnh"."""
    return _UNIT_WORD.get(facts["unit"]["level"], "đơn vị")


_LEVEL_WORDS = ("xã ", "thôn ", "làng ", "bản ", "xóm ", "ấp ", "khu ", "tổ dân phố ", "phường ", "thị trấn ",
                "huyện ", "tỉnh ", "thành phố ")


def in_sentence(name: str) -> str:
    """"Xã Cao Ngọc" → "xã Cao Ngọc": only the word for the level is lower-cased ("Song Nga" stays)."""
    return name[:1].lower() + name[1:] if name.lower().startswith(_LEVEL_WORDS) else name


def unit_title(facts: dict[str, Any]) -> str:
    """The unit as a document names it: "Xã Cao Ngọc", "Thôn Song Nga" (a village's bare name gets its word)."""
    return facts["unit"].get("title") or facts["unit"]["name"]


def _two(n: int) -> str:
    """Counts under ten are written with a leading zero in the seeds ("03 tiêu chí")."""
    return f"{n:02d}"


def _figure(value: Any, unit: str = "") -> str:
    if value is None:
        return "chưa có số liệu"
    if isinstance(value, bool):
        return "có" if value else "không"
    text = format_number(Decimal(str(value)))
    return f"{text}{'%' if unit == '%' else (' ' + unit if unit else '')}"


_COMPARATOR = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


def _gap_sentence(ind: dict[str, Any]) -> str:
    """"  + Chỉ tiêu 15.1 (Tỷ lệ người dân tham gia BHYT): đạt 79,9%, yêu cầu ≥ 90%; còn thiếu 812 người"."""
    parts = [f"  + Chỉ tiêu {ind['code']} ({ind['name']})"]
    if ind["value"] is not None and not isinstance(ind["value"], bool):
        detail = f"đạt {_figure(ind['value'], ind['unit'])}"
        if ind["threshold"] is not None and not isinstance(ind["threshold"], bool):
            detail += f", yêu cầu {_COMPARATOR.get(ind['comparator'], ind['comparator'])} " \
                      f"{_figure(ind['threshold'], ind['unit'])}"
        if ind["gap"] is not None:
            detail += f"; còn thiếu {_figure(ind['gap'], ind['gap_unit'] or ind['unit'])}"
        parts.append(detail)
    else:
        parts.append("chưa đạt")
    return ": ".join(parts)


def criteria_lines(crit: dict[str, Any] | None, *, period_end: str, unit_word: str, with_basis: bool = True) -> Lines:
    """Met list, unmet list with each unmet indicator's gap, and undecided criteria (after the set's basis,
    unless the document already cited it)."""
    if crit is None:
        return [NO_DATA], {}
    end = dt.date.fromisoformat(period_end)
    met, total = crit["met"], crit["total"]
    figures = {"Số tiêu chí đạt": f"{met}/{total}",
               "Tiêu chí chưa đạt": ", ".join(str(c["number"]) for c in crit["unmet_list"]) or "không"}
    lines = [f"Căn cứ {crit['decision']} ban hành {crit['set_title']}."] if with_basis else []
    if not crit["met_list"] and not crit["unmet_list"]:  # nothing decided: "0/19" would be a guess
        lines.append(f"Đến tháng {end.month}/{end.year} chưa có số liệu để đánh giá các tiêu chí của {unit_word}.")
        figures = {"Số tiêu chí đạt": "chưa có số liệu"}
        stated = crit.get("stated")
        if stated:
            lines.append(_stated_sentence(stated))
            figures["Số tiêu chí theo báo cáo"] = f"{stated['criteria_met']}/{stated['criteria_total']}"
        return lines, figures
    stated = crit.get("stated")
    if stated and crit["unknown_list"]:  # the data does not decide every criterion: the stated figure leads
        lines.append(_stated_sentence(stated, lead=True))
        figures["Số tiêu chí theo báo cáo"] = f"{stated['criteria_met']}/{stated['criteria_total']}"
    if crit["met_list"]:
        lines.append(f"Đến tháng {end.month}/{end.year} {unit_word} đã đạt {met}/{total} tiêu chí, cụ thể:")
    else:  # "đã đạt 0/19 tiêu chí, cụ thể:" with nothing under it is not a sentence an office writes
        lines.append(f"Đến tháng {end.month}/{end.year}, theo số liệu đã nhập, {unit_word} chưa có tiêu chí nào "
                     f"được xác định là đạt (0/{total} tiêu chí).")
    lines += [f"- Tiêu chí số {c['number']} - {c['name']}" for c in crit["met_list"]]
    if crit["unmet_list"]:
        names = ", ".join(f"Tiêu chí số {c['number']} về {c['name']}{_codes(c)}" for c in crit["unmet_list"])
        lines.append(f"* Còn {len(crit['unmet_list'])} tiêu chí chưa đạt gồm: {names}.")
        for c in crit["unmet_list"]:
            for ind in c["unmet_indicators"]:
                lines.append(_gap_sentence(ind))
                figures[f"Chỉ tiêu {ind['code']}"] = _figure(ind["value"], ind["unit"])
    if crit["unknown_list"]:
        numbers = ", ".join(str(c["number"]) for c in crit["unknown_list"])
        lines.append(f"* {len(crit['unknown_list'])} tiêu chí chưa có số liệu để đánh giá: tiêu chí số {numbers}.")
        figures["Tiêu chí chưa có số liệu"] = numbers
    if stated and not crit["unknown_list"] and (stated["criteria_met"], stated["criteria_total"]) != (met, total):
        lines.append(_stated_sentence(stated))
        figures["Số tiêu chí theo báo cáo"] = f"{stated['criteria_met']}/{stated['criteria_total']}"
    return lines, figures


def _codes(criterion: dict[str, Any]) -> str:
    """" (chỉ tiêu 17.1)" when the unmet indicators are known, as the seeds write it."""
    codes = [ind["code"] for ind in criterion["unmet_indicators"]]
    return f" (chỉ tiêu {', '.join(codes)})" if codes else ""


def _stated_sentence(stated: dict[str, Any], *, lead: bool = False) -> str:
    """A total a document stated, quoted as such: leading when the data does not decide every criterion,
    in brackets beside a computed total otherwise."""
    source = stated["document"] or "báo cáo đã nhập"
    source = source if source.lower().startswith("báo cáo") else f"báo cáo {source}"
    text = f"Theo {source}: đạt {stated['criteria_met']}/{stated['criteria_total']} tiêu chí"
    if stated["indicators_met"] is not None:
        text += f", {stated['indicators_met']}/{stated['indicators_total']} chỉ tiêu"
    return f"{text}." if lead else f"({text}.)"


def funding_lines(funding: dict[str, Any] | None, *, year: int) -> Lines:
    """"Tổng nguồn vốn huy động năm 2024 là: X đồng (words), trong đó:" and one line per source."""
    if funding is None:
        return [NO_DATA], {}
    total = funding["total"]
    lines = [f"Tổng nguồn vốn huy động để xây dựng NTM năm {year} là: {format_money(total)} "
             f"{amount_in_words_sentence(total)}, trong đó:"]
    lines += [f"- {s['label']}: {format_money(s['amount'])};" for s in funding["sources"]]
    if funding.get("stated") and funding["stated"] != total:
        lines.append(f"(Tổng do văn bản nêu: {format_money(funding['stated'])}, khác tổng các nguồn.)")
    figures = {"Tổng nguồn vốn": format_money(total)}
    figures.update({s["label"]: format_money(s["amount"]) for s in funding["sources"]})
    return lines, figures


def works_lines(works: list[dict[str, Any]] | None) -> Lines:
    """One line per work: name, where, status, progress and planned budget."""
    if works is None:
        return ["Chưa có số liệu công trình trong kỳ."], {}
    lines, figures = [], {}
    for w in works:
        where = f" tại {w['village']}" if w["village"] else ""
        text = f"- {w['name']}{where}: {w['status'].lower()}"
        if w["budget"]:
            text += f", kinh phí dự kiến {format_money(w['budget'])}"
        if w["progress"] is not None:
            text += f", đến nay đạt khoảng {_figure(w['progress'], '%')} khối lượng"
            figures[f"Tiến độ {w['name']}"] = _figure(w["progress"], "%")
        lines.append(text + ".")
    return lines, figures


def villages_lines(villages: list[dict[str, Any]] | None) -> Lines:
    """How many villages meet their set, then each village's status."""
    if villages is None:
        return [NO_DATA], {}
    met = [v for v in villages if v["state"] == "met"]
    decided = [v for v in villages if v["state"] != "unknown"]
    if decided:
        lines = [f"Toàn xã có {_two(len(villages))} thôn; {_two(len(met))}/{_two(len(villages))} thôn đạt chuẩn "
                 "nông thôn mới theo số liệu đã nhập."]
    else:  # no village has figures: a count of zero villages met would be a guess
        lines = [f"Toàn xã có {_two(len(villages))} thôn; chưa có số liệu đánh giá thôn đạt chuẩn nông thôn mới."]
    for v in villages:
        if v["state"] == "unknown":
            lines.append(f"- {v['name']}: chưa có số liệu.")
        else:
            word = "đạt chuẩn" if v["state"] == "met" else "chưa đạt chuẩn"
            lines.append(f"- {v['name']}: {word}, đạt {v['met']}/{v['total']} tiêu chí.")
    figures = {"Số thôn đạt chuẩn": f"{len(met)}/{len(villages)}"}
    figures.update({v["name"]: "chưa có số liệu" if v["met"] is None else f"{v['met']}/{v['total']}"
                    for v in villages})
    return lines, figures


def reporting_lines(reporting: dict[str, Any] | None, *, period_label: str) -> Lines:
    """How many villages owed the period's report, how many sent it and how timely; who has not, and who answers."""
    if reporting is None:
        return [NO_DATA], {}
    if "owed" not in reporting:  # facts kept by a draft made before the reporting regime was read
        return _reporting_sent_lines(reporting, period_label)
    if not reporting["owed"]:
        return [f"Theo lịch báo cáo, {period_label} các thôn không phải gửi báo cáo về xã."], {}
    expected, received = reporting["expected"], reporting["received"]
    lines = [f"Trong {period_label} có {_two(received)}/{_two(expected)} thôn gửi báo cáo về xã "
             f"(đúng hạn {_two(reporting['on_time'])}, trễ hạn {_two(reporting['late'])}); "
             f"tỷ lệ đầy đủ {reporting['completeness']}, hạn gửi ngày {_date(reporting['due'])}."]
    for missing in reporting["missing"]:
        who = f" (phụ trách: {', '.join(missing['responsible'])})" if missing["responsible"] else ""
        lines.append(f"- {missing['name']}: {missing['timeliness'].lower()}{who}.")
    return lines, {"Số thôn gửi báo cáo": f"{received}/{expected}",
                   "Số thôn gửi đúng hạn": f"{reporting['on_time']}/{expected}"}


def _reporting_sent_lines(reporting: dict[str, Any], period_label: str) -> Lines:
    sent, total = len(reporting["sent"]), reporting["total"]
    lines = [f"Trong {period_label} có {_two(sent)}/{_two(total)} thôn gửi số liệu báo cáo về xã."]
    if reporting["missing"]:
        lines.append(f"- Các thôn chưa gửi: {', '.join(reporting['missing'])}.")
    return lines, {"Số thôn gửi báo cáo": f"{sent}/{total}"}


def direction_lines() -> Lines:
    """Công tác chỉ đạo, điều hành and tuyên truyền are the official's to write (seed 000, part I)."""
    return ["1. Công tác chỉ đạo, điều hành: …", "2. Công tác tuyên truyền, vận động: …"], {}


def organisation_lines(unit_word: str) -> Lines:
    """Phần thứ ba of a kế hoạch: who does what (seed 003); the official writes it."""
    if unit_word == "thôn":
        return ["1. Ban phát triển thôn: …", "2. Các chi hội, đoàn thể ở thôn: …"], {}
    return ["1. Cán bộ, công chức chuyên môn thuộc UBND xã: …", "2. Ban phát triển thôn ở các thôn: …",
            "3. Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể: …"], {}


def limitations_lines() -> Lines:
    """The official writes the limitations and their causes: the draft leaves the places to fill."""
    return ["1. Tồn tại, hạn chế: …", "2. Nguyên nhân: …"], {}


def targets_lines(plan: dict[str, Any] | None) -> Lines:
    """The plan's targets, one per line."""
    if plan is None or not plan["targets"]:
        return [f"{NO_DATA} (chưa có kế hoạch có mục tiêu)"], {}
    targets = list(dict.fromkeys(plan["targets"]))  # village targets often share one sentence (seed 000)
    return [f"- {t}" for t in targets], {"Số mục tiêu": str(len(targets))}


def tasks_lines(plan: dict[str, Any] | None) -> Lines:
    """The plan's tasks: what, for which criterion, who, by when."""
    if plan is None or not plan["tasks"]:
        return [f"{NO_DATA} (chưa có kế hoạch có nhiệm vụ)"], {}
    lines = []
    for t in plan["tasks"]:
        text = f"- {t['title']}"
        if t["criterion"]:
            text += f" (tiêu chí số {t['criterion']})"
        extras = [f"chủ trì: {t['responsible']}" if t["responsible"] else "",
                  f"thời hạn: {_date(t['deadline'])}" if t["deadline"] else ""]
        extras = [e for e in extras if e]
        lines.append(text + (f"; {'; '.join(extras)}" if extras else "") + ".")
    return lines, {"Số nhiệm vụ": str(len(plan["tasks"]))}


def _date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day}/{day.month}/{day.year}"


def communes_lines(province: dict[str, Any]) -> Lines:
    """A province roll-up: how many communes meet how many criteria."""
    communes, total = province["communes"], province["total"]
    decided = [c for c in communes if c["unknown"] < c["total"]]
    full = [c for c in decided if c["met"] == total]
    lines = [f"Căn cứ {province['decision']} ban hành {province['set_title']}, toàn tỉnh có "
             f"{len(communes)} xã được theo dõi, trong đó {len(decided)} xã có số liệu đánh giá:",
             f"- Đạt đủ {total}/{total} tiêu chí: {len(full)} xã;"]
    bands = ((15, total - 1, "Đạt từ 15 đến {hi} tiêu chí"), (10, 14, "Đạt từ 10 đến 14 tiêu chí"),
             (0, 9, "Đạt dưới 10 tiêu chí"))
    for low, high, label in bands:
        count = sum(1 for c in decided if low <= c["met"] <= high)
        lines.append(f"- {label.format(hi=high)}: {count} xã;")
    lines.append(f"- Chưa có số liệu: {len(communes) - len(decided)} xã.")
    if decided:
        average = Decimal(sum(c["met"] for c in decided)) / len(decided)
        lines.append(f"Bình quân đạt {format_number(average.quantize(Decimal('0.1')))} tiêu chí/xã.")
    return lines, {"Số xã có số liệu": str(len(decided)), "Số xã đạt đủ tiêu chí": str(len(full))}
