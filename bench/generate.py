"""A realistic long CSV, as an analyst brings one, and the metadata its new indicators need.

`indicator,country,year,value,source,note`: N indicators new to the catalogue
(`bench_indicator_00`, ...) x 200 real ISO 3166-1 alpha-3 codes (from pycountry) x 50 years
(1974-2023), sorted as an analyst's export is (indicator, country, year), values 0-100 with
1 to 3 decimals, `source` and `note` left empty as in the template. The same arguments give
the same bytes (seeded), so two runs of the benchmark read the same file.

    python bench/generate.py --indicators 100 --out /tmp/bench.csv --metadata /tmp/bench.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pycountry
import yaml

COUNTRIES = 200
FIRST_YEAR, LAST_YEAR = 1974, 2023
YEARS = LAST_YEAR - FIRST_YEAR + 1  # 50
ROWS_PER_INDICATOR = COUNTRIES * YEARS  # 10,000
SEED = 20261130
SOURCE = "wb_wdi_internet_users"  # an existing id in data/sources.yaml
HEADER = ("indicator", "country", "year", "value", "source", "note")


def indicator_ids(n: int) -> list[str]:
    return [f"bench_indicator_{i:02d}" for i in range(n)]


def countries(seed: int = SEED) -> list[str]:
    """200 real alpha-3 codes, the same ones for the same seed, sorted."""
    codes = sorted(c.alpha_3 for c in pycountry.countries)
    rng = np.random.default_rng(seed)
    return sorted(rng.choice(codes, size=COUNTRIES, replace=False).tolist())


def generate_csv(n_indicators: int, *, seed: int = SEED, extra_columns: bool = True) -> bytes:
    """The file's bytes: n_indicators x 200 countries x 50 years rows, UTF-8, LF endings."""
    rng = np.random.default_rng(seed)
    codes = countries(seed)
    rows = n_indicators * ROWS_PER_INDICATOR
    decimals = rng.integers(1, 4, size=rows)  # 1, 2 or 3
    scale = 10.0**decimals
    # Drawn as whole numbers of the last decimal, so the text is exact: 0.000 to 100.000.
    values = rng.integers(0, (100 * scale).astype(np.int64), endpoint=True) / scale
    year_text = [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    tail = ",," if extra_columns else ""
    lines = [",".join(HEADER if extra_columns else HEADER[:4])]
    i = 0
    for indicator in indicator_ids(n_indicators):
        for code in codes:
            prefix = f"{indicator},{code},"
            for year in year_text:
                lines.append(f"{prefix}{year},{values[i]:.{decimals[i]}f}{tail}")
                i += 1
    lines.append("")
    return "\n".join(lines).encode()


def metadata(n_indicators: int) -> list[dict[str, object]]:
    """Records as in data/indicators.yaml for the generated indicators."""
    return [
        {
            "id": ind,
            "name": {
                "en": f"Benchmark indicator {i}",
                "fr": f"Indicateur de mesure {i}",
                "ar": f"مؤشر القياس {i}",
            },
            "description": {
                "en": f"A generated series ({i}) to time imports; not real data.",
                "fr": f"Une série générée ({i}) pour mesurer les imports ; pas de vraies données.",
                "ar": f"سلسلة مولّدة ({i}) لقياس زمن الاستيراد؛ ليست بيانات حقيقية.",
            },
            "unit": {"en": "% of population", "fr": "% de la population", "ar": "% من السكان"},
            "short_unit": {"en": "%", "fr": "%", "ar": "%"},
            "theme": "connectivity",
            "direction": "higher_is_better",
            "decimals": 3,
            "sources": [SOURCE],
            "minimum": 0,
            "maximum": 100,
        }
        for i, ind in enumerate(indicator_ids(n_indicators))
    ]


def generate_metadata(n_indicators: int) -> bytes:
    return yaml.safe_dump(metadata(n_indicators), allow_unicode=True, sort_keys=False).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100, help="10,000 rows each")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-extra-columns", action="store_true", help="no source,note")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--metadata", type=Path)
    args = parser.parse_args(argv)
    content = generate_csv(args.indicators, seed=args.seed, extra_columns=not args.no_extra_columns)
    args.out.write_bytes(content)
    if args.metadata:
        args.metadata.write_bytes(generate_metadata(args.indicators))
    print(f"{args.out}: {args.indicators * ROWS_PER_INDICATOR:,} rows, {len(content):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
