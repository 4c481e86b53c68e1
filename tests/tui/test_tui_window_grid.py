"""A wrong answer to a generated convolution shows the window drawn over the padded input grid."""

from __future__ import annotations

import re
from typing import Any

from tui_helpers import static_text, wait_for_screen

from dldrill.bank.schema import QUESTION_ADAPTER


def conv_question() -> Any:
    from dldrill.generators.catalog import param_table

    raw = {"id": "t-conv-cell", "type": "generated", "generator": "conv2d_values", "form": "input", "exam": ["G"],
           "syllabus": ["T18"], "topics": ["cnn"], "difficulty": 2,
           "params": {"ask": "cell", "size": 5, "kernel": 3, "stride": 2, "padding": 1, "bias": 0}}
    return QUESTION_ADAPTER.validate_python(raw, context={"generators": param_table()})


async def test_wrong_conv_answer_draws_the_asked_window_over_the_padded_input(make_app: Any, store: Any) -> None:
    from dldrill.study.session import SessionEngine

    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        engine = SessionEngine(store, [(conv_question(), 5)], "practice")
        app.show_session(engine)
        screen = await wait_for_screen(pilot, "SessionScreen")
        params = engine.current.presented.variant.params
        image, kernel, row, col = params["input"], params["weights"], params["row"], params["col"]
        # independent key: the asked cell of the stride-2 convolution of the zero-padded input
        padded = [[0] * 7] + [[0, *r, 0] for r in image] + [[0] * 7]
        key = sum(padded[2 * row + m][2 * col + n] * kernel[m][n] for m in range(3) for n in range(3))
        await pilot.press(*str(key + 100), "enter")
        await pilot.pause()
        text = static_text(screen.query_one("#feedback"), width=78)
    assert "✘ Wrong" in text
    lines = text.splitlines()
    heading = next(n for n, line in enumerate(lines) if f"Output ({row + 1}, {col + 1}) ← window at" in line)
    assert "Input (padded)" in lines[heading + 1] and "Kernel" in lines[heading + 1]
    marked = {(r, c) for r, line in enumerate(lines[heading + 2:heading + 9])
              for c, (inside, _) in enumerate(re.findall(r"\[\s*([^\]]+?)\]|(\S+)", line)[:7]) if inside}
    assert marked == {(2 * row + m, 2 * col + n) for m in range(3) for n in range(3)}
    assert [store.attempts()[0]["correct"]] == [0]
