"""``dldrill solve PROBLEM …``: run one solver and print its worked solution (Rich) or JSON.

Each problem family has a module in ``dldrill.commands.solvecli`` exposing
``add_arguments(problem, parser)`` and ``solve(problem, args) -> Solution``; it is imported only
when one of its problems is asked for, so that e.g. ``output-size`` never imports SymPy.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Sequence

from dldrill.cli import command_parser
from dldrill.i18n import detect_lang

#: problem name → (module under dldrill.commands.solvecli, help ja, help en)
PROBLEMS: dict[str, tuple[str, str, str]] = {
    # issue 2: CNN, layers, activations, losses
    "conv2d": ("cnn", "2次元畳み込み", "2-D convolution"),
    "pool2d": ("cnn", "プーリング (最大・平均)", "max / average pooling"),
    "output-size": ("cnn", "出力サイズ (畳み込み・プーリング・転置畳み込み)", "output size of conv / pool / transposed conv"),
    "summary": ("summary", "モデルの出力形状とパラメータ数 (Keras / PyTorch)", "model summary: shapes and parameter counts"),
    "softmax": ("activations", "ソフトマックス (温度つき)", "softmax with optional temperature"),
    "sigmoid": ("activations", "シグモイド関数", "sigmoid"),
    "tanh": ("activations", "tanh 関数", "tanh"),
    "relu": ("activations", "ReLU 関数", "ReLU"),
    "leaky-relu": ("activations", "Leaky ReLU 関数", "Leaky ReLU"),
    "cross-entropy": ("losses", "交差エントロピー誤差", "categorical cross-entropy"),
    "binary-cross-entropy": ("losses", "バイナリ交差エントロピー", "binary cross-entropy"),
    "mse": ("losses", "平均二乗誤差", "mean squared error"),
    "sse": ("losses", "二乗和誤差 (½ つき)", "sum of squared errors with ½"),
    "mae": ("losses", "平均絶対誤差", "mean absolute error"),
    # issue 4: the rest of the exam mathematics
    "optimizer": ("optimizers", "最適化手法の更新 (SGD, Momentum, Adam …)", "optimizer updates (SGD, Momentum, Adam …)"),
    "backprop": ("backprop", "計算グラフの誤差逆伝播", "backpropagation on a computational graph"),
    "softmax-with-loss": ("backprop", "Softmax-with-Loss / Sigmoid の勾配 y − t", "softmax/sigmoid-with-loss gradient y − t"),
    "norm": ("normalization", "バッチ・レイヤー・インスタンス・グループ正規化", "batch / layer / instance / group norm"),
    "metrics": ("metrics", "混同行列から正解率・適合率・再現率・F値", "accuracy, precision, recall, F from a confusion matrix"),
    "roc": ("metrics", "ROC 曲線と AUC", "ROC points and AUC"),
    "iou": ("metrics", "バウンディングボックスの IoU", "IoU of two boxes"),
    "average-precision": ("metrics", "平均適合率 (AP)", "average precision of a detection list"),
    "info": ("information", "情報量・エントロピー・KL・JS・相互情報量", "information, entropy, KL, JS, mutual information"),
    "stats": ("statistics", "平均・分散・標準偏差・共分散・相関", "mean, variance, std, covariance, correlation"),
    "probability": ("statistics", "ベイズの定理・二項分布・期待値", "Bayes, binomial, expectation"),
    "rl": ("rl", "強化学習: 割引収益・Q学習・SARSA・TD・ε-greedy・ベルマン", "RL: return, Q-learning, SARSA, TD, ε-greedy, Bellman"),
    "ctc": ("ctc", "CTC: 縮約・アラインメント・前向きアルゴリズム・損失", "CTC: collapse, alignments, forward algorithm, loss"),
    "attention": ("attention", "Scaled Dot-Product Attention", "scaled dot-product attention"),
    "attention-params": ("attention", "Multi-Head Attention / Transformer のパラメータ数", "MHA / Transformer parameter counts"),
    "cost": ("cost", "受容野・演算量・Depthwise Separable・EfficientNet", "receptive field, MACs/FLOPs, separable conv, EfficientNet"),
    "quantize": ("compression", "量子化 (スケール・ゼロ点)", "quantization scale and zero point"),
    "distill": ("compression", "蒸留のソフトターゲット損失", "distillation soft-target loss"),
}


def _problem_list() -> str:
    return "\n".join(f"  {name:<22} {ja} / {en}" for name, (_, ja, en) in PROBLEMS.items())


def run_command(name: str, argv: Sequence[str]) -> int:
    """Parse ``PROBLEM`` and its options, run the solver, print the result."""
    argv = list(argv)
    head = command_parser(
        "solve",
        "計算問題を途中式つきで解く / solve a calculation with worked steps",
        epilog="problems:\n" + _problem_list() + "\n\nhelp for one problem: dldrill solve PROBLEM --help",
    )
    head.add_argument("problem", metavar="PROBLEM", help="問題の種類 / problem type")
    head.add_argument("rest", nargs="...", help="problem options")
    ns = head.parse_args(argv)
    if ns.problem not in PROBLEMS:
        from difflib import get_close_matches

        close = get_close_matches(ns.problem, PROBLEMS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        sys.stderr.write(f"dldrill solve: unknown problem '{ns.problem}'{hint} (see dldrill solve --help)\n")
        return 2
    module_name, ja, en = PROBLEMS[ns.problem]
    try:
        module = importlib.import_module(f"dldrill.commands.solvecli.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("dldrill.commands.solvecli"):
            sys.stderr.write(f"dldrill solve: '{ns.problem}' is not available yet\n")
            return 2
        raise
    parser = command_parser(f"solve {ns.problem}", f"{ja} / {en}", epilog=getattr(module, "EPILOG", {}).get(ns.problem))
    parser.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    module.add_arguments(ns.problem, parser)
    from dldrill.commands.solvecli.common import NEGATIVE_NUMBER, InputError

    # argparse's private pattern for "a negative number, not an option" misses -1e6 and -1/2; no solve option looks
    # like a number, so widening it cannot hide an option
    parser._negative_number_matcher = NEGATIVE_NUMBER
    args = parser.parse_args(ns.rest)
    # common options may have been given before PROBLEM
    for opt in ("lang", "bank"):
        if hasattr(ns, opt) and not hasattr(args, opt):
            setattr(args, opt, getattr(ns, opt))
    from solvers.errors import SolverError

    try:
        solution = module.solve(ns.problem, args)
    except (SolverError, InputError) as exc:
        lang = detect_lang(getattr(args, "lang", None))
        sys.stderr.write(f"dldrill solve {ns.problem}: error: {exc.message(lang)}\n")
        return 2
    except (RecursionError, MemoryError, OverflowError):
        # a last net: the solvers bound their inputs, but an input that still outgrows the machine is the
        # user's to change, so it gets the same one line as any other bad input
        lang = detect_lang(getattr(args, "lang", None))
        message = ("入力の数が大きすぎるか式が複雑すぎて計算できません。値を小さく・式を短くしてください" if lang == "ja"
                   else "the input is too large or too deeply nested to compute; use smaller values or a shorter input")
        sys.stderr.write(f"dldrill solve {ns.problem}: error: {message}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(solution.to_json(), ensure_ascii=False, indent=2) + "\n")
        return 0
    from dldrill.render.terminal import print_solution

    print_solution(solution, detect_lang(getattr(args, "lang", None)))
    return 0
