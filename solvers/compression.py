"""Model compression by hand: 8-bit quantization (scale, zero point, round trip) and distillation losses.

Quantization maps a real x to an integer q = clamp(round(x/s) + z) and back to x̂ = (q − z)·s; the
round-trip error |x̂ − x| is at most s/2 inside the range.  How a tie (x/s exactly halfway) is rounded
matters for hand calculations, so the rule is always named: half to even (NumPy, PyTorch) or half away
from zero (四捨五入).  Distillation softens teacher and student with a temperature T and matches them
with KL(p_T^τ ‖ p_S^τ)·T² (Hinton et al. 2015); the T² keeps the soft gradients on the same scale as
the hard ones when T changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from solvers.errors import SolverError
from solvers.exact import exact_rational as _exact
from solvers.numbers import fmt, fmt_signed
from solvers.steps import Bilingual, Solution, Step

SCHEMES = ("asymmetric-uint8", "symmetric-int8")
ROUNDINGS = ("half-even", "half-up")
MAX_VALUES = 200
MAX_LOGITS = 50
_RANGES = {"asymmetric-uint8": (0, 255), "symmetric-int8": (-127, 127)}


def _show(value: Any) -> str:
    if isinstance(value, sympy.Rational) and len(str(value)) <= 12:
        return str(value)
    return fmt(float(value))


def _paren(value: Any) -> str:
    text = _show(value)
    return f"({text})" if text.startswith("-") or "/" in text else text


def round_rational(value: Any, rule: str) -> int:
    """Round an exact rational to an integer: ``half-even`` (banker's) or ``half-up`` (half away from zero)."""
    value = sympy.Rational(value)
    if rule == "half-up":
        magnitude = int(sympy.floor(abs(value) + sympy.Rational(1, 2)))
        return magnitude if value >= 0 else -magnitude
    floor = int(sympy.floor(value))
    remainder = value - floor
    if remainder > sympy.Rational(1, 2):
        return floor + 1
    if remainder < sympy.Rational(1, 2):
        return floor
    return floor if floor % 2 == 0 else floor + 1


def _is_tie(value: Any) -> bool:
    return bool(sympy.Rational(value).q == 2)


def _round_decimals(value: Any, decimals: int, rule: str) -> Any:
    factor = sympy.Integer(10) ** decimals
    return sympy.Rational(round_rational(value * factor, rule), factor)


def _quantize_all(xs: list[Any], scale: Any, zero: int, scheme: str, rule: str) -> list[dict[str, Any]]:
    low, high = _RANGES[scheme]
    rows = []
    for x in xs:
        ratio = x / scale
        rounded = round_rational(ratio, rule)
        q = min(max(rounded + zero, low), high)
        x_hat = (q - zero) * scale
        rows.append({"x": x, "x/s": ratio, "round": rounded, "q": q, "x̂": x_hat, "error": x_hat - x,
                     "clamped": q != rounded + zero, "tie": _is_tie(ratio)})
    return rows


def _rule_text(rule: str) -> Bilingual:
    return Bilingual("偶数丸め (round half to even、NumPy・PyTorch と同じ)", "round half to even (as NumPy and PyTorch)") \
        if rule == "half-even" else Bilingual("四捨五入 (0 から遠い方へ丸める)", "round half away from zero (四捨五入)")


def quantize(values: Sequence[Any], scheme: str = "asymmetric-uint8", rounding: str = "half-even",
             scale_decimals: int | None = None) -> Solution:
    """Scale, zero point, quantized integers, dequantized values and round-trip errors of ``values``.

    asymmetric-uint8: the range [min(x_min, 0), max(x_max, 0)] (widened to contain 0, so that 0 is
    exactly representable, as PyTorch's MinMaxObserver does) is spread over 0…255:
    s = (max − min)/255, z = round(−min/s) clamped to [0, 255].  symmetric-int8: s = max|x|/127, z = 0,
    q in the narrow range [−127, 127].  With ``scale_decimals`` the scale is first rounded to that many
    decimals (by the same rule) and the steps compare the result with the unrounded scale.
    """
    if scheme not in SCHEMES:
        raise SolverError(f"unknown scheme '{scheme}' ({', '.join(SCHEMES)})", f"方式 '{scheme}' は未対応です ({', '.join(SCHEMES)})")
    if rounding not in ROUNDINGS:
        raise SolverError(f"unknown rounding '{rounding}' ({', '.join(ROUNDINGS)})",
                          f"丸め方 '{rounding}' は未対応です ({', '.join(ROUNDINGS)})")
    xs = [_exact(v, "values") for v in values]
    if not xs or len(xs) > MAX_VALUES:
        raise SolverError(f"give 1 to {MAX_VALUES} values", f"値は 1〜{MAX_VALUES} 個で指定してください")
    if scale_decimals is not None and (isinstance(scale_decimals, bool) or not 0 <= scale_decimals <= 12):
        raise SolverError("scale_decimals must be from 0 to 12", "scale_decimals は 0〜12 にしてください")
    steps: list[Step] = [Step(Bilingual(f"丸めの規則: {_rule_text(rounding).ja}", f"rounding rule: {_rule_text(rounding).en}"),
                              kind="note")]
    if scheme == "asymmetric-uint8":
        low, high = min(min(xs), 0), max(max(xs), 0)
        steps.append(Step(Bilingual("値の範囲 (0 を含むように広げる: 0 を誤差なく表せるように)",
                                    "the range of the values (widened to contain 0, so that 0 is represented exactly)"),
                          formula="[min(x_min, 0), max(x_max, 0)]", substituted=f"[{_show(low)}, {_show(high)}]",
                          result=[low, high]))
        if high == low:
            raise SolverError("all values are 0, so the scale would be 0", "すべて 0 なのでスケールが 0 になります")
        scale = (high - low) / 255
        steps.append(Step(Bilingual("スケール: 範囲を 255 段階に分ける", "scale: the range split into 255 steps"),
                          formula="s = (max − min)/255", substituted=f"({_show(high)} − {_paren(low)})/255", result=scale))
    else:
        peak = max(abs(x) for x in xs)
        if peak == 0:
            raise SolverError("all values are 0, so the scale would be 0", "すべて 0 なのでスケールが 0 になります")
        scale = peak / 127
        steps.append(Step(Bilingual("スケール: 最大絶対値を 127 に対応させる (対称、ゼロ点 0)",
                                    "scale: the largest magnitude maps to 127 (symmetric, zero point 0)"),
                          formula="s = max|x|/127", substituted=f"{_show(peak)}/127", result=scale))
        low = -peak
    exact_scale = scale
    if scale_decimals is not None:
        scale = _round_decimals(exact_scale, scale_decimals, rounding)
        if scale == 0:
            raise SolverError(f"the scale rounds to 0 with {scale_decimals} decimals", f"小数 {scale_decimals} 桁に丸めるとスケールが 0 になります")
        steps.append(Step(Bilingual(f"スケールを小数第 {scale_decimals} 位に丸めてから使う", f"round the scale to {scale_decimals} decimals first"),
                          formula=f"s′ = round(s, {scale_decimals})", substituted=f"round({fmt(float(exact_scale), 10)}, {scale_decimals})",
                          result=scale))

    def zero_point(s: Any) -> int:
        return 0 if scheme == "symmetric-int8" else min(max(round_rational(-low / s, rounding), 0), 255)

    zero = zero_point(scale)
    if scheme == "asymmetric-uint8":
        steps.append(Step(Bilingual("ゼロ点: 実数の 0 に対応する整数", "zero point: the integer that stands for the real 0"),
                          formula="z = clamp(round(−min/s), 0, 255)", substituted=f"round({_paren(-low)}/{_paren(scale)})"
                          f" = round({fmt(float(-low / scale), 10)})", result=zero))
    rows = _quantize_all(xs, scale, zero, scheme, rounding)
    q_low, q_high = _RANGES[scheme]
    for row in rows:
        remark = ""
        if row["tie"]:
            other = round_rational(row["x/s"], "half-up" if rounding == "half-even" else "half-even")
            if other != row["round"]:
                remark = f" (tie: the other rule gives {other})"
        if row["clamped"]:
            remark += f" (clamped to [{q_low}, {q_high}])"
        steps.append(Step(Bilingual(f"x = {_show(row['x'])} を量子化して戻す{remark}", f"quantize and dequantize x = {_show(row['x'])}{remark}"),
                          formula="q = clamp(round(x/s) + z), x̂ = (q − z)·s",
                          substituted=f"q = round({fmt(float(row['x/s']), 10)}) + {zero} = {row['q']}, "
                                      f"x̂ = ({row['q']} − {zero})×{_paren(scale)} = {_show(row['x̂'])}",
                          result={k: row[k] for k in ("q", "x̂", "error")}, kind="cell"))
    max_error = max(abs(r["error"]) for r in rows)
    steps.append(Step(Bilingual("往復誤差の最大値 (範囲内なら s/2 以下)", "largest round-trip error (at most s/2 inside the range)"),
                      formula="max |x̂ − x| ≤ s/2", substituted=f"s/2 = {_show(scale / 2)}", result=max_error))
    answer: dict[str, Any] = {"scale": scale, "zero_point": zero, "q": [r["q"] for r in rows],
                              "dequantized": [r["x̂"] for r in rows], "error": [r["error"] for r in rows],
                              "max_abs_error": max_error}
    if scale_decimals is not None:
        exact_rows = _quantize_all(xs, exact_scale, zero_point(exact_scale), scheme, rounding)
        changed = [i for i, (a, b) in enumerate(zip(rows, exact_rows, strict=True)) if a["q"] != b["q"]]
        exact_max = max(abs(r["error"]) for r in exact_rows)
        steps.append(Step(Bilingual(f"丸めないスケールとの比較: q が変わる値 {len(changed)} 個、最大誤差 {_show(exact_max)} → {_show(max_error)}",
                                    f"compared with the unrounded scale: {len(changed)} values change q; largest error"
                                    f" {_show(exact_max)} → {_show(max_error)}"),
                          formula="s (exact) vs s′ (rounded)",
                          result={"zero_point_exact_scale": zero_point(exact_scale), "q_exact_scale": [r["q"] for r in exact_rows],
                                  "changed_indices": changed, "max_abs_error_exact_scale": exact_max}))
        answer["exact_scale"] = exact_scale
    inputs = {"values": xs, "scheme": scheme, "rounding": rounding, "scale_decimals": scale_decimals}
    return Solution("quantize", inputs, answer, steps)


def _softmax(logits: list[Any], temperature: Any) -> tuple[list[Any], list[Any]]:
    """Probabilities and exact log-probabilities (z/T − log Σ exp(z/T)) at temperature T."""
    scaled = [z / temperature for z in logits]
    log_total = sympy.log(sum(sympy.exp(v) for v in scaled))
    return [sympy.exp(v) / sum(sympy.exp(u) for u in scaled) for v in scaled], [v - log_total for v in scaled]


def distill(teacher_logits: Sequence[Any], student_logits: Sequence[Any], temperature: Any,
            target: int | None = None, alpha: Any = None) -> Solution:
    """Soft-target loss T²·KL(p_T^τ ‖ p_S^τ), optionally mixed with the hard-label cross-entropy.

    With a ``target`` class the total is ``α·CE(softmax(z_S), target) + (1 − α)·T²·KL`` — α weighs the
    hard label (default 1/2); the cross-entropy uses T = 1, as at inference.
    """
    teacher = [_exact(z, "teacher logits") for z in teacher_logits]
    student = [_exact(z, "student logits") for z in student_logits]
    if len(teacher) != len(student) or not 2 <= len(teacher) <= MAX_LOGITS:
        raise SolverError(f"teacher and student need the same number (2…{MAX_LOGITS}) of logits",
                          f"教師と生徒のロジットは同じ個数 (2〜{MAX_LOGITS}) にしてください")
    t = _exact(temperature, "temperature")
    if t <= 0:
        raise SolverError("the temperature must be positive", "温度は正の値にしてください")
    steps: list[Step] = []
    p_teacher, log_teacher = _softmax(teacher, t)
    p_student, log_student = _softmax(student, t)
    plain, _ = _softmax(teacher, sympy.Integer(1))
    steps.append(Step(Bilingual("比較: 教師の T = 1 の確率 (温度で割る前)", "for comparison: the teacher at T = 1"),
                      formula="softmax(z_T)", result=plain))
    steps.append(Step(Bilingual(f"教師の出力を温度 T = {_show(t)} で柔らかくする", f"the teacher's output softened with T = {_show(t)}"),
                      formula="p_T^τ = softmax(z_T/T)", substituted="z_T/T = [" + ", ".join(_show(z / t) for z in teacher) + "]",
                      result=p_teacher))
    steps.append(Step(Bilingual("生徒の出力も同じ温度で", "the student's output at the same temperature"),
                      formula="p_S^τ = softmax(z_S/T)", substituted="z_S/T = [" + ", ".join(_show(z / t) for z in student) + "]",
                      result=p_student))
    # Σp_T = 1, so Σ p_T (log p_T − log p_S) = Σ p_T (z_T − z_S)/T − LSE(z_T/T) + LSE(z_S/T): the same number,
    # written without nested logarithms of exponentials
    lse_teacher, lse_student = log_teacher[0] - teacher[0] / t, log_student[0] - student[0] / t
    kl = sum(p * (a - b) / t for p, a, b in zip(p_teacher, teacher, student, strict=True)) + lse_teacher - lse_student
    steps.append(Step(Bilingual("KL ダイバージェンス (教師 ‖ 生徒)", "KL divergence (teacher ‖ student)"),
                      formula="KL = Σ_i p_T,i (ln p_T,i − ln p_S,i)",
                      substituted=" + ".join(f"{fmt(float(p), 4)}×({fmt(float(lt), 4)} − {fmt_signed(float(ls), 4)})"
                                             for p, lt, ls in zip(p_teacher, log_teacher, log_student, strict=True)),
                      result=kl))
    soft = t**2 * kl
    steps.append(Step(Bilingual("T² を掛ける (温度を変えても勾配の大きさがそろうように)", "multiply by T² (keeps the gradient"
                                " scale independent of T)"), formula="L_soft = T²·KL", substituted=f"{_show(t**2)}×{fmt(float(kl))}",
                      result=soft))
    answer: dict[str, Any] = {"teacher_probs": p_teacher, "student_probs": p_student, "kl": kl, "soft_loss": soft}
    inputs: dict[str, Any] = {"teacher_logits": teacher, "student_logits": student, "temperature": t}
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(student):
            raise SolverError(f"target must be a class index 0…{len(student) - 1}", f"正解は 0〜{len(student) - 1} のクラス番号にしてください")
        a = sympy.Rational(1, 2) if alpha is None else _exact(alpha, "alpha")
        if not 0 <= a <= 1:
            raise SolverError("alpha must be in [0, 1]", "alpha は 0〜1 にしてください")
        _, log_plain_student = _softmax(student, sympy.Integer(1))
        hard = -log_plain_student[target]
        steps.append(Step(Bilingual("正解ラベルとの交差エントロピー (T = 1)", "cross-entropy with the true label (T = 1)"),
                          formula="L_hard = −ln softmax(z_S)_c", substituted=f"c = {target}", result=hard))
        total = a * hard + (1 - a) * soft
        steps.append(Step(Bilingual("ハードとソフトを α で重みづけ", "weigh the hard and soft losses with α"),
                          formula="L = α·L_hard + (1 − α)·T²·KL",
                          substituted=f"{_paren(a)}×{fmt(float(hard))} + {_paren(1 - a)}×{fmt(float(soft))}", result=total))
        answer.update({"hard_loss": hard, "total_loss": total})
        inputs.update({"target": target, "alpha": a})
    notes = [Bilingual("T² 倍の KL は F.kl_div(log_softmax(z_S/T), softmax(z_T/T), reduction='sum')·T² と同じ (Hinton ら 2015)。",
                       "T²·KL equals F.kl_div(log_softmax(z_S/T), softmax(z_T/T), reduction='sum')·T² (Hinton et al. 2015).")]
    return Solution("distill", inputs, answer, steps, notes=notes)
