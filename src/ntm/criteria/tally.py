"""What an evaluation rests on, counted honestly: met / not met / unknown, and on what basis. Pure Python.

A headline "Đạt 0/19" when nothing is known misleads; these counts let every interface say
"16 đạt · 3 chưa đạt · 0 chưa rõ", how many of those rest on an official's assessment rather than
measured figures, and how many measured statuses rest on thresholds that are not confirmed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .engine import Evaluation, IndicatorResult
from .model import THRESHOLD_STATUSES, CriteriaSet, Status

# How sure the catalogue is of a threshold (model.THRESHOLD_STATUSES), as a reader sees it.
THRESHOLD_STATUS_VI = {
    "confirmed": "đã xác nhận",
    "seed": "theo báo cáo của xã",
    "recalled": "nhớ lại, chưa xác nhận",
    "unknown": "chưa rõ",
}
THRESHOLD_STATUS_SHORT_VI = {"confirmed": "đã xác nhận", "seed": "theo báo cáo", "recalled": "nhớ lại",
                            "unknown": "chưa rõ"}
THRESHOLD_STATUS_EN = {"confirmed": "confirmed", "seed": "from a report", "recalled": "recalled, unconfirmed",
                       "unknown": "unknown"}


@dataclass(frozen=True)
class Tally:
    """The counts behind a headline."""

    criteria_met: int
    criteria_not_met: int
    criteria_unknown: int
    criteria_assessed: int  # decided (met or not) by an official's assessment of the whole criterion
    indicators_met: int
    indicators_not_met: int
    indicators_unknown: int
    indicators_measured: int  # decided by a figure against a known threshold
    indicators_assessed: int  # decided by an official's assessment of the indicator
    thresholds_known: int
    thresholds_total: int
    measured_on_unconfirmed: int  # measured statuses whose threshold is not confirmed in a legal text
    # Every indicator's status rests on its threshold: how many on a confirmed one, one from a report (seed),
    # a recalled one, one of unknown standing (model.THRESHOLD_STATUSES).
    resting_confirmed: int = 0
    resting_seed: int = 0
    resting_recalled: int = 0
    resting_unknown: int = 0

    @property
    def criteria_total(self) -> int:
        return self.criteria_met + self.criteria_not_met + self.criteria_unknown

    @property
    def indicators_total(self) -> int:
        return self.indicators_met + self.indicators_not_met + self.indicators_unknown

    @property
    def has_data(self) -> bool:
        """Whether anything at all is decided: otherwise there is no result to headline."""
        return self.criteria_unknown < self.criteria_total or self.indicators_unknown < self.indicators_total

    @property
    def criteria_decided(self) -> int:
        return self.criteria_met + self.criteria_not_met

    @property
    def resting_on(self) -> dict[str, int]:
        """Indicator statuses by the standing of the threshold they rest on, in model.THRESHOLD_STATUSES order."""
        return {"confirmed": self.resting_confirmed, "seed": self.resting_seed, "recalled": self.resting_recalled,
                "unknown": self.resting_unknown}

    def resting_on_vi(self) -> str:
        """"12 đã xác nhận · 8 theo báo cáo · 6 nhớ lại · 30 chưa rõ" (for text outputs; pages translate)."""
        return " · ".join(f"{n} {THRESHOLD_STATUS_SHORT_VI[k]}" for k, n in self.resting_on.items())

    def headline_vi(self) -> str:
        """"16 đạt · 3 chưa đạt · 0 chưa rõ", or that nothing is known."""
        if not self.has_data:
            return "chưa có số liệu"
        return f"{self.criteria_met} đạt · {self.criteria_not_met} chưa đạt · {self.criteria_unknown} chưa rõ"


def tally(evaluation: Evaluation, cset: CriteriaSet) -> Tally:
    """Count the statuses of `evaluation` and what decided them."""
    criteria = evaluation.criteria
    indicators = evaluation.indicators
    confirmed = {ind.code for ind in cset.indicators if ind.status == "confirmed"}
    resting = Counter(_standing(cset, i) for i in indicators)
    return Tally(
        criteria_met=sum(1 for c in criteria if c.status is Status.MET),
        criteria_not_met=sum(1 for c in criteria if c.status is Status.NOT_MET),
        criteria_unknown=sum(1 for c in criteria if c.status is Status.UNKNOWN),
        criteria_assessed=sum(1 for c in criteria if c.basis == "assessed" and c.status is not Status.UNKNOWN),
        indicators_met=sum(1 for i in indicators if i.status is Status.MET),
        indicators_not_met=sum(1 for i in indicators if i.status is Status.NOT_MET),
        indicators_unknown=sum(1 for i in indicators if i.status is Status.UNKNOWN),
        indicators_measured=sum(1 for i in indicators if i.basis == "measured"),
        indicators_assessed=sum(1 for i in indicators if i.basis == "assessed" and i.status is not Status.UNKNOWN),
        thresholds_known=sum(1 for i in indicators if i.threshold is not None),
        thresholds_total=len(indicators),
        measured_on_unconfirmed=sum(1 for i in indicators if i.basis == "measured" and i.code not in confirmed),
        resting_confirmed=resting["confirmed"], resting_seed=resting["seed"], resting_recalled=resting["recalled"],
        resting_unknown=resting["unknown"],
    )


def _standing(cset: CriteriaSet, result: IndicatorResult) -> str:
    """The standing of the threshold this unit was judged against (its region's, group's, year's figure)."""
    rule = cset.indicator(result.code)
    if rule is None or result.threshold is None or rule.status not in THRESHOLD_STATUSES:
        return "unknown"  # no figure to rest on, whatever the file says of its standing
    return rule.status
