"""Helpers shared by the TUI tests: a small bank with one question of each type, a fake clock and Pilot waits.

They live here, not in conftest.py, so that tests import them by a name no other test folder uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from dldrill.bank.schema import QUESTION_ADAPTER

TODAY = date(2026, 3, 2)


def bi(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def make_questions() -> list[Any]:
    """One or more questions of each type; answers are set by hand so tests know the key."""
    base = {"exam": ["G"], "topics": ["test"], "difficulty": 1}
    raw: list[dict[str, Any]] = [
        {**base, "id": "t-single-pad", "type": "single", "syllabus": ["T18"], "topics": ["cnn"],
         "prompt": bi("ゼロパディングの主な目的はどれか。", "What is zero padding mainly for?"), "answer": 1,
         "choices": [{"text": bi("重みを減らす", "To reduce weights"), "why": bi("重みの数は変わらない。", "The weight count does not change.")},
                     {"text": bi("出力サイズを保つ", "To keep the output size")},
                     {"text": bi("学習率を上げる", "To raise the learning rate"), "why": bi("学習率とは無関係。", "Unrelated to the learning rate.")},
                     {"text": bi("過学習を起こす", "To cause overfitting"), "why": bi("目的ではない。", "Not a purpose.")}],
         "explanation": bi("端の情報を保ち、出力サイズを保つためにゼロを埋める。", "Zeros keep the borders and the output size.")},
        {**base, "id": "t-single-law", "type": "single", "syllabus": ["L01"],
         "prompt": bi("個人情報保護法が定める「個人情報」に当たるものはどれか。", "Which is personal information under the APPI?"),
         "answer": 0, "choices": [{"text": bi("氏名と生年月日", "Name and birth date")},
                                  {"text": bi("気温", "Air temperature"), "why": bi("人を識別しない。", "Identifies nobody.")},
                                  {"text": bi("株価", "A share price"), "why": bi("人を識別しない。", "Identifies nobody.")},
                                  {"text": bi("円周率", "Pi"), "why": bi("人を識別しない。", "Identifies nobody.")}],
         "explanation": bi("生存する個人を識別できる情報。", "Information that identifies a living person.")},
        {**base, "id": "t-tf", "type": "truefalse", "syllabus": ["T18"],
         "prompt": bi("最大プーリングには学習するパラメータがない。", "Max pooling has no learnable parameters."),
         "answer": True, "explanation": bi("窓の最大値を取るだけ。", "It only takes the window maximum.")},
        {**base, "id": "t-num", "type": "numeric", "syllabus": ["T37"],
         "prompt": bi("1/8 を小数で答えよ (小数第3位まで)。", "Give 1/8 as a decimal (3 places)."), "answer": "1/8",
         "tolerance": {"mode": "decimals", "value": 3}, "explanation": bi("1 ÷ 8 = 0.125", "1 ÷ 8 = 0.125")},
        {**base, "id": "t-free", "type": "free", "syllabus": ["T01"], "prompt": bi("過学習とは何か説明せよ。", "Explain overfitting."),
         "model_answer": bi("訓練データに適合しすぎて汎化しないこと。", "Fitting the training data so closely that it fails to generalise."),
         "rubric": [bi("汎化に触れている", "mentions generalisation")], "explanation": bi("正則化で防ぐ。", "Regularisation helps.")},
        {**base, "id": "t-gen", "type": "generated", "syllabus": ["T18"], "generator": "conv_output_size",
         "form": "input", "params": {}},
    ]
    from dldrill.generators.catalog import param_table

    return [QUESTION_ADAPTER.validate_python(q, context={"generators": param_table()}) for q in raw]


class FakeClock:
    """A monotonic clock the test moves by hand (exam timer, answer times)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def wait_for_screen(pilot: Any, name: str, tries: int = 100) -> Any:
    """Pause until the app's top screen has class ``name`` (sessions are built in a worker thread)."""
    for _ in range(tries):
        if type(pilot.app.screen).__name__ == name:
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause(0.05)
    raise AssertionError(f"screen {name} never appeared (at {type(pilot.app.screen).__name__})")


def static_text(widget: Any, width: int = 78) -> str:
    """What a Static shows, as plain text (its Rich renderable printed into a string)."""
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    Console(file=out, width=width, color_system=None, legacy_windows=False).print(widget.content)
    return out.getvalue()
