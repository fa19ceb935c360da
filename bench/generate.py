"""Synthetic articles in the genre of seeds/*.txt, at any count, for the benchmark.

Each article reports one ministry's review conference: who chaired and who directed it,
figures in Vietnamese notation ("2.067.389 tỷ đồng", "tăng 13,2%") over periods ("6 tháng
đầu năm 2024", "quý I/2024"), targets for the next period, legal documents and strategies.
Figures agree across articles, as a ministry's reports do: each (indicator, year, period) has
one value, drawn from a seed of its own, so a change, a share of plan or a target restated in
another article is the one the other articles imply. About one article in fifty carries a slip
(a change misstated), for the audit and the quality shapes to find.
The same (count, seed) always gives the same files.

    python -m bench.generate 1000 build/bench/articles-1000
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

GENRE = Path(__file__).with_name("genre.yaml")
ROMAN = ("I", "II", "III", "IV")
FILLER = (
    "Công tác chỉ đạo, điều hành được triển khai quyết liệt, đồng bộ, bám sát thực tiễn.",
    "Tuy nhiên, vẫn còn một số tồn tại, hạn chế cần sớm được khắc phục trong thời gian tới.",
    "Công tác cải cách hành chính tiếp tục được đẩy mạnh, gắn với chuyển đổi số.",
    "Các đơn vị đã chủ động phối hợp với các Bộ, ngành, địa phương tháo gỡ khó khăn, vướng mắc.",
    "Kết quả này tạo tiền đề quan trọng để hoàn thành thắng lợi các mục tiêu của cả giai đoạn.",
    "Nhiều chỉ tiêu chủ yếu đạt và vượt kế hoạch đề ra, góp phần vào tăng trưởng chung.",
)


@lru_cache(maxsize=1)
def genre() -> dict:
    return yaml.safe_load(GENRE.read_text(encoding="utf-8"))


def vn_number(value: float, decimals: int = 0) -> str:
    """Vietnamese notation: "." groups thousands, "," marks decimals (2.067.389; 169,3)."""
    whole, _, frac = f"{value:,.{decimals}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac and frac.strip("0") else whole


SLIP_RATE = 0.02


@dataclass(frozen=True)
class Period:
    """How the article writes a reviewed period, and how it writes the comparison."""

    text: str
    compared: str
    months: int
    share: float  # of the year's total that the period accounts for


def draw(*key) -> random.Random:
    """A random source of its own for one fact, the same in every article that states it."""
    return random.Random(hashlib.sha256(repr(key).encode("utf-8")).digest())


def truth(ind: dict, year: int, share: float = 1.0) -> float:
    """The value of an indicator for a year, or for the part of it that ``share`` is."""
    growth = 1 + draw(ind["name"], "growth").uniform(-0.04, 0.15)
    jitter = draw(ind["name"], year).uniform(0.97, 1.03)
    level = ind["scale"] * 0.6 * growth ** (year - 2019) * jitter
    if ind["unit"] == "%":
        return level
    return level * share * draw(ind["name"], year, share).uniform(0.95, 1.05)


def planned(ind: dict, year: int) -> float:
    """The target set for a year's total."""
    return truth(ind, year) * draw(ind["name"], year, "plan").uniform(0.95, 1.15)


def review_period(rng: random.Random, year: int) -> Period:
    kind = rng.randrange(4)
    if kind == 0:
        return Period(f"năm {year}", f"năm {year - 1}", 12, 1.0)
    if kind == 1:
        return Period(f"6 tháng đầu năm {year}", f"cùng kỳ năm {year - 1}", 6, 0.5)
    if kind == 2:
        q = rng.randrange(3)
        return Period(f"quý {ROMAN[q]}/{year}", "cùng kỳ năm trước", 3 * (q + 1), 0.25 + q / 100)
    return Period(f"9 tháng năm {year}", f"cùng kỳ năm {year - 1}", 9, 0.75)


