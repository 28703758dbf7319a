"""The extractor's Vietnamese vocabulary, loaded once from vocabulary.yaml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PATH = Path(__file__).with_name("vocabulary.yaml")


@cache
def vocabulary() -> dict[str, Any]:
    """The parsed vocabulary file (folded phrases, see its header)."""
    with _PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def pairs(name: str) -> list[tuple[str, str]]:
    """An ordered list of [phrase, value] pairs from the vocabulary."""
    return [(str(phrase), str(value)) for phrase, value in vocabulary()[name]]


def words(name: str) -> list[str]:
    """A list of folded phrases from the vocabulary."""
    return list(_words(name))


@cache
def _words(name: str) -> tuple[str, ...]:
    return tuple(str(word) for word in vocabulary()[name])


def mapping(name: str) -> dict[str, Any]:
    """A phrase → value table from the vocabulary."""
    table: dict[str, Any] = vocabulary()[name]
    return table


@cache
def alternation(name: str) -> str:
    """A list of phrases as one regular-expression alternation, longest first."""
    phrases = sorted(words(name), key=len, reverse=True)
    return "(?:" + "|".join(_escape(phrase) for phrase in phrases) + ")"


def _escape(phrase: str) -> str:
    return re.escape(phrase).replace(r"\ ", r"\s+")
