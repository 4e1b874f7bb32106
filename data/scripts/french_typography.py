"""French typography for the French text of the catalogue (metrics/locales/fr.yaml) and of
data/*.yaml (every `fr:` field): a no-break space (U+00A0) before : ; ? ! % » and after «, and
a narrow no-break space (U+202F) between groups of thousands. URLs, ids and YAML keys are left
alone. tests/test_language.py checks the result; run this after writing French text:

    .venv/bin/python data/scripts/french_typography.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NBSP, NNBSP = "\u00a0", "\u202f"
URL = re.compile(r"https?://\S+|www\.\S+")
FIXES = [
    (re.compile(r"[ \u202f]([:;?!%»])"), NBSP + r"\1"),  # a plain space before the mark
    (re.compile(r"«[ \u202f]"), "«" + NBSP),
    (re.compile(r"([A-Za-zÀ-ÿ0-9)\]}])([;?!»])(?=\s|$|\")"), r"\1" + NBSP + r"\2"),
    (re.compile(r"([A-Za-zÀ-ÿ)\]}])(:)(?=\s|$|\")"), r"\1" + NBSP + r"\2"),
    (re.compile(r"«(?=\w)"), "«" + NBSP),
    (re.compile(r"(\d)%"), r"\1" + NBSP + "%"),
]
THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)")


def french(text: str) -> str:
    """One French text with its spaces set; URLs untouched."""
    parts = URL.split(text)
    urls = URL.findall(text)
    fixed = []
    for part in parts:
        for pattern, replacement in FIXES:
            part = pattern.sub(replacement, part)
        part = THOUSANDS.sub(lambda m: re.sub("[ \u00a0]", NNBSP, m.group(0)), part)
        fixed.append(part)
    out = fixed[0]
    for url, part in zip(urls, fixed[1:], strict=True):
        out += url + part
    return out


def catalogue(text: str) -> str:
    """fr.yaml: the value of every `key: value` line and every continuation line."""
    lines = []
    for line in text.split("\n"):
        key = re.match(r"^([\w.]+: )(.*)$", line)
        if key:
            lines.append(key.group(1) + french(key.group(2)))
        elif line.startswith(" "):
            lines.append(french(line))
        else:
            lines.append(line)  # comments, blank lines
    return "\n".join(lines)


def data_file(text: str) -> str:
    """A data/ YAML file: the value of each `fr:` field, and its folded continuation lines."""
    lines, block = [], None  # block: the indentation of the `fr:` key of a folded value
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and line.strip() and indent > block:
            lines.append(line[:indent] + french(line[indent:]))
            continue
        block = None
        field = re.match(r"^(\s*fr: )(.*)$", line)
        if field and field.group(2).strip() in (">-", ">", "|", "|-"):
            block = len(field.group(1)) - len("fr: ")
            lines.append(line)
        elif field:
            lines.append(field.group(1) + french(field.group(2)))
        else:
            lines.append(line)
    return "\n".join(lines)


def main() -> int:
    changed = 0
    paths = [(ROOT / "metrics/locales/fr.yaml", catalogue)]
    paths += [(p, data_file) for p in sorted((ROOT / "data").glob("*.yaml"))]
    for path, fix in paths:
        before = path.read_text(encoding="utf-8")
        after = fix(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed += 1
            print(f"fixed {path.relative_to(ROOT)}")
    print(f"{changed} file(s) changed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
