"""The sheet code: every option that decides a worksheet, plus a bank fingerprint, in ~13 typeable characters.

Why a bit-packed code and not a hash: ``dldrill check CODE`` must rebuild the sheet on another machine with
nothing but the code, so the options themselves travel in it.  Fields are packed as small variable-length
integers (most sheets use small numbers), syllabus queries as indices into the syllabus, topics as 12-bit hashes
(resolved against today's topics, ties settled by the fingerprint), and 20 bits of the bank fingerprint close
the code.  The text is Crockford base32 (no I, L, O, U; typed in any case,
with or without hyphens) followed by one check character (odd-weighted sum mod 32), so a mistyped or swapped
character is caught before anything is graded.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dldrill.worksheets.errors import WorksheetError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_VERSION = 1
FINGERPRINT_BITS = 20
TOPIC_BITS = 12
EXAMS = (None, "G", "E")
KINDS = ("", "conceptual", "computational", "all")  # index = bit mask: 1 conceptual, 2 computational
LANGS = ("ja", "en")
GROUP = 4  # characters between hyphens when a code is printed
MAX_COUNT = 300  # questions on one sheet
MAX_COPIES = 200  # different copies in one class set
MAX_SEED = 2**32 - 1  # seeds above this would make codes long; ``--seed`` refuses them
DASHES = {ord(ch): "-" for ch in "ー－―‐‑‒–—−"}  # a Japanese IME types these for "-"


@dataclass(frozen=True)
class SheetSpec:
    """The options that fully determine a worksheet (with the bank)."""

    exam: str | None = None
    syllabus: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    count: int = 20
    kinds: str = "all"
    seed: int = 0
    copy: int = 0
    lang: str = "ja"


class _Bits:
    """An append-only / read-only bit string, most significant bit first."""

    def __init__(self, bits: str = "") -> None:
        self.bits = bits
        self.pos = 0

    def put(self, value: int, width: int) -> None:
        self.bits += format(value, f"0{width}b") if width else ""

    def put_var(self, value: int, group: int) -> None:
        """``value`` in ``group``-bit chunks, low chunk first, each followed by a "more follows" bit."""
        while True:
            chunk, value = value & ((1 << group) - 1), value >> group
            self.put(chunk, group)
            self.put(1 if value else 0, 1)
            if not value:
                return

    def take(self, width: int) -> int:
        if self.pos + width > len(self.bits):
            raise ValueError("code too short")
        value = int(self.bits[self.pos:self.pos + width] or "0", 2)
        self.pos += width
        return value

    def take_var(self, group: int) -> int:
        value, shift = 0, 0
        while True:
            value |= self.take(group) << shift
            shift += group
            if not self.take(1):
                return value
            if shift > 64:
                raise ValueError("number too long")


def _check_char(data: str) -> str:
    """Sum of values × odd weights, mod 32: every single wrong character changes it (an odd weight is invertible
    mod 32), and so does every swap of neighbours except two characters exactly 16 apart (e.g. 0 and G)."""
    total = sum((2 * i + 1) * ALPHABET.index(ch) for i, ch in enumerate(data))
    return ALPHABET[total % 32]


def normalize_code(text: str) -> str:
    """What the user typed → bare upper-case code: full-width IME input folded (NFKC, long dashes), hyphens and
    spaces dropped, Crockford look-alikes mapped."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text.translate(DASHES)).translate(DASHES)
    raw = folded.strip().upper().replace("-", "").replace(" ", "").replace("_", "")
    look_alikes: dict[str, str | int | None] = {"I": "1", "L": "1", "O": "0"}
    return raw.translate(str.maketrans(look_alikes))


def format_code(bare: str) -> str:
    """``ABCDEFGHJKMNP`` → ``ABCD-EFGH-JKMN-P``: easier to copy from paper."""
    return "-".join(bare[i:i + GROUP] for i in range(0, len(bare), GROUP))


def topic_hash(topic: str) -> int:
    """12 bits of CRC-32: topics travel as hashes so that new topics elsewhere in the bank do not void old codes."""
    return zlib.crc32(topic.encode()) & ((1 << TOPIC_BITS) - 1)


