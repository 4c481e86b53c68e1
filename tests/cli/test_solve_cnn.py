"""`dldrill solve conv2d | pool2d` through the CLI: JSON output, 80-column text and one-line errors."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from dldrill.cli import main

ZEROTSUKU_INPUT = "[[1,2,3,0],[0,1,2,3],[3,0,1,2],[2,3,0,1]]"
ZEROTSUKU_KERNEL = "[[2,0,1],[0,1,2],[1,0,2]]"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["solve", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_conv2d_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "conv2d", "--input", ZEROTSUKU_INPUT, "--kernel", ZEROTSUKU_KERNEL, "--bias", "3")
    assert set(out) >= {"problem", "inputs", "answer", "exact", "steps"}
    assert out["problem"] == "conv2d"
    assert out["answer"] == [[18, 19], [9, 18]]  # ゼロから作るDeep Learning 7.2 (bias 3)
    assert out["inputs"]["bias"] == [3]
    windows = [s for s in out["steps"] if s["kind"] == "window"]
    assert len(windows) == 4
    assert windows[0]["substituted"] == "1×2 + 2×0 + 3×1 + 0×0 + 1×1 + 2×2 + 3×1 + 0×0 + 1×2"
    assert windows[0]["result"] == 15
    assert windows[1]["data"] == {"filter": 0, "channel": None, "row": 0, "col": 1, "top": 0, "left": 1,
                                  "kernel": [3, 3], "dilation": [1, 1]}
    assert all({"ja", "en"} == set(s["text"]) for s in out["steps"])


def test_conv2d_options(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "conv2d", "--input", "[[1,2,3],[4,5,6],[7,8,9]]", "--kernel", "[[1,1],[1,1]]",
                   "--padding", "same")
    assert out["answer"] == [[12, 16, 9], [24, 28, 15], [15, 17, 9]]
    assert out["inputs"]["pad"] == [0, 1, 0, 1]
    out = run_json(capsys, "conv2d", "--input", "[[1,2,3],[4,5,6],[7,8,9]]", "--kernel", "[[1,1],[1,1]]",
                   "--stride", "2", "--padding", "1", "--dilation", "2")
    assert out["answer"] == [[5, 5], [5, 5]]  # in every dilated window only the centre cell 5 is not padding
    out = run_json(capsys, "conv2d", "--input", "[[1,2,3],[4,5,6],[7,8,9]]", "--kernel", "[[1,1],[1,1]]",
                   "--dilation", "2")
    assert out["answer"] == [[1 + 3 + 7 + 9]]
    out = run_json(capsys, "conv2d", "--input", "[[[1,0.5]],[[2,-1]]]", "--kernel", "[[[[1]],[[1]]],[[[2]],[[0]]]]",
                   "--bias", "[0, 0.25]")
    assert out["answer"] == [[[3, -0.5]], [[2.25, 1.25]]]
    assert out["exact"] == [[[3, "-1/2"]], [["9/4", "5/4"]]]


def test_pool2d_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "pool2d", "--input", "[[1,2,1,0],[0,1,2,3],[3,0,1,2],[2,4,0,1]]", "--size", "2")
    assert out["answer"] == [[2, 3], [4, 2]]  # ゼロから作るDeep Learning 7.3
    assert [s["substituted"] for s in out["steps"] if s["kind"] == "window"][3] == "max(1, 2, 0, 1)"
    out = run_json(capsys, "pool2d", "--input", "[[1,2],[3,5]]", "--size", "2", "--stride", "1", "--padding", "1",
                   "--mode", "avg")
    assert out["answer"] == [[0.25, 0.75, 0.5], [1, 2.75, 1.75], [0.75, 2, 1.25]]


def test_conv2d_text_fits_80_columns() -> None:
    from dldrill.render.terminal import print_solution
    from solvers.conv import conv2d

    image = [[(r * 7 + c * 3) % 10 for c in range(8)] for r in range(8)]
    sol = conv2d(image, [[1, 0, -1], [2, 0, -2], [1, 0, -1]], padding=1)
    buffer = io.StringIO()
    print_solution(sol, "en", Console(file=buffer, width=80, color_system=None))
    text = buffer.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.count("← window at") < 20  # 64 windows: the first few are written out, the rest folded
    assert "more" in text
    answer_rows = [" ".join(str(v) for v in row) for row in sol.answer]
    assert all(row in " ".join(text.split()) for row in answer_rows)  # every value is still in the answer table


@pytest.mark.parametrize(("argv", "fragment"), [
    (["conv2d", "--input", "[[1,2],[3]]", "--kernel", "[[1]]"], "ragged"),
    (["conv2d", "--input", "[[1,2],[3,4]", "--kernel", "[[1]]"], "invalid JSON"),
    (["conv2d", "--input", '[[1,"x"]]', "--kernel", "[[1]]"], "not a number"),
    (["conv2d", "--input", '[[1,null]]', "--kernel", "[[1]]"], "non-numeric"),
    (["conv2d", "--input", "[[1,2],[3,4]]", "--kernel", "[[1,1,1],[1,1,1],[1,1,1]]"], "larger than the padded input"),
    (["conv2d", "--input", "[[1,2],[3,4]]", "--kernel", "[[1]]", "--stride", "0"], "--stride"),
    (["conv2d", "--input", "[[[1]],[[2]]]", "--kernel", "[[[1]],[[1]],[[1]]]"], "channel mismatch"),
    (["conv2d", "--input", "[[1,2],[3,4]]", "--kernel", "[[1]]", "--padding", "full"], "--padding"),
    (["pool2d", "--input", "[[1,2],[3,4]]", "--size", "0"], "--size"),
    (["pool2d", "--input", "[[1,2],[3,4]]", "--size", "3"], "larger than the padded input"),
])
def test_bad_input_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    assert main(["solve", *argv, "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and fragment in captured.err
    assert "Traceback" not in captured.err


def test_every_problem_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for problem in ("conv2d", "pool2d"):
        with pytest.raises(SystemExit):
            main(["solve", problem, "--help"])
        assert "dldrill solve " + problem in capsys.readouterr().out


def test_wide_answer_elides_middle_columns_instead_of_cutting_numbers() -> None:
    from dldrill.render.terminal import print_solution
    from solvers.conv import conv2d

    image = [[(r * 7 + c * 3) % 10 - 3 for c in range(24)] for r in range(24)]
    sol = conv2d(image, [[1, 0, -1], [2, 0, -2], [1, 0, -1]], padding=1)
    buffer = io.StringIO()
    print_solution(sol, "en", Console(file=buffer, width=80, color_system=None))
    lines = buffer.getvalue().splitlines()
    answer = lines[-1 - len(sol.answer):-1]  # the answer panel's rows, between its borders
    assert max(len(line) for line in lines) <= 80
    for line, row in zip(answer, sol.answer, strict=True):
        tokens = line.strip("│ ").split()
        assert "…" in tokens
        cut = tokens.index("…")
        assert tokens[:cut] == [str(v) for v in row[:cut]]  # leading columns intact
        tail = tokens[cut + 1:]
        assert tail == [str(v) for v in row[len(row) - len(tail):]]  # trailing columns intact