class ArticleWriter:
    """Writes one article from a seeded random source; every choice comes from genre.yaml."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.g = genre()
        self.ministry = rng.choice(self.g["ministries"])
        self.year = rng.randint(2019, 2025)
        self.period = review_period(rng, self.year)
        self.date = ((self.period.months % 12) + 1, rng.randint(1, 28))

    def person(self) -> str:
        g, r = self.g, self.rng
        return " ".join(r.choice(g[k]) for k in ("surnames", "middle_names", "given_names"))

    @staticmethod
    def figure(value: float, unit: str) -> str:
        """The value to three significant digits at least, as articles print it."""
        if unit == "%":
            return f"{vn_number(value, 1)}%"
        decimals = 0 if value >= 100 else 1 if value >= 10 else 2
        return f"{vn_number(value, decimals)} {unit}"

    def change(self, value: float, before: float) -> str:
        pct = (value / before - 1) * 100
        if self.rng.random() < SLIP_RATE:
            pct += self.rng.choice((-1, 1)) * self.rng.uniform(5, 15)
        verb = "giảm" if pct < 0 else "tăng"
        return f"{verb} {vn_number(abs(pct), self.rng.choice((1, 2)))}%"

    def write(self) -> str:
        middle = [self.legal(), self.strategy(), *self.speeches()]
        self.rng.shuffle(middle)
        parts = [*self.header(), self.intro(), *self.figures(), *middle, self.targets()]
        return "\n\n".join(parts) + "\n"

    def header(self) -> list[str]:
        if self.rng.random() < 0.3:
            return []
        m, d = self.date
        title = f"{self.ministry['short']} tổ chức Hội nghị {self.review_words()}"
        stamp = f"{self.rng.randint(7, 18)}:{self.rng.randint(0, 59):02d}"
        return [title, f"{stamp}, {d:02d}/{m:02d}/{self.year_of_meeting()}"]

    def year_of_meeting(self) -> int:
        return self.year + 1 if self.period.months == 12 else self.year

    def review_words(self) -> str:
        verb = "tổng kết" if self.period.months == 12 else "sơ kết"
        nxt = (f"năm {self.year + 1}" if self.period.months == 12
               else f"những tháng cuối năm {self.year}")
        return f"{verb} công tác {self.period.text} và triển khai nhiệm vụ {nxt}"

    def intro(self) -> str:
        m, d = self.date
        chair, guest = self.person(), self.person()
        points = self.rng.choice((0, 34, 63, 66, 120))
        mode = (f" theo hình thức trực tiếp kết hợp trực tuyến tới {points} điểm cầu"
                if points else "")
        place = self.rng.choice(("Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng"))
        return (f"Ngày {d}/{m}/{self.year_of_meeting()}, tại {place}, {self.ministry['name']} "
                f"tổ chức Hội nghị {self.review_words()}{mode}. Bộ trưởng {self.ministry['short']} "
                f"{chair} chủ trì Hội nghị. Phó Thủ tướng Chính phủ {guest} dự và chỉ đạo.")

    def figures(self) -> list[str]:
        indicators = list(self.ministry["indicators"])
        self.rng.shuffle(indicators)
        lines = []
        year, share = self.year, self.period.share
        for ind in indicators:
            value = truth(ind, year, share)
            shown = self.figure(value, ind["unit"])
            plan = f" và đạt {vn_number(value / planned(ind, year) * 100, 1)}% kế hoạch năm {year}"
            qualifier = self.rng.choice(("ước đạt", "đạt", "ước đạt khoảng", "đạt hơn"))
            change = self.change(value, truth(ind, year - 1, share))
            lines.append(f"Theo báo cáo tại Hội nghị, {self.period.text}, {ind['name']} "
                         f"{qualifier} {shown}, {change} so với {self.period.compared}"
                         f"{plan if self.rng.random() < 0.6 and ind['unit'] != '%' else ''}.")
            if self.rng.random() < 0.4:
                lines.append(self.rng.choice(FILLER))
        return [" ".join(lines[i:i + 3]) for i in range(0, len(lines), 3)]

    def targets(self) -> str:
        ind = self.rng.choice(self.ministry["indicators"])
        nxt = self.year + 1
        goal = planned(ind, nxt)
        return (f"Nhiệm vụ trọng tâm năm {nxt}, {self.ministry['sector']} phấn đấu {ind['name']} "
                f"đạt {self.figure(goal, ind['unit'])}, {self.change(goal, truth(ind, self.year))}"
                f" so với năm {self.year}. {self.rng.choice(FILLER)}")

    def legal(self) -> str:
        kind, suffix, issuer = self.rng.choice(self.g["legal"])
        n = self.rng.randint(1, 180)
        year = self.year - self.rng.randint(0, 2)
        number = f"{n}/{year}/{suffix}" if suffix in ("QH15", "NĐ-CP", "NQ-CP", "TT-BTC") \
            else f"{n}/{suffix}"
        subject = self.rng.choice(self.g["subjects"])
        law = self.rng.choice(self.g["laws"])
        return (f"Thời gian qua, {issuer} đã ban hành {kind} số {number} ngày "
                f"{self.rng.randint(1, 28)}/{self.rng.randint(1, 12)}/{year} về {subject}. "
                f"{self.ministry['short']} đã trình Quốc hội thông qua {law} (sửa đổi).")

    def strategy(self) -> str:
        head = self.rng.choice(self.g["strategy_heads"])
        subject = self.rng.choice(self.g["subjects"])
        horizon = self.rng.choice((2025, 2030, 2035))
        vision = horizon + self.rng.choice((10, 15, 20))
        return (f"{self.ministry['short']} tiếp tục triển khai {head} {subject} đến năm {horizon}, "
                f"tầm nhìn đến năm {vision}. {self.rng.choice(FILLER)}")

    def speeches(self) -> list[str]:
        out = []
        for title, org in self.rng.sample(self.g["officials"], 2):
            org = (org or "").replace("{ministry}", self.ministry["short"])
            who = " ".join(p for p in (title, org, self.person()) if p)
            if title == "Phó Chủ tịch UBND tỉnh":
                province = self.rng.choice(self.g["provinces"])
                who = f"Phó Chủ tịch UBND tỉnh {province} {self.person()}"
            out.append(f"Phát biểu tại Hội nghị, {who} đề nghị {self.ministry['sector']} tiếp tục "
                       f"{self.rng.choice(self.g['subjects'])}. {self.rng.choice(FILLER)}")
        return out


def article(n: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of synthetic article number ``n``."""
    text = ArticleWriter(random.Random(seed * 1_000_003 + n)).write()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{n:06d}_{digest}.txt", text


def write_corpus(folder: Path, count: int, seed: int = 0) -> Path:
    """Writes ``count`` articles into ``folder`` (kept if already complete) and returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.txt"))) == count:
        return folder
    for old in folder.glob("*.txt"):
        old.unlink()
    for n in range(count):
        name, text = article(n, seed)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def main(argv: list[str]) -> int:
    """``python -m bench.generate COUNT FOLDER [SEED]``."""
    try:
        count, folder, seed = int(argv[0]), Path(argv[1]), int(argv[2]) if len(argv) > 2 else 0
    except (IndexError, ValueError):
        print("usage: python -m bench.generate COUNT FOLDER [SEED]", file=sys.stderr)
        return 2
    write_corpus(folder, count, seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
