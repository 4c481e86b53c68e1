"""``dldrill solve metrics | roc | iou | average-precision`` argument parsing."""

from __future__ import annotations

import argparse
from typing import Any

from dldrill.commands.solvecli.common import (
    InputError,
    parse_array,
    parse_int,
    parse_number,
    parse_number_list,
)
from solvers.steps import Solution

EPILOG = {
    "metrics": (
        "例 / examples:\n"
        "  dldrill solve metrics --tp 8 --fp 2 --fn 4 --tn 86 --beta 2\n"
        "  dldrill solve metrics --confusion '[[5,1,0],[2,3,1],[0,2,6]]' --classes cat,dog,bird\n"
        "  dldrill solve metrics --scores 0.9,0.6,0.4,0.2 --labels 1,0,1,0 --threshold 0.5\n"
        "混同行列は 行 = 実際, 列 = 予測 / rows = actual, columns = predicted; score ≥ threshold → 陽性 / positive"
    ),
    "roc": "例 / example:\n  dldrill solve roc --scores 0.9,0.8,0.8,0.4,0.3 --labels 1,1,0,0,1",
    "iou": (
        "例 / examples:\n"
        "  dldrill solve iou --box-a 0,0,2,2 --box-b 1,1,3,3\n"
        "  dldrill solve iou --box-a 1,1,2,2 --box-b 2,2,2,2 --format center\n"
        "負の座標は --box-a=-1,0,2,2 のように = でつなぐ / write negative coordinates as --box-a=-1,0,2,2"
    ),
    "average-precision": (
        "例 / examples:\n"
        "  dldrill solve average-precision --scores 0.9,0.8,0.7,0.6,0.5 --tp 1,0,1,0,1 --n-gt 4\n"
        "  dldrill solve average-precision --scores 0.9,0.8,0.7 --ious 0.8,0.3,0.6 --n-gt 3 --interpolation 11\n"
        "  dldrill solve average-precision --scores 0.9,0.8 --boxes '[[0,0,2,2],[0,0,2,2]]' --gt-boxes '[[0,0,2,2]]'"
    ),
}


def _flags(values: list[str], what: str) -> list[int]:
    out = []
    for v in parse_number_list(values, what):
        if v not in (0, 1):
            raise InputError(f"{what}: expected 0 or 1, got {v}", f"{what}: 0 か 1 で指定してください ({v})")
        out.append(int(v))
    return out


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "metrics":
        parser.add_argument("--confusion", metavar="JSON", help="K×K 混同行列 (行 = 実際, 列 = 予測) / K×K matrix, rows = actual")
        for name in ("tp", "fp", "fn", "tn"):
            parser.add_argument(f"--{name}", metavar="N", help=f"{name.upper()} の件数 / count")
        parser.add_argument("--scores", nargs="+", metavar="S", help="予測スコア / predicted scores")
        parser.add_argument("--labels", nargs="+", metavar="Y", help="正解ラベル 0/1 / true labels 0/1")
        parser.add_argument("--threshold", metavar="T", help="しきい値 (score ≥ T で陽性) / threshold, score ≥ T is positive")
        parser.add_argument("--beta", default="1", metavar="B", help="Fβ の β (default 1)")
        parser.add_argument("--zero-division", choices=["0", "1"], help="0/0 の代わりの値 (scikit-learn と同様) / value for 0/0")
        parser.add_argument("--classes", metavar="A,B,…", help="クラス名 / class names")
    elif problem == "roc":
        parser.add_argument("--scores", nargs="+", required=True, metavar="S", help="予測スコア / predicted scores")
        parser.add_argument("--labels", nargs="+", required=True, metavar="Y", help="正解ラベル 0/1 / true labels 0/1")
    elif problem == "iou":
        parser.add_argument("--box-a", required=True, metavar="X1,Y1,X2,Y2", help="ボックス A / box A")
        parser.add_argument("--box-b", required=True, metavar="X1,Y1,X2,Y2", help="ボックス B / box B")
        parser.add_argument("--format", choices=["corner", "center"], default="corner",
                            help="corner = (x1,y1,x2,y2), center = (cx,cy,w,h)")
    elif problem == "average-precision":
        parser.add_argument("--scores", nargs="+", required=True, metavar="S", help="検出のスコア / detection scores")
        parser.add_argument("--tp", nargs="+", metavar="F", help="各検出が TP なら 1, FP なら 0 / 1 = TP, 0 = FP")
        parser.add_argument("--ious", nargs="+", metavar="IOU", help="各検出の IoU / IoU of each detection")
        parser.add_argument("--boxes", metavar="JSON", help="検出ボックス (x1,y1,x2,y2) / detection boxes")
        parser.add_argument("--gt-boxes", metavar="JSON", help="正解ボックス / ground-truth boxes")
        parser.add_argument("--iou-threshold", default="0.5", metavar="T", help="IoU ≥ T で TP (default 0.5)")
        parser.add_argument("--n-gt", metavar="N", help="正解の数 / number of ground truths")
        parser.add_argument("--interpolation", choices=["all", "11"], default="all",
                            help="all = 全点補間 (VOC 2010+), 11 = 11点補間 (VOC 2007)")


