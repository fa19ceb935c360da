"""Indicator series: the figure's concept in ``ontology/indicators.ttl``, narrowed to its scope.

    "doanh thu lĩnh vực bưu chính"             -> doanh-thu, sector "bưu chính"
    "Kim ngạch xuất khẩu hàng hóa cả nước"     -> kim-ngach-xuat-khau, the whole country
    "tốc độ tăng trưởng GRDP" (a province's report) -> tang-truong-grdp, that province
    "số hồ sơ được số hóa" (no concept)        -> a series of its own, named by its words

A name links to a concept when, read as a noun phrase, it is one of the concept's labels
followed only by scope words; Vietnamese puts the head noun first, so the label must open the
name. Anything else in the name ("xuất khẩu điện thoại") makes it another series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..facts import Series
from ..text.slugs import fold, slugify
from .gazetteer import gazetteer

SCHEME = Path(__file__).resolve().parents[2] / "ontology" / "indicators.ttl"
NAMESPACE = "https://data.example.org/vngov/ontology/indicator#"

# Words that open a name without naming the quantity ("tổng số lao động" is "lao động").
_OPENERS = (("tong", "so", "luong"), ("tong", "so"), ("so", "luong"), ("so",), ("tong",),
            ("toc", "do", "tang", "truong"), ("toc", "do", "tang"), ("tang", "truong"),
            ("muc", "tang"), ("gia", "tri"))
# Words that qualify a quantity without making it another one; dropped from names and labels
# alike before they are compared.
_NEUTRAL = {"cua", "trong", "va", "tai", "o", "nam", "thang", "quy", "dau", "cuoi", "uoc", "tinh",
            "dat", "binh", "quan", "hang", "hoa", "tren", "dia", "ban", "toan", "nganh", "linh",
            "vuc", "thanh", "pho", "tp", "khoang", "hien", "nay", "den", "het", "cac", "mot",
            "vao", "cho", "tu", "voi", "duoc", "da", "dang", "xap", "xi", "gan", "hon", "chung",
            "tung"}
# A valuation or a running total, not another quantity: "theo giá hiện hành", "lũy kế"
_PRICES = re.compile(r"\btheo gia (?:hien hanh|so sanh)\b|\bluy ke\b"
                     r"|(?<=\bxuat khau )san pham\b")  # "xuất khẩu sản phẩm X" is "xuất khẩu X"
_NATION = re.compile(r"\b(?:ca nuoc|toan quoc|toan nen kinh te|nen kinh te|viet nam)\b")


@dataclass(frozen=True)
class Quantity:
    """A concept of the scheme: its key, Vietnamese label and scope type."""

    key: str
    label: str
    scope_type: str  # nation | sector | province | rank


@dataclass(frozen=True)
class ArticleScope:
    """What scopes an article's figures by default: the ministry it reports, its province."""

    ministry: str | None = None
    province: str | None = None


