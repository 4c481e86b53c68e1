"""Output sizes of convolution, pooling and transposed convolution along one axis."""

from __future__ import annotations

from solvers.errors import SolverError
from solvers.steps import Bilingual, Solution, Step


def _check(name: str, value: int, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SolverError(f"{name} must be an integer ≥ {minimum}, got {value}",
                          f"{name} は {minimum} 以上の整数で指定してください ({value})")


def output_size_steps(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1,
                      transposed: bool = False, output_padding: int = 0, axis: str = "H") -> tuple[int, list[Step]]:
    """Output length along one axis and the steps that compute it.

    Convolution and pooling: ``O = ⌊(H + 2P − D(K−1) − 1)/S⌋ + 1`` (PyTorch's formula; with D = 1
    it is the textbook ``(H + 2P − K)/S + 1``).  When the division is not exact, the result is
    floored, and the last rows/columns of the padded input are never covered by any window — the
    steps say which.  Transposed convolution: ``O = (H − 1)S − 2P + D(K−1) + output_padding + 1``.
    """
    _check("size", size, 1)
    _check("kernel", kernel, 1)
    _check("stride", stride, 1)
    _check("padding", padding, 0)
    _check("dilation", dilation, 1)
    _check("output_padding", output_padding, 0)
    steps: list[Step] = []
    span = dilation * (kernel - 1) + 1
    if transposed:
        out = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
        steps.append(Step(
            Bilingual(f"転置畳み込みの出力サイズ ({axis} 方向)", f"Transposed-convolution output size ({axis} axis)"),
            formula=f"O = ({axis} − 1)·S − 2P + D·(K − 1) + output_padding + 1",
            substituted=f"({size} − 1)·{stride} − 2·{padding} + {dilation}·({kernel} − 1) + {output_padding} + 1",
            result=out,
        ))
        if out < 1:
            raise SolverError(f"the transposed convolution output would be {out} (padding too large)",
                              f"転置畳み込みの出力が {out} になります (パディングが大きすぎます)")
        return out, steps
    padded = size + 2 * padding
    if dilation > 1:
        steps.append(Step(
            Bilingual("膨張 (dilation) を考慮したカーネルの実効サイズ", "Effective kernel size with dilation"),
            formula="K_eff = D·(K − 1) + 1", substituted=f"{dilation}·({kernel} − 1) + 1", result=span,
        ))
    if span > padded:
        raise SolverError(
            f"kernel span {span} is larger than the padded input {padded} ({axis} axis)",
            f"カーネルの幅 {span} がパディング後の入力 {padded} より大きくなっています ({axis} 方向)",
        )
    numerator = padded - span
    out = numerator // stride + 1
    steps.append(Step(
        Bilingual(f"出力サイズ ({axis} 方向)", f"Output size ({axis} axis)"),
        formula=f"O = ⌊({axis} + 2P − D(K − 1) − 1) / S⌋ + 1",  # W for the width axis
        substituted=f"⌊({size} + 2·{padding} − {dilation}·({kernel} − 1) − 1) / {stride}⌋ + 1 = ⌊{numerator}/{stride}⌋ + 1",
        result=out,
        latex=rf"O = \left\lfloor \frac{{{axis} + 2P - D(K-1) - 1}}{{S}} \right\rfloor + 1",
    ))
    remainder = numerator % stride
    if remainder:
        last_covered = (out - 1) * stride + span  # rows 1..last_covered of the padded input are used
        first_unused, last_unused = last_covered + 1, padded
        which = f"{first_unused}" if first_unused == last_unused else f"{first_unused}–{last_unused}"
        steps.append(Step(
            Bilingual(
                f"{numerator}/{stride} は割り切れない (余り {remainder}) ので切り捨てる。パディング後の入力 {padded} のうち"
                f" {which} 番目 ({remainder} 個) はどの窓にも入らない。",
                f"{numerator}/{stride} is not exact (remainder {remainder}), so the result is floored: of the"
                f" {padded} padded positions, position {which} ({remainder} in all) is never covered by a window.",
            ),
            formula="r = (H + 2P − K_eff) mod S",
            substituted=f"({padded} − {span}) mod {stride}",
            result=remainder,
            kind="note",
            data={"uncovered_from": first_unused, "uncovered_to": last_unused, "axis": axis},
        ))
    return out, steps


def output_size(sizes: tuple[int, ...] | int, kernel: int | tuple[int, int], stride: int | tuple[int, int] = 1,
                padding: int | tuple[int, int] = 0, dilation: int | tuple[int, int] = 1,
                transposed: bool = False, output_padding: int = 0) -> Solution:
    """Output size for one axis (answer an int) or two axes (answer ``[OH, OW]``)."""
    dims = (sizes,) if isinstance(sizes, int) else tuple(sizes)
    if len(dims) not in (1, 2):
        raise SolverError("give one or two input sizes", "入力サイズは1つか2つで指定してください")

    def pair(v: int | tuple[int, int]) -> tuple[int, int]:
        return (v, v) if isinstance(v, int) else (v[0], v[1])

    ks, ss, ps, ds = pair(kernel), pair(stride), pair(padding), pair(dilation)
    answers: list[int] = []
    steps: list[Step] = []
    for i, size in enumerate(dims):
        axis = "H" if len(dims) == 2 and i == 0 else ("W" if len(dims) == 2 else "H")
        out, axis_steps = output_size_steps(size, ks[i], ss[i], ps[i], ds[i], transposed, output_padding, axis)
        answers.append(out)
        steps += axis_steps
    inputs = {"input_size": list(dims), "kernel": list(ks[: len(dims)]), "stride": list(ss[: len(dims)]),
              "padding": list(ps[: len(dims)]), "dilation": list(ds[: len(dims)]), "transposed": transposed}
    return Solution("output-size", inputs, answers[0] if len(dims) == 1 else answers, steps)
