"""Find a font that really has Japanese glyphs, so a PDF worksheet is never a page of empty boxes.

Why check the glyphs ourselves: Typst silently draws missing characters as empty boxes, and a font's family name
does not promise coverage.  Candidate files (``--font-path`` dirs, then the usual system dirs and ``fc-list``)
are listed by Typst, and each one's ``cmap`` table is read (a few dozen lines of sfnt parsing, no dependency)
to confirm it maps あ, ア and 漢.  Preferred families come first: Noto CJK JP, IPAex, Hiragino, Yu Gothic ….
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dldrill.worksheets.errors import WorksheetError

PREFERRED = (
    "Noto Sans CJK JP", "Noto Sans JP", "Noto Serif CJK JP", "Noto Serif JP", "Source Han Sans JP",
    "Source Han Sans", "IPAexGothic", "IPAexMincho", "IPAGothic", "IPAPGothic", "IPAMincho", "Hiragino Sans",
    "Hiragino Kaku Gothic ProN", "Hiragino Kaku Gothic Pro", "Hiragino Mincho ProN", "Yu Gothic", "YuGothic",
    "Yu Mincho", "Meiryo", "MS Gothic", "TakaoGothic", "VL Gothic",
)
#: file names worth opening in the (large) system font dirs
JAPANESE_FILE = re.compile(
    r"(notosanscjk|notoserifcjk|notosansjp|notoserifjp|sourcehan|ipaex|^ipa[gmp]|hiragino|ヒラギノ|yugoth|yumin|"
    r"meiryo|msgothic|msmincho|takao|vl-?gothic|japanese)", re.IGNORECASE)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
SYSTEM_FONT_DIRS: list[str] = [
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/Library/Fonts",
    "/System/Library/Fonts", "/System/Library/AssetsV2", "~/Library/Fonts", "C:/Windows/Fonts",
    "~/AppData/Local/Microsoft/Windows/Fonts",
]
USE_FC_LIST = True
PROBE = "あア漢"
MISSING = ("日本語フォントが見つからないため PDF を作れません (空白の四角だらけになります)。"
           "sudo apt install fonts-ipaexfont-gothic などで入れるか、--font-path DIR でフォントのあるフォルダを指定して"
           "ください (HTML なら --format html)",
           "No Japanese font was found, so no PDF was made (it would print empty boxes). Install one, e.g. "
           "`sudo apt install fonts-ipaexfont-gothic`, or pass --font-path DIR (or use --format html)")


@dataclass(frozen=True)
class JapaneseFont:
    """A usable font: Typst's family name and the directory to give ``typst.compile(font_paths=…)``."""

    family: str
    directory: Path
    path: Path


def _cmap_covers(path: Path, index: int, text: str) -> bool:
    """Whether the font (``index`` in a collection) maps every character of ``text``; False if unreadable."""
    try:
        with path.open("rb") as stream:
            data = stream.read()
    except OSError:
        return False
    try:
        offset = 0
        if data[:4] == b"ttcf":
            offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
        tables = struct.unpack_from(">H", data, offset + 4)[0]
        cmap = None
        for t in range(tables):
            tag, _, table_offset, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * t)
            if tag == b"cmap":
                cmap = table_offset
        if cmap is None:
            return False
        wanted = {ord(ch) for ch in text}
        count = struct.unpack_from(">H", data, cmap + 2)[0]
        for r in range(count):
            platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * r)
            if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
                continue
            mapped = _subtable_codepoints(data, cmap + sub, wanted)
            if mapped == wanted:
                return True
    except (struct.error, IndexError):
        return False
    return False


def _subtable_codepoints(data: bytes, at: int, wanted: set[int]) -> set[int]:
    """Which of ``wanted`` a cmap subtable (format 4 or 12) maps to a glyph."""
    fmt = struct.unpack_from(">H", data, at)[0]
    found: set[int] = set()
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for g in range(groups):
            start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * g)
            found |= {c for c in wanted if start <= c <= end}
    elif fmt == 4:
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = at + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        ranges = deltas + 2 * segments
        for s in range(segments):
            end, start = struct.unpack_from(">H", data, ends + 2 * s)[0], struct.unpack_from(">H", data, starts + 2 * s)[0]
            for c in wanted:
                if not start <= c <= end:
                    continue
                delta = struct.unpack_from(">h", data, deltas + 2 * s)[0]
                range_offset = struct.unpack_from(">H", data, ranges + 2 * s)[0]
                if range_offset == 0:
                    glyph = (c + delta) & 0xFFFF
                else:
                    glyph = struct.unpack_from(">H", data, ranges + 2 * s + range_offset + 2 * (c - start))[0]
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                if glyph:
                    found.add(c)
    return found


def _fc_list_dirs() -> list[Path]:
    """Directories of the fonts fontconfig says cover Japanese (empty when fc-list is absent or fails)."""
    if not USE_FC_LIST or shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.split(":")[0].strip()).parent for line in out.splitlines() if line.strip()]


def _japanese_named_dirs(roots: Iterable[Path]) -> list[Path]:
    """Folders under the system font roots that hold a file named like a Japanese font."""
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for folder, _, files in os.walk(root):
            if any(f.lower().endswith(FONT_SUFFIXES) and JAPANESE_FILE.search(f) for f in files):
                found.append(Path(folder))
    return found


def _rank(family: str) -> int:
    return PREFERRED.index(family) if family in PREFERRED else len(PREFERRED)


def find_japanese_font(font_paths: Sequence[str | Path] = (), system_dirs: Sequence[str] | None = None
                       ) -> JapaneseFont | None:
    """The best font with Japanese glyphs: in ``font_paths`` first (any font there), then system fonts."""
    import typst

    user = [Path(p).expanduser() for p in font_paths]
    roots = [Path(os.path.expandvars(d)).expanduser() for d in (SYSTEM_FONT_DIRS if system_dirs is None else system_dirs)]
    groups = [user, list(dict.fromkeys([*_fc_list_dirs(), *_japanese_named_dirs(roots)]))]
    for dirs in groups:
        dirs = [d for d in dirs if d.is_dir()]
        if not dirs:
            continue
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                            font_paths=[str(d) for d in dirs]).fonts()
        candidates = sorted((f for f in fonts if f.path and f.style == "normal"),
                            key=lambda f: (_rank(f.family), abs(f.weight - 400), f.family, str(f.path)))
        for font in candidates:
            path = Path(str(font.path))
            if _cmap_covers(path, font.index, PROBE):
                return JapaneseFont(font.family, path.parent, path)
    return None


def require_japanese_font(font_paths: Sequence[str | Path] = (), system_dirs: Sequence[str] | None = None
                          ) -> JapaneseFont:
    """Like :func:`find_japanese_font`, but stops with the bilingual fix when there is none."""
    for given in font_paths:
        if not Path(given).expanduser().is_dir():
            raise WorksheetError(f"--font-path のフォルダがありません: {given}", f"--font-path: no such folder {given}")
    font = find_japanese_font(font_paths, system_dirs)
    if font is None:
        raise WorksheetError(*MISSING)
    return font
