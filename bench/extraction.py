"""Per-article extraction time over a folder of articles (default: seeds/).

    python bench/extraction.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.extract import extract
from kg.sources import find_files, read_article


def measure(folder: Path, repeat: int) -> list[tuple[str, int, float]]:
    """(article, characters, median milliseconds) for every article in ``folder``."""
    rows = []
    for path in find_files([folder]):
        article = read_article(path)
        extract(article)  # warm the gazetteer and compiled patterns
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            extract(article)
            times.append((time.perf_counter() - start) * 1000)
        rows.append((article.name, len(article.text), statistics.median(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=Path("seeds"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rows = measure(args.folder, args.repeat)
    for name, size, ms in rows:
        print(f"{name:32} {size:7d} chars  {ms:7.2f} ms")
    times = [ms for _, _, ms in rows]
    print(f"median {statistics.median(times):.2f} ms, max {max(times):.2f} ms per article "
          f"({len(rows)} articles, median of {args.repeat} runs each)")


if __name__ == "__main__":
    main()
