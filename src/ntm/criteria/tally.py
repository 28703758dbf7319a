"""What an evaluation rests on, counted honestly: met / not met / unknown, and on what basis. Pure Python.

A headline "Đạt 0/19" when nothing is known misleads; these counts let every interface say
"16 đạt · 3 chưa đạt · 0 chưa rõ", how many of those rest on an official's assessment rather than
measured figures, and how many measured statuses rest on thresholds that are not confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Evaluation
from .model import CriteriaSet, Status

# How sure the catalogue is of a threshold (model.THRESHOLD_STATUSES), as a reader sees it.
THRESHOLD_STATUS_VI = {
    "confirmed": "đã xác nhận",
    "seed": "theo báo cáo của xã",
    "recalled": "nhớ lại, chưa xác nhận",
    "unknown": "chưa rõ",
}
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
    )