def encode(spec: SheetSpec, fingerprint: int, syllabus_vocab: Sequence[str]) -> str:
    """The printed code of ``spec`` (hyphenated).  Raises ``WorksheetError`` for a syllabus query not in the list
    or for options no code may carry (see :func:`valid_numbers`)."""
    if not valid_numbers(spec.count, spec.seed, spec.copy):
        raise WorksheetError(*INVALID)
    bits = _Bits()
    bits.put(CODE_VERSION, 2)
    bits.put(EXAMS.index(spec.exam), 2)
    bits.put(KINDS.index(spec.kinds), 2)
    bits.put(LANGS.index(spec.lang), 1)
    bits.put_var(spec.count, 5)
    bits.put_var(spec.seed, 7)
    bits.put_var(spec.copy, 3)
    bits.put_var(len(spec.syllabus), 2)
    for query in spec.syllabus:
        if query not in syllabus_vocab:
            raise WorksheetError(f"シラバス項目 '{query}' はありません", f"no syllabus item '{query}'")
        bits.put_var(list(syllabus_vocab).index(query), 7)
    bits.put_var(len(spec.topics), 2)
    for topic in spec.topics:
        bits.put(topic_hash(topic), TOPIC_BITS)
    bits.put(fingerprint & ((1 << FINGERPRINT_BITS) - 1), FINGERPRINT_BITS)
    padded = bits.bits + "0" * (-len(bits.bits) % 5)
    data = "".join(ALPHABET[int(padded[i:i + 5], 2)] for i in range(0, len(padded), 5))
    return format_code(data + _check_char(data))


@dataclass(frozen=True)
class Decoded:
    """A read code: the options (topics still as hashes) and the bank fingerprint."""

    spec: SheetSpec
    topic_hashes: tuple[int, ...]
    fingerprint: int

    def candidates(self, topic_vocab: Sequence[str], limit: int = 64) -> list[SheetSpec]:
        """Every spelling of the topics today's bank has with these hashes (usually exactly one).

        Raises ``WorksheetError`` when no topic of today's bank has one of the hashes: either the code is
        mistyped in a way the check character cannot see, or that topic is gone from the bank.
        """
        choices: list[list[str]] = []
        for wanted in self.topic_hashes:
            matching = [t for t in topic_vocab if topic_hash(t) == wanted]
            if not matching:
                raise WorksheetError(*UNKNOWN_TOPIC)
            choices.append(matching)
        return [replace(self.spec, topics=combo) for combo in itertools.islice(itertools.product(*choices), limit)]


BAD_CODE = ("シートコードが読めません。印刷されたコードを確かめてください",
            "This sheet code cannot be read; check the code printed on the sheet")
INVALID = ("このコードは作れるプリントを表していません (問題数・シード・版の番号が範囲外)。印刷されたコードを確かめてください",
           "This code does not describe a valid sheet (question count, seed or copy out of range); check the code "
           "printed on the sheet")
UNKNOWN_TOPIC = ("このコードのトピックは今の問題バンクにありません。コードの打ち間違いか、プリントを作ったときと違う問題バンクです",
                 "No topic in today's question bank matches this code: the code is mistyped, or the bank is not the "
                 "one the sheet was made with")


def valid_numbers(count: int, seed: int, copy: int) -> bool:
    """Whether a sheet with these numbers can be made (``dldrill worksheet`` enforces the same limits)."""
    return 1 <= count <= MAX_COUNT and 0 <= seed <= MAX_SEED and 0 <= copy < MAX_COPIES


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: user input echoed in a message stays one short line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def decode(text: str, syllabus_vocab: Sequence[str]) -> Decoded:
    """Read a code.  Raises ``WorksheetError`` when unreadable, or when a syllabus index is past today's list."""
    bare = normalize_code(text)
    shown = shorten(text)
    if len(bare) < 3 or any(ch not in ALPHABET for ch in bare) or _check_char(bare[:-1]) != bare[-1]:
        raise WorksheetError(f"{BAD_CODE[0]} ({shown})", f"{BAD_CODE[1]} ({shown})")
    bits = _Bits("".join(format(ALPHABET.index(ch), "05b") for ch in bare[:-1]))
    try:
        if bits.take(2) != CODE_VERSION:
            raise ValueError("version")
        exam, kinds, lang = EXAMS[bits.take(2)], KINDS[bits.take(2)], LANGS[bits.take(1)]
        count, seed, copy = bits.take_var(5), bits.take_var(7), bits.take_var(3)
        indices = [bits.take_var(7) for _ in range(bits.take_var(2))]
        hashes = tuple(bits.take(TOPIC_BITS) for _ in range(bits.take_var(2)))
        fingerprint = bits.take(FINGERPRINT_BITS)
    except (ValueError, IndexError):
        raise WorksheetError(f"{BAD_CODE[0]} ({shown})", f"{BAD_CODE[1]} ({shown})") from None
    if not kinds or not valid_numbers(count, seed, copy):
        raise WorksheetError(f"{INVALID[0]} ({shown})", f"{INVALID[1]} ({shown})")
    if any(i >= len(syllabus_vocab) for i in indices):
        raise WorksheetError(*CHANGED)
    spec = SheetSpec(exam, tuple(syllabus_vocab[i] for i in indices), (), count, kinds, seed, copy, lang)
    return Decoded(spec, hashes, fingerprint)


CHANGED = ("このプリントを作ったときから問題バンクが変わっています。正しい解答と照合できないため採点しません"
           " (作成時と同じ版の dldrill と --bank で実行してください)",
           "The question bank has changed since this sheet was made, so it cannot be graded against the right key"
           " (run the dldrill version and --bank options the sheet was made with)")