def _metrics(args: argparse.Namespace) -> Solution:
    from solvers import metrics

    common: dict[str, Any] = {"beta": parse_number(args.beta, "--beta"),
                              "zero_division": None if args.zero_division is None else int(args.zero_division)}
    if args.confusion is not None:
        matrix, _shape = parse_array(args.confusion, "--confusion", ndims=(2,))
        names = [c.strip() for c in args.classes.split(",")] if args.classes else None
        return metrics.confusion_metrics(matrix, class_names=names, **common)
    if args.scores is not None:
        if args.labels is None or args.threshold is None:
            raise InputError("--scores needs --labels and --threshold", "--scores には --labels と --threshold が必要です")
        return metrics.metrics_from_scores(parse_number_list(args.scores, "--scores"), _flags(args.labels, "--labels"),
                                           parse_number(args.threshold, "--threshold"), **common)
    counts = [args.tp, args.fp, args.fn, args.tn]
    if all(c is None for c in counts):
        raise InputError("give --confusion JSON, or --tp --fp --fn --tn, or --scores --labels --threshold",
                         "--confusion JSON か、--tp --fp --fn --tn か、--scores --labels --threshold を指定してください")
    if any(c is None for c in counts):
        raise InputError("give all four of --tp --fp --fn --tn", "--tp --fp --fn --tn の4つをすべて指定してください")
    tp, fp, fn, tn = (parse_int(c, f"--{n}", 0) for c, n in zip(counts, ("tp", "fp", "fn", "tn"), strict=True))
    return metrics.binary_metrics(tp, fp, fn, tn, **common)


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import metrics

    if problem == "metrics":
        return _metrics(args)
    if problem == "roc":
        return metrics.roc_curve(parse_number_list(args.scores, "--scores"), _flags(args.labels, "--labels"))
    if problem == "iou":
        return metrics.iou(parse_number_list([args.box_a], "--box-a"), parse_number_list([args.box_b], "--box-b"), args.format)
    boxes = parse_array(args.boxes, "--boxes", ndims=(2,))[0] if args.boxes else None
    gt_boxes = parse_array(args.gt_boxes, "--gt-boxes", ndims=(2,))[0] if args.gt_boxes else None
    if args.n_gt is None and gt_boxes is None:
        raise InputError("give the number of ground truths with --n-gt", "正解の数を --n-gt で指定してください")
    return metrics.average_precision(
        parse_number_list(args.scores, "--scores"),
        tp_flags=_flags(args.tp, "--tp") if args.tp else None,
        n_gt=parse_int(args.n_gt, "--n-gt", 1) if args.n_gt is not None else None,
        interpolation=args.interpolation,
        ious=parse_number_list(args.ious, "--ious") if args.ious else None,
        iou_threshold=parse_number(args.iou_threshold, "--iou-threshold"),
        boxes=boxes, gt_boxes=gt_boxes,
    )