@cache
def quantities() -> dict[tuple[str, ...], Quantity]:
    """Every label of the scheme, as folded words, to its concept."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import SKOS

    kg = Namespace("https://data.example.org/vngov/ontology#")
    g = Graph().parse(SCHEME, format="turtle")
    by_words: dict[tuple[str, ...], Quantity] = {}
    for concept in sorted(g.subjects(SKOS.inScheme, None)):
        key = str(concept).removeprefix(NAMESPACE)
        label = next(str(o) for o in g.objects(concept, SKOS.prefLabel) if o.language == "vi")
        scope = str(g.value(concept, kg.scopeType)).removeprefix(str(kg)).removesuffix("Scope")
        quantity = Quantity(key, label, _SCOPE_TYPES[scope])
        for name in (*g.objects(concept, SKOS.prefLabel), *g.objects(concept, SKOS.altLabel)):
            if name.language == "vi":
                label = core(" ".join(words(_without_brackets(str(name)))))
                for opener in _OPENERS:  # "tổng doanh thu" is read as "doanh thu"
                    if label[:len(opener)] == opener and label[len(opener):]:
                        label = label[len(opener):]
                        break
                by_words.setdefault(label, quantity)
    return by_words


_SCOPE_TYPES = {"National": "nation", "Sector": "sector", "Provincial": "province",
                "InternationalRank": "rank"}


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9&]+", fold(text)))


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def series_of(name: str, scope: str | None, article: ArticleScope) -> Series:
    """The series of a figure named ``name`` under a paragraph ``scope`` in ``article``."""
    tokens = words(_without_brackets(name))
    text = " ".join(tokens)
    quantity = _quantity(text)
    if quantity is None and scope and not _sector_in(text):
        # "Về lĩnh vực bưu chính, doanh thu dịch vụ …": the name completed by its field
        text = " ".join((*tokens, *words(scope)))
        quantity = _quantity(text)
    if quantity is None:
        return _own_series(name, tokens, article)
    named = _sector_in(text)
    province = _province_in(text)
    nation = bool(_NATION.search(text))
    if quantity.scope_type == "rank":
        where = ("viet-nam", "Việt Nam")
    elif quantity.scope_type == "sector":  # a sector's, else the paragraph's, the province's
        field = named or (sector_key(scope) if scope else None)
        local = _province(province or (None if nation else article.province))
        where = _both(field, local) or field or local or _sector(article.ministry)
    else:  # a national quantity named with a sector ("xuất khẩu phần cứng") is the sector's
        where = _province(province or (None if nation else article.province)) or (
            (named or ("ca-nuoc", "cả nước")) if quantity.scope_type == "nation" else None)
    if where is None:
        return Series(quantity.key, quantity.label, quantity.key, None)
    slug, label = where
    return Series(f"{quantity.key}-{slug}", f"{quantity.label} ({label})", quantity.key, label)


def core(text: str) -> tuple[str, ...]:
    """The words that name the quantity: no scope, no year, no neutral word."""
    text = _province_re().sub(" ", _sector_re().sub(" ", text))
    text = _NATION.sub(" ", _PRICES.sub(" ", text))
    return tuple(w for w in text.split()
                 if w not in _NEUTRAL and not re.fullmatch(r"(?:19|20)\d\d", w))


def _quantity(text: str) -> Quantity | None:
    """The concept one of whose labels is the name, once scope and neutral words are gone."""
    table = quantities()
    words_ = core(text)
    for opener in ((), *_OPENERS):
        if words_[:len(opener)] == opener and (found := table.get(words_[len(opener):])):
            return found
    return None


def _own_series(name: str, tokens: tuple[str, ...], article: ArticleScope) -> Series:
    """A name the scheme lacks is a series of its own; a province's report narrows it."""
    key = slugify(" ".join(_without_opener(tokens)), 60)
    text = " ".join(tokens)
    province = _province_in(text) or article.province
    if province and not _province_in(text) and not _NATION.search(text):
        slug, label = _province(province)
        return Series(f"{key}-{slug}", f"{name} ({label})", None, label)
    return Series(key, name, None, None)


# A plan's figure names the quantity planned: "kế hoạch đưa lao động …" is "lao động …".
_PLAN_OPENERS = (("ke", "hoach", "dua"), ("ke", "hoach"))
_LOOSE_END = {"theo", "cua", "va", "voi", "cho", "tai", "tu", "den"}


def _without_opener(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words without what opens any name ("tổng số") or trails a cut one ("theo")."""
    for opener in (*_PLAN_OPENERS, *_OPENERS[:5]):
        if tokens[:len(opener)] == opener and tokens[len(opener):]:
            tokens = tokens[len(opener):]
            break
    if "theo" in tokens[3:]:  # "… theo hợp đồng": the manner, not another quantity
        tokens = tokens[:tokens.index("theo", 3)]
    while len(tokens) > 1 and tokens[-1] in _LOOSE_END:
        tokens = tokens[:-1]
    return tokens


# -- scopes ---------------------------------------------------------------------------------

@cache
def _sectors() -> dict[str, tuple[str, str]]:
    """Folded wording of a sector -> (slug, label): the gazetteer's fields and each ministry's."""
    table = {" ".join(words(label)): (key, labels[0])
             for key, labels in gazetteer().sectors.items() for label in labels}
    for org in gazetteer().orgs:
        if org.kind == "ministry":
            field = org.name.removeprefix("Bộ ")
            entry = (slugify(field), field)
            for form in (org.name, *org.aliases):
                if form.startswith("Bộ "):
                    table.setdefault(" ".join(words(form.removeprefix("Bộ "))), entry)
    return table


def _alternation(phrases) -> re.Pattern:
    """One pattern for many phrases, the longest first where two start at one place."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")


