"""The shared reading of a duty table (common.duties): the system may all, a visitor nothing, others by rule."""

from __future__ import annotations

from enum import StrEnum
from types import SimpleNamespace

import pytest

from ntm.common.duties import Rule, Subject, may, parse_step, refusal, require, require_state
from ntm.common.errors import BadInput, NotAllowed


class Step(StrEnum):
    SIGN = "sign"


IS_CHAIR = Rule(lambda actor, subject: actor.chair, "chỉ chủ tịch mới ký được", "only the chair may sign")
NOT_AUTHOR = Rule(lambda actor, subject: subject.author != actor.name, "người soạn không tự ký", "no self-signing")
DUTIES = {Step.SIGN: (IS_CHAIR, NOT_AUTHOR)}
PAPER = SimpleNamespace(author="lan")


def person(name: str, *, chair: bool, signed_in: bool = True) -> SimpleNamespace:
    return SimpleNamespace(name=name, chair=chair, is_authenticated=signed_in)


def test_the_system_may_take_every_step():
    assert may(DUTIES, None, PAPER, Step.SIGN)


def test_a_visitor_is_refused_with_the_first_rule():
    assert refusal(DUTIES, person("x", chair=True, signed_in=False), PAPER, Step.SIGN) is IS_CHAIR


def test_the_first_failed_rule_is_the_refusal_raised():
    with pytest.raises(NotAllowed) as caught:
        require(DUTIES, person("lan", chair=True), PAPER, Step.SIGN)
    assert (caught.value.message_vi, caught.value.field) == ("người soạn không tự ký", "transition")
    assert may(DUTIES, person("minh", chair=True), PAPER, Step.SIGN)


def test_a_step_from_the_wrong_state_names_the_subject_and_state():
    with pytest.raises(BadInput) as caught:
        require_state(Subject("hồ sơ", "the dossier"), "draft", "Nháp", ("submitted",), step_vi="ký", step_en="sign")
    assert caught.value.message_vi == "không thể ký: hồ sơ đang ở trạng thái «Nháp»"
    require_state(Subject("hồ sơ", "the dossier"), "submitted", "Đã trình", ("submitted",), step_vi="ký",
                  step_en="sign")


def test_an_unknown_step_lists_the_accepted_ones():
    assert parse_step(Step, "sign") is Step.SIGN
    with pytest.raises(BadInput, match="chấp nhận: sign"):
        parse_step(Step, "burn")
