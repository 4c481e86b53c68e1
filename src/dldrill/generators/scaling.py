"""Generator for EfficientNet compound scaling: the depth, width, resolution or FLOPs multiplier for a given φ.

The key and steps come from :func:`solvers.cost.efficientnet` (α = 1.2, β = 1.1, γ = 1.15 from Tan & Le, 2019);
the wrong options apply the coefficients with one slip each (linear in φ, the wrong coefficient, no squares).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec
from dldrill.generators.conventions import THREE_HINT, THREE_PLACES
from dldrill.generators.conventions import slip as _mistake
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution

ALPHA, BETA, GAMMA = Fraction(6, 5), Fraction(11, 10), Fraction(23, 20)
COEFFICIENT = {"depth": ("α", ALPHA), "width": ("β", BETA), "resolution": ("γ", GAMMA)}
ASKED = {"depth": ("深さ (層数)", "depth (number of layers)"), "width": ("幅 (チャネル数)", "width (number of channels)"),
         "resolution": ("入力解像度", "input resolution"), "flops": ("FLOPs (計算量)", "FLOPs")}


def _draw_eff(d: Draw) -> dict[str, Any]:
    return {"phi": d.int("phi"), "asked": str(d.pick("asked"))}


def _solve_eff(p: dict[str, Any]) -> Solution:
    from solvers.cost import efficientnet

    return efficientnet(p["phi"])


def _eff_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    phi, asked = p["phi"], p["asked"]
    a, b, g = float(ALPHA), float(BETA), float(GAMMA)
    if asked == "flops":
        out = _mistake((a * b * g) ** phi, "forgot-squares", "FLOPs は幅と解像度の2乗に比例するので (α·β²·γ²)^φ です。",
                       "FLOPs grow with the square of width and resolution, so the factor is (α·β²·γ²)^φ.")
        out += _mistake(a * b * b * g * g * phi, "times-phi", "φ は指数です (掛けるのではない): (α·β²·γ²)^φ。",
                        "φ is an exponent, not a factor: (α·β²·γ²)^φ.")
        out += _mistake((a * a * b * g) ** phi, "squares-on-depth", "2乗がつくのは幅 β と解像度 γ です。深さ α は1乗です。",
                        "The squares belong to width β and resolution γ; depth α enters linearly.")
        out += _mistake((a * b * g) ** (2 * phi), "squared-all",
                        "深さ α まで2乗しています。FLOPs は深さに比例します。", "You squared α too; FLOPs grow linearly with depth.")
        return out
    name, c = COEFFICIENT[asked]
    out = _mistake(1 + phi * (float(c) - 1), "linear-in-phi", f"倍率は {name}^φ (指数) です。1 + φ({name} − 1) のように線形には増えません。",
                   f"The multiplier is {name}^φ (a power); it does not grow linearly as 1 + φ({name} − 1).")
    out += _mistake(float(c) * phi, "times-phi", f"φ は指数です: {name}^φ ({name}·φ ではない)。", f"φ is an exponent: {name}^φ, not {name}·φ.")
    for other, (other_name, other_c) in COEFFICIENT.items():
        if other != asked:
            out += _mistake(float(other_c) ** phi, f"used-{other_name}",
                            f"{other_name} は{ASKED[other][0]}の係数です。{ASKED[asked][0]}は {name} を使います。",
                            f"{other_name} is the coefficient of the {ASKED[other][1]}; the {ASKED[asked][1]} uses {name}.")
    return out


EFFICIENTNET_SCALING = GeneratorSpec(
    name="efficientnet_scaling",
    title=Bilingual("EfficientNet の複合スケーリング", "EfficientNet compound scaling"),
    syllabus=("T26",),
    defaults={"phi": [2, 4], "asked": {"one_of": ["depth", "width", "resolution", "flops"]}},
    draw=_draw_eff,
    solve=_solve_eff,
    prompt=lambda p: Bilingual(
        "EfficientNet の複合スケーリングでは、深さを α^φ 倍、幅を β^φ 倍、解像度を γ^φ 倍にする (α = 1.2, β = 1.1, γ = 1.15, "
        f"α·β²·γ² ≈ 2)。φ = {p['phi']} のとき、ベースモデルに対する{ASKED[p['asked']][0]}の倍率はいくつか"
        + (" (FLOPs は深さに比例し、幅と解像度の2乗に比例するとする)" if p["asked"] == "flops" else "") + "。小数第4位を四捨五入。",
        "EfficientNet's compound scaling multiplies depth by α^φ, width by β^φ and resolution by γ^φ (α = 1.2, β = 1.1, "
        f"γ = 1.15, α·β²·γ² ≈ 2). For φ = {p['phi']}, by what factor does the {ASKED[p['asked']][1]} grow relative to the "
        "base model" + (" (FLOPs grow linearly with depth and with the square of width and of resolution)" if p["asked"] == "flops" else "")
        + "? Round to 3 decimal places."),
    mistakes=_eff_mistakes,
    answer=lambda p, s: s.answer[p["asked"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
    value_range=(1, None),
)

SPECS = (EFFICIENTNET_SCALING,)