@cache
def _sector_re() -> re.Pattern:
    return _alternation(_sectors())


@cache
def _provinces() -> dict[str, str]:
    """Folded words of a province's name -> its name."""
    return {" ".join(words(p)): p for p in gazetteer().provinces}


@cache
def _province_re() -> re.Pattern:
    return _alternation(_provinces())


def _sector_in(text: str) -> tuple[str, str] | None:
    m = _sector_re().search(text)
    return _sectors()[m.group()] if m else None


def sector_key(text: str) -> tuple[str, str] | None:
    """The sector a wording names ("lĩnh vực bưu chính" -> bưu chính), if any."""
    return _sector_in(" ".join(words(text)))


def _province_in(text: str) -> str | None:
    m = _province_re().search(text)
    return _provinces()[m.group()] if m else None


def _province(province: str | None) -> tuple[str, str] | None:
    return (f"tinh-{slugify(province)}", f"tỉnh {province}") if province else None


def _both(field: tuple[str, str] | None, local: tuple[str, str] | None):
    """A sector within a province ("bưu chính" of one province) is a scope of its own."""
    if field and local:
        return f"{field[0]}-{local[0]}", f"{field[1]}, {local[1]}"
    return None


def _sector(ministry: str | None) -> tuple[str, str] | None:
    return sector_key(ministry.removeprefix("Bộ ")) if ministry else None


_PROVINCIAL = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Tỉnh ủy|Thành ủy|"
                         r"Sở [^,.;()]{2,60}?)\s+(?:tỉnh|thành phố|TP\.?)\s+")


# "BBK - Sáng nay, UBND tỉnh tổ chức …": a provincial paper's tag, "B" and the province's initials
_PAPER_TAG = re.compile(r"^\s*(?:date:?\s+\S+\s+)?\(?B([A-ZĐ]{2,3})\)?\s*[-–]")
_OWN_BODY = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Tỉnh ủy) tỉnh\b"
                       r"|^[^.]{0,60}\bSở(?: [\w&-]+){1,5} (?:đã )?tổ chức")


def article_scope(text: str, ministry: str | None) -> ArticleScope:
    """A report of a province's own bodies is scoped to it; a ministry's, to its sector."""
    head = text[:600]
    for m in _PROVINCIAL.finditer(head):
        for province in gazetteer().provinces:
            if head.startswith(province, m.end()):
                return ArticleScope(None, province)
    if _reports_own_body(head) and (province := _paper_province(head) or _sole_province(text)):
        return ArticleScope(None, province)  # "UBND tỉnh" unnamed: the paper's, the text's
    return ArticleScope(ministry, None)


def _reports_own_body(head: str) -> bool:
    """A province's body, unnamed, leads the report, before any ministry does."""
    body, ministry = _OWN_BODY.search(head), re.search(r"\bBộ\b", head)
    return bool(body) and (ministry is None or body.start() < ministry.start())


def _sole_province(text: str) -> str | None:
    """The province a text names, when it names only one."""
    found = {_provinces()[m.group()] for m in _province_re().finditer(" ".join(words(text)))}
    return found.pop() if len(found) == 1 else None


def _paper_province(head: str) -> str | None:
    """The one province whose initials follow the "B" of the paper's tag, if only one has them."""
    tag = _PAPER_TAG.match(head)
    if not tag:
        return None
    found = [p for p in gazetteer().provinces
             if "".join(w[0] for w in re.findall(r"\w+", p)).upper() == tag.group(1)]
    return found[0] if len(found) == 1 else None
