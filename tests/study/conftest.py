"""Fixtures for the study engine: a small in-memory bank built through the real schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dldrill.bank.schema import QUESTION_ADAPTER
from dldrill.study.store import Store


def bi(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def make_questions() -> list[Any]:
    base = {"exam": ["G"], "topics": ["test"], "difficulty": 1, "explanation": bi("説明", "explanation")}
    raw: list[dict[str, Any]] = []
    for n in range(6):
        raw.append({**base, "id": f"t-single-{n}", "type": "single", "syllabus": ["T18" if n % 2 else "L01"],
                    "prompt": bi(f"問{n}", f"Q{n}"), "answer": n % 4,
                    "choices": [{"text": bi(f"選{n}{c}", f"opt{n}{c}"), "why": bi("違う", "wrong")} for c in range(4)]})
    raw.append({**base, "id": "t-num", "type": "numeric", "syllabus": ["T37"], "prompt": bi("1/8 は", "1/8 is"),
                "answer": "1/8", "tolerance": {"mode": "decimals", "value": 2}})
    raw.append({**base, "id": "t-free", "type": "free", "syllabus": ["T01"], "prompt": bi("説明せよ", "Explain"),
                "model_answer": bi("模範", "model"), "rubric": [bi("要点", "point")]})
    raw.append({**base, "id": "t-gen", "type": "generated", "syllabus": ["T18"], "generator": "conv_output_size",
                "form": "input", "params": {}})
    raw.append({**base, "id": "t-gen-e", "exam": ["E"], "type": "generated", "syllabus": ["E3-4-1"],
                "generator": "conv_output_size", "form": "choice", "params": {}})
    from dldrill.generators.catalog import param_table

    return [QUESTION_ADAPTER.validate_python(q, context={"generators": param_table()}) for q in raw]


@pytest.fixture
def questions() -> list[Any]:
    return make_questions()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "progress.db")
    yield s
    s.close()
