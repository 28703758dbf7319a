"""Read and extract one uploaded report, here or in a child process held to a time and a memory limit.

Pure Python (no Django): the child runs `python -m ntm.ingest.bounded FILE SECONDS MEGABYTES`, sets its
own limits (CPU seconds, address space) before it opens the file, and prints the result as JSON. A file
that would hold a core for minutes or take gigabytes (a DOCX that unpacks huge, a PDF of scanned
pages, a pathological text) is stopped there, and the worker that started it goes on with a clear
message instead of dying with it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm.common.errors import BadInput, NtmError

from .extract import extract, repaired_text
from .ocr import mark_ocr
from .readers import read_file

_SRC = Path(__file__).resolve().parents[2]   # the folder that holds the ntm package, for the child's imports


@dataclass(frozen=True)
class Report:
    """A file's repaired text (the evidence offsets refer to it) and the facts read from it."""

    text: str
    facts: dict[str, Any]


@dataclass(frozen=True)
class Limits:
    """What one file may cost: CPU seconds (the wall clock gets twice as long) and memory."""

    seconds: int = 120
    memory_mb: int = 1536


class ReadTooLong(BadInput):
    """The file's reading went past its time limit (a request may then hand it to the worker)."""


def read_report(path: str | Path) -> Report:
    """Read the file, repair its text, extract its facts and mark those read by OCR; in this process."""
    raw = read_file(path).text
    text = repaired_text(raw)
    return Report(text, mark_ocr(extract(raw), text))


def read_report_limited(path: str | Path, limits: Limits) -> Report:
    """`read_report` in a child process held to `limits`; BadInput when it fails or goes past them."""
    path = Path(path)
    command = [sys.executable, "-m", "ntm.ingest.bounded", str(path), str(limits.seconds), str(limits.memory_mb)]
    # One OCR thread: the limits are per process, and the machine's cores belong to the web server too.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONPATH": os.pathsep.join(filter(None, [
        str(_SRC), os.environ.get("PYTHONPATH", "")]))}
    try:
        done = subprocess.run(command, capture_output=True, timeout=2 * limits.seconds, env=env, check=False)
    except subprocess.TimeoutExpired as err:
        raise _too_slow(path, limits) from err
    answer = _answer(done.stdout)
    if "facts" in answer:
        return Report(answer["text"], answer["facts"])
    if "error" in answer:
        raise BadInput(answer["error"]["vi"], answer["error"]["en"], field=path.name)
    if answer.get("memory") or done.returncode in (0, 1):
        raise _too_big(path, limits)
    raise _too_slow(path, limits)   # killed by SIGXCPU (CPU limit) or SIGKILL past it


def _answer(stdout: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(stdout.decode("utf-8") or "{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _too_slow(path: Path, limits: Limits) -> ReadTooLong:
    return ReadTooLong(f"«{path.name}»: đọc tệp quá {limits.seconds} giây nên đã dừng; tệp quá lớn hoặc quá phức tạp. "
                    "Hãy tách thành các tệp nhỏ hơn hoặc lưu lại thành .docx/.txt rồi tải lên",
                    f"'{path.name}': reading took over {limits.seconds} s and was stopped; split the file or "
                    "save it as .docx/.txt", field=path.name)


def _too_big(path: Path, limits: Limits) -> BadInput:
    return BadInput(f"«{path.name}»: đọc tệp cần quá {limits.memory_mb} MB bộ nhớ nên đã dừng; tệp quá lớn hoặc "
                    "quá phức tạp. Hãy tách thành các tệp nhỏ hơn hoặc lưu lại thành .docx/.txt rồi tải lên",
                    f"'{path.name}': reading needed over {limits.memory_mb} MB of memory and was stopped; split "
                    "the file or save it as .docx/.txt", field=path.name)


def _child(path: str, seconds: int, memory_mb: int) -> dict[str, Any]:
    """The child's work: limits first, then the file."""
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        report = read_report(path)
    except NtmError as err:
        return {"error": {"vi": err.message_vi, "en": err.message_en}}
    except MemoryError:
        return {"memory": True}
    return {"text": report.text, "facts": report.facts}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])), ensure_ascii=False))
