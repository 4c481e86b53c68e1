"""`dldrill solve summary` through the CLI: JSON answer, --file, the Keras-style table, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dldrill.cli import main

SEED = ("Input((150,150,3)), Conv2D(32,(3,3),activation='relu'), MaxPooling2D((2,2)), Conv2D(64,(3,3),activation='relu'),"
        " MaxPooling2D((2,2)), Conv2D(128,(3,3),activation='relu'), MaxPooling2D((2,2)), Conv2D(128,(3,3),activation='relu'),"
        " MaxPooling2D((2,2)), Flatten(), Dropout(0.5), Dense(512,activation='relu'), Dense(1,activation='sigmoid')")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["solve", "summary", *argv, "--json"]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def run_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["--lang", "en", "solve", "summary", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


def test_json_answer(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, SEED)
    assert out["problem"] == "summary"
    answer = out["answer"]
    assert {"layers", "total_params", "trainable_params", "non_trainable_params"} <= set(answer)
    assert all({"layer", "output_shape", "params"} <= set(row) for row in answer["layers"])
    assert answer["layers"][0] == {"layer": "Conv2D", "name": "conv2d", "output_shape": [148, 148, 32], "params": 896,
                                   "trainable": 896, "non_trainable": 0}
    assert [r["output_shape"] for r in answer["layers"]][7:10] == [[7, 7, 128], [6272], [6272]]
    assert answer["total_params"] == 3_453_121 and answer["non_trainable_params"] == 0
    params_steps = [s for s in out["steps"] if s["kind"] == "params"]
    assert params_steps[0]["substituted"] == "(3·3·3 + 1)·32" and params_steps[0]["result"] == 896


def test_file_and_framework(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "model.txt"
    spec.write_text("Input((10, 32))\n# a comment line\nLSTM(64)\nDense(1)\n", encoding="utf-8")
    keras = run_json(capsys, "--file", str(spec))["answer"]
    assert keras["framework"] == "keras" and keras["layers"][0]["params"] == 4 * (32 * 64 + 64 * 64 + 64)
    torch_spec = tmp_path / "torch.txt"
    torch_spec.write_text("Input((10, 32))\nLSTM(32, 64)\n", encoding="utf-8")
    pytorch = run_json(capsys, "--file", str(torch_spec), "--framework", "pytorch")["answer"]
    assert pytorch["framework"] == "pytorch" and pytorch["layers"][0]["params"] == 4 * (32 * 64 + 64 * 64 + 2 * 64)
    assert pytorch["layers"][0]["output_shape"] == [10, 64]


def test_null_for_unknown_lengths(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "Embedding(10000, 32), SimpleRNN(32, return_sequences=True)")["answer"]
    assert answer["layers"][0]["output_shape"] == [None, 32]


def test_terminal_table_then_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "solve", "summary", "Input((28,28,1)), Conv2D(8, 3), BatchNormalization(), Flatten(), Dense(10)"]) == 0
    out = capsys.readouterr().out
    conv, bn_trainable, bn_moving, dense = (3 * 3 * 1 + 1) * 8, 2 * 8, 2 * 8, (26 * 26 * 8 + 1) * 10
    for text in ("Layer (type)", "Output Shape", "Param #", "conv2d (Conv2D)", "(None, 26, 26, 8)",
                 f"Total params: {conv + bn_trainable + bn_moving + dense:,}", f"Trainable params: {conv + bn_trainable + dense:,}",
                 f"Non-trainable params: {bn_moving}", "(3·3·1 + 1)·8"):
        assert text in out, text
    assert out.index("Total params") < out.index("(3·3·1 + 1)·8")  # worked steps come below the table
    assert main(["--lang", "ja", "solve", "summary", "Input((3, 8, 8)), nn.Conv2d(3, 4, 3), nn.Flatten()"]) == 0
    out = capsys.readouterr().out
    assert "総パラメータ数: 112" in out and "[-1, 4, 6, 6]" in out and "Conv2d-1" in out


@pytest.mark.parametrize(("argv", "fragment"), [
    (["Input((150,150,3)), Conv2d(32,(3,3)), Dense(1)"], "column 21: unknown layer 'Conv2d' — did you mean 'Conv2D'?"),
    (["Input((4,)), Dense(3,,)"], "column 22: invalid syntax"),
    (["Input((4,)), Dense(units=x)"], "'x' is not a literal"),
    (["Input((4,4,3)), Conv2D(2, 3, filter=3)"], "did you mean 'filters'?"),
    (["Input((6272,)), Conv2D(2, 3)"], "expects a (H, W, C) input"),
    (["--file", "/nonexistent/model.txt"], "--file: no such file: /nonexistent/model.txt"),
    ([], "either as SPEC or with --file"),
    (["Input((4,)), Dense(2)", "--file", "x.txt"], "either as SPEC or with --file"),
])
def test_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    line = run_error(capsys, *argv)
    assert line.startswith("dldrill solve summary: error: ")
    assert fragment in line


def test_directory_and_non_utf8_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "is a directory" in run_error(capsys, "--file", str(tmp_path))
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\xff\xfe\x00Dense")
    assert "not UTF-8" in run_error(capsys, "--file", str(binary))


def test_bad_framework_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["solve", "summary", "Input((4,)), Dense(2)", "--framework", "jax"])
    assert info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["solve", "summary", "--help"])
    out = capsys.readouterr().out
    assert "nn.LSTM(32, 64)" in out and "--file" in out
