"""Options + bank → a :class:`Sheet`: the pool, the seeded draw of questions and variants, and the fingerprint.

Everything here is deterministic: the pool is sorted by id (so the order of bank files does not matter), all
randomness comes from ``numpy.random.Generator(PCG64)`` seeded by (seed, copy), and the fingerprint hashes the
pool's content and every drawn question's key, so a changed question, a changed generator or a changed
solver is noticed by ``dldrill check`` instead of grading against a wrong key.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dldrill.worksheets.code import FINGERPRINT_BITS, MAX_COUNT, SheetSpec, encode
from dldrill.worksheets.errors import WorksheetError

COMPUTATIONAL_TYPES = frozenset({"numeric", "generated"})
SHEET_SALT = zlib.crc32(b"dldrill-worksheet")


@dataclass(frozen=True)
class SheetItem:
    """One numbered question on a sheet."""

    number: int
    presented: Any  # dldrill.questions.Presented

    @property
    def computational(self) -> bool:
        return str(self.presented.question.type) in COMPUTATIONAL_TYPES


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its options, printed code, questions in order and the size of the pool they came from."""

    spec: SheetSpec
    code: str
    items: tuple[SheetItem, ...]
    fingerprint: int
    pool_size: int


def syllabus_vocabulary() -> list[str]:
    """Every syllabus query a code can carry: each item code and each E資格 section prefix (E3, E3-4 …)."""
    from dldrill.bank.syllabus import load_syllabus

    names: set[str] = set()
    for item in load_syllabus().items:
        parts = item.code.split("-")
        names.update("-".join(parts[:n]) for n in range(1, len(parts) + 1))
    return sorted(names)


def topic_vocabulary(questions: Sequence[Any]) -> list[str]:
    return sorted({topic for q in questions for topic in q.topics})


def normalize_spec(spec: SheetSpec) -> SheetSpec:
    """Learner spellings (``t1``, ``CNN``) → canonical ones, duplicates dropped, order kept."""
    from dldrill.bank.syllabus import normalize_code

    syllabus = tuple(dict.fromkeys(normalize_code(s) for s in spec.syllabus))
    topics = tuple(dict.fromkeys(t.strip().lower() for t in spec.topics))
    return SheetSpec(spec.exam, syllabus, topics, spec.count, spec.kinds, spec.seed, spec.copy, spec.lang)


def pool_of(questions: Sequence[Any], spec: SheetSpec) -> list[Any]:
    """The questions a sheet may use, sorted by id."""
    from dldrill.bank.syllabus import load_syllabus

    wanted: set[str] = set()
    if spec.syllabus:
        syllabus = load_syllabus()
        for query in spec.syllabus:
            wanted |= {item.code for item in syllabus.matching(query)}
    topics = set(spec.topics)
    out = []
    for q in questions:
        if spec.exam and spec.exam not in q.exam:
            continue
        if wanted and not wanted & set(q.syllabus):
            continue
        if topics and not topics & set(q.topics):
            continue
        computational = q.type in COMPUTATIONAL_TYPES
        if (spec.kinds == "conceptual" and computational) or (spec.kinds == "computational" and not computational):
            continue
        out.append(q)
    return sorted(out, key=lambda q: q.id)


def draw(pool: Sequence[Any], spec: SheetSpec) -> list[tuple[Any, int]]:
    """``spec.count`` (question, variant seed) pairs; generated templates repeat (new variants) when the pool is short."""
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([spec.seed, spec.copy, SHEET_SALT])))
    order = [pool[int(i)] for i in rng.permutation(len(pool))]
    chosen = order[:spec.count]
    generated = [q for q in order if q.type == "generated"]
    while len(chosen) < spec.count and generated:
        chosen.append(generated[int(rng.integers(len(generated)))])
    return [(q, int(rng.integers(1, 2**31))) for q in chosen]


def pool_digest(pool: Sequence[Any]) -> bytes:
    """A hash of the pool's questions as authored (the part of the fingerprint shared by every copy)."""
    from dldrill.bank.schema import question_to_data

    digest = hashlib.sha256(b"dldrill-sheet-1\0")
    for q in pool:
        digest.update(json.dumps(question_to_data(q), sort_keys=True, ensure_ascii=False).encode())
    return digest.digest()


def fingerprint_of(pool: Sequence[Any], presented: Sequence[Any], shared: bytes | None = None) -> int:
    """20 bits of a hash over the pool's questions and every drawn question's text and key."""
    digest = hashlib.sha256(shared if shared is not None else pool_digest(pool))
    for p in presented:
        shown = [p.id, p.seed, p.prompt.ja, p.prompt.en, [o.ja for o in p.options], p.answer_text("ja")]
        digest.update(json.dumps(shown, ensure_ascii=False, default=str).encode())
    return int.from_bytes(digest.digest()[:4], "big") >> (32 - FINGERPRINT_BITS)


def build_sheets(questions: Sequence[Any], specs: Sequence[SheetSpec]) -> list[Sheet]:
    """Several sheets (a class set): the pool and its hash are computed once per set of filters."""
    digests: dict[tuple[str, ...], bytes] = {}
    return [build_sheet(questions, spec, digests) for spec in specs]


def build_sheet(questions: Sequence[Any], spec: SheetSpec, digests: dict[tuple[str, ...], bytes] | None = None
                ) -> Sheet:
    """The sheet for ``spec`` over the bank's ``questions``.  Raises ``WorksheetError`` when nothing matches.

    ``digests`` (pool ids → pool hash) lets a class set hash the shared pool once.
    """
    from dldrill.questions import present

    spec = normalize_spec(spec)
    if not 1 <= spec.count <= MAX_COUNT:
        raise WorksheetError(f"問題数は 1〜{MAX_COUNT} で指定してください", f"--count must be 1 to {MAX_COUNT}")
    syllabus_vocab = syllabus_vocabulary()
    for query in spec.syllabus:
        if query not in syllabus_vocab:
            raise WorksheetError(f"シラバス項目 '{query}' はありません (例: T18, L01, E3-4)",
                                 f"no syllabus item '{query}' (e.g. T18, L01, E3-4)")
    pool = pool_of(questions, spec)
    if not pool:
        raise WorksheetError("条件に合う問題がありません (--exam/--syllabus/--topic/--kinds を見直してください)",
                             "No question matches (check --exam, --syllabus, --topic and --kinds)")
    presented = [present(q, seed) for q, seed in draw(pool, spec)]
    ids = tuple(q.id for q in pool)
    if digests is None or ids not in digests:
        shared = pool_digest(pool)
        if digests is not None:
            digests[ids] = shared
    else:
        shared = digests[ids]
    fingerprint = fingerprint_of(pool, presented, shared)
    code = encode(spec, fingerprint, syllabus_vocab)
    items = tuple(SheetItem(n, p) for n, p in enumerate(presented, start=1))
    return Sheet(spec, code, items, fingerprint, len(pool))


def sheet_from_code(questions: Sequence[Any], code: str) -> Sheet:
    """Rebuild the sheet a code was printed on; refuses (``WorksheetError``) when the bank has changed since."""
    from dldrill.worksheets.code import CHANGED, decode

    decoded = decode(code, syllabus_vocabulary())
    digests: dict[tuple[str, ...], bytes] = {}
    for spec in decoded.candidates(topic_vocabulary(questions)):
        try:
            sheet = build_sheet(questions, spec, digests)
        except WorksheetError:
            continue
        if sheet.fingerprint == decoded.fingerprint:
            return sheet
    raise WorksheetError(*CHANGED)
