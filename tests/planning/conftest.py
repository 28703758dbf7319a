"""Plans made here (the seeds' plans are loaded into the demo by another part): a commune, a village, actors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

CAM_NGOC, CAO_NGOC, THANH_HOA = "legacy:15169", "legacy:15079", "legacy:province:38"
COMMUNE_SET = "th-32-2022"


@pytest.fixture
def commune(unit):
    return unit(CAM_NGOC)


@pytest.fixture
def village(commune):
    from ntm.geo.services import create_village

    return create_village(actor=None, commune=commune, name="Thôn Phúc Lâm")


@pytest.fixture
def official(make_user, commune):
    return make_user("can_bo_xa", commune, "commune_official")


@pytest.fixture
def board(make_user, village):
    return make_user("ban_thon", village, "village_board")


@pytest.fixture
def office(make_user, unit):
    return make_user("vpdp_tinh", unit(THANH_HOA), "province_office")


@pytest.fixture
def record():
    """Save an indicator value of the commune set for a period, as the system."""
    from ntm.monitoring.periods import Period
    from ntm.monitoring.services import Target, record_observation

    def save(unit_obj, code, period, raw, set_id=COMMUNE_SET):
        return record_observation(actor=None, unit=unit_obj, target=Target(set_id, indicator=code),
                                  period=Period.parse(period), raw=raw)

    return save


@pytest.fixture
def make_plan(commune):
    """An issued 2024 plan of Cẩm Ngọc: BHYT 15.1 ≥ 95% by 30/6/2024, criterion 15 by 31/12/2024, two tasks."""
    from ntm.planning.models import CommitteeMember, Plan, PlanState, Target, Task

    def make(unit_obj=None, state=PlanState.ISSUED, year=2024):
        unit_obj = unit_obj or commune
        plan = Plan.objects.create(unit=unit_obj, year=year, title=f"Kế hoạch xây dựng NTM năm {year}",
                                   set_id=COMMUNE_SET if unit_obj.level == "commune" else "", state=state,
                                   number="45/KH-UBND" if state != PlanState.DRAFT else "",
                                   issued_on=dt.date(year, 2, 15) if state != PlanState.DRAFT else None)
        member = CommitteeMember.objects.create(unit=unit_obj, body="steering", name="Nguyễn Văn An",
                                                position="Phó Chủ tịch UBND xã", criteria=["15"])
        Target.objects.create(plan=plan, kind="indicator", indicator="15.1", value=Decimal("95"),
                              deadline=dt.date(year, 6, 30), text="Tỷ lệ người dân tham gia BHYT đạt 95%")
        Target.objects.create(plan=plan, kind="criterion", criterion=15, deadline=dt.date(year, 12, 31))
        Task.objects.create(plan=plan, title="Tuyên truyền vận động mua BHYT", criterion=15, responsible=member,
                            deadline=dt.date(year, 5, 31), status="in_progress", progress_pct=60)
        Task.objects.create(plan=plan, title="Rà soát hộ nghèo", criterion=11, responsible_body="Công chức LĐ-TBXH",
                            deadline=dt.date(year, 11, 30), status="done", progress_pct=100,
                            done_on=dt.date(year, 10, 1))
        return plan

    return make
