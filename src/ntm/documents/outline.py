"""The outline of each document — headings in the seeds' order, and the sections drafted under them.

Pure: `draft(facts)` returns a Draft (headings and section keys in order, each section's drafted
lines and the figures they came from). The official's edits replace a section's lines whole; the
headings are the state format and are not edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import sentences as s

Facts = dict[str, Any]


@dataclass
class Draft:
    """A drafted document: its outline (("part"|"h1"|"h2", text) or ("section", key)), lines and figures by section."""

    title: str
    subtitle: str
    outline: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    figures: dict[str, dict[str, str]] = field(default_factory=dict)

    def heading(self, level: str, text: str) -> None:
        self.outline.append((level, text))

    def section(self, key: str, drafted: s.Lines) -> None:
        self.outline.append(("section", key))
        self.sections[key], self.figures[key] = drafted


SECTION_LABELS = {
    "basis": "Căn cứ", "criteria": "Kết quả thực hiện các tiêu chí", "funding": "Nguồn lực",
    "works": "Công trình", "villages": "Thôn", "reporting": "Báo cáo của các thôn",
    "limitations": "Tồn tại, hạn chế và nguyên nhân", "targets": "Mục tiêu", "tasks": "Nhiệm vụ và giải pháp",
    "communes": "Kết quả các xã", "closing": "Câu kết", "recipients": "Nơi nhận",
    "previous_criteria": "Kết quả năm trước", "direction": "Công tác chỉ đạo, điều hành",
    "organisation": "Tổ chức thực hiện",
}


def recipients(facts: Facts) -> list[str]:
    """Nơi nhận as the seeds write it: the coordination office above, the Party committee, the archive."""
    level = facts["unit"]["level"]
    if level == "province":
        return ["- Ban Chỉ đạo các Chương trình MTQG tỉnh (b/c);", "- UBND tỉnh (b/c);", "- Lưu: VT."]
    if level == "village":
        return ["- UBND xã (b/c);", "- Chi bộ thôn (b/c);", "- Lưu: BPT thôn."]
    above = facts["header"].get("above") or ("VPĐP NTM huyện" if facts["header"]["parent_body"]
                                             .startswith("UBND HUYỆN") else "VPĐP NTM tỉnh")
    return [f"- {above} (b/c);", "- TT Đảng ủy xã (b/c);", "- Lưu: VT."]


def _bao_cao(facts: Facts) -> Draft:
    """I. chỉ đạo điều hành (the official writes it), II. results, III. limitations, IV. next period — as seed 000."""
    word, period = s.unit_word(facts), facts["period"]
    draft = Draft("BÁO CÁO", f"Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới {period['label']}, "
                  f"nhiệm vụ và giải pháp {period['next_label']}")
    draft.heading("h1", "I. KẾT QUẢ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    draft.section("direction", s.direction_lines())
    draft.heading("h1", "II. KẾT QUẢ THỰC HIỆN")
    draft.heading("h2", f"1. Kết quả thực hiện các tiêu chí {word} nông thôn mới")
    draft.section("criteria", s.criteria_lines(facts["criteria"], period_end=period["end"], unit_word=word))
    draft.heading("h2", "2. Huy động và sử dụng nguồn lực")
    draft.section("funding", s.funding_lines(facts["funding"], year=period["year"]))
    draft.heading("h2", "3. Kết quả xây dựng kết cấu hạ tầng nông thôn")
    draft.section("works", s.works_lines(facts["works"]))
    if facts["unit"]["level"] == "commune":
        draft.heading("h2", "4. Kết quả xây dựng thôn nông thôn mới")
        draft.section("villages", s.villages_lines(facts["villages"]))
        draft.heading("h2", "5. Chế độ thông tin báo cáo của các thôn")
        draft.section("reporting", s.reporting_lines(facts["reporting"], period_label=period["label"]))
    draft.heading("h1", "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    draft.section("limitations", s.limitations_lines())
    _next_tasks(draft, facts, "IV")
    draft.section("closing", ([f"Trên đây là báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới "
                               f"{period['label']}, nhiệm vụ và giải pháp {period['next_label']} của "
                               f"{s.in_sentence(s.unit_title(facts))}./."], {}))
    return draft


def _next_tasks(draft: Draft, facts: Facts, numeral: str) -> None:
    draft.heading("h1", f"{numeral}. NHIỆM VỤ VÀ GIẢI PHÁP {facts['period']['next_label'].upper()}")
    draft.heading("h2", "1. Mục tiêu")
    draft.section("targets", s.targets_lines(facts["plan"]))
    draft.heading("h2", "2. Nhiệm vụ và giải pháp")
    draft.section("tasks", s.tasks_lines(facts["plan"]))


def _planner(facts: Facts) -> str:
    """Who makes the plan: the commune's Ủy ban, or the village's Ban phát triển thôn."""
    return "Ban phát triển thôn" if facts["unit"]["level"] == "village" else f"UBND {s.unit_word(facts)}"


def _ke_hoach(facts: Facts) -> Draft:
    word, year, name = s.unit_word(facts), facts["period"]["year"], s.unit_title(facts)
    draft = Draft("KẾ HOẠCH", f"Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
                  f"trên địa bàn {s.in_sentence(name)} năm {year}")
    crit = facts["criteria"]
    draft.section("basis", ([f"Căn cứ {crit['decision']} ban hành {crit['set_title']};",
                             f"{_planner(facts)} xây dựng kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng "
                             f"nông thôn mới trên địa bàn {s.in_sentence(name)} năm {year}, cụ thể như sau:"], {}))
    draft.heading("part", f"Phần thứ nhất\nKẾT QUẢ THỰC HIỆN NĂM {year - 1}")
    draft.heading("h1", "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")
    draft.heading("h2", f"1. Kết quả thực hiện các tiêu chí {word} nông thôn mới")
    draft.section("previous_criteria", s.criteria_lines(facts.get("previous"), period_end=f"{year - 1}-12-31",
                                                         unit_word=word, with_basis=False))
    if facts["unit"]["level"] == "commune":
        draft.heading("h2", "2. Kết quả xây dựng thôn nông thôn mới")
        draft.section("villages", s.villages_lines(facts["villages"]))
    draft.heading("h1", "II. KHÓ KHĂN, TỒN TẠI VÀ NGUYÊN NHÂN")
    draft.section("limitations", s.limitations_lines())
    draft.heading("part", f"Phần thứ hai\nKẾ HOẠCH NĂM {year}")
    draft.heading("h1", "I. MỤC TIÊU")
    draft.section("targets", s.targets_lines(facts["plan"]))
    draft.heading("h1", "II. NHIỆM VỤ VÀ GIẢI PHÁP")
    draft.section("tasks", s.tasks_lines(facts["plan"]))
    draft.heading("h1", "III. NGUỒN LỰC THỰC HIỆN")
    draft.section("funding", s.funding_lines(facts["funding"], year=year))
    draft.heading("part", "Phần thứ ba\nTỔ CHỨC THỰC HIỆN")
    draft.section("organisation", s.organisation_lines(word))
    draft.section("closing", ([f"Trên đây là Kế hoạch thực hiện Chương trình MTQG xây dựng nông thôn mới năm "
                               f"{year} của {s.in_sentence(name)}./."], {}))
    return draft


def _province(facts: Facts) -> Draft:
    period, name = facts["period"], s.unit_title(facts)
    title = "BÁO CÁO" if facts["kind"] == "bao-cao" else "KẾ HOẠCH"
    draft = Draft(title, f"Tổng hợp kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới các xã "
                  f"trên địa bàn {s.in_sentence(name)} {period['label']}")
    draft.heading("h1", "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ CỦA CÁC XÃ")
    draft.section("communes", s.communes_lines(facts["province"]))
    draft.heading("h1", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    draft.section("limitations", s.limitations_lines())
    draft.heading("h1", f"III. NHIỆM VỤ {period['next_label'].upper()}")
    draft.section("tasks", ([f"{s.NO_DATA} (nhiệm vụ do Văn phòng điều phối ghi)"], {}))
    draft.section("closing", ([f"Trên đây là báo cáo tổng hợp {period['label']} của {s.in_sentence(name)}./."], {}))
    return draft


_BUILDERS: dict[tuple[str, str], Callable[[Facts], Draft]] = {
    ("bao-cao", "commune"): _bao_cao, ("bao-cao", "village"): _bao_cao,
    ("ke-hoach", "commune"): _ke_hoach, ("ke-hoach", "village"): _ke_hoach,
    ("bao-cao", "province"): _province, ("ke-hoach", "province"): _province,
}


def draft(facts: Facts) -> Draft:
    """The document drafted from `facts` (kind and level decide the outline)."""
    built = _BUILDERS[(facts["kind"], facts["unit"]["level"])](facts)
    built.sections["recipients"], built.figures["recipients"] = recipients(facts), {}
    return built
