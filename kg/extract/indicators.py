"""Naming a figure's indicator, and one shared concept for the ways articles name it.

    "Theo Bộ TT&TT, trong 6 tháng đầu năm 2024, doanh thu toàn ngành TT&TT ước đạt"
        -> "doanh thu toàn ngành TT&TT" -> concept "doanh-thu-toan-nganh"
    "Doanh thu lĩnh vực ước đạt" under the heading "Lĩnh vực báo chí"
        -> "Doanh thu lĩnh vực báo chí"
"""

from __future__ import annotations

import re

from ..text.letters import LOWER
from ..text.slugs import fold
from ..text.units import base_unit
from .gazetteer import gazetteer

_LEAD = re.compile(r"^(?:(?:Theo|Tại|Về|Trong đó|Ngoài ra|Dù vậy|Đồng thời|Cụ thể|Bên cạnh đó|"
                   r"Ví dụ|Trong số này|Cùng với đó|Xét về|Tiếp theo|Từ đó|Cũng theo|Đối với|"
                   r"Còn lại|Mặt khác|Trong khi|Trong mức tăng|Liên quan đến|"
                   r"Trong lĩnh vực|Riêng|Tính chung|Tính riêng|Mặc dù|Như vậy|Thông tin|Lũy kế|"
                   r"Đáng chú ý|Nhờ|Do|Với|Sau|Trước)\b[^,]*"
                   r"|[^,]*\b(?:năm|tháng|quý|kỳ|đến nay|hiện nay|cho biết|báo cáo)\b[^,]*),\s*"
                   r"|^.*?\b(?:phấn đấu|mục tiêu(?: là)?|chỉ tiêu(?: là)?|"
                   r"trên cơ sở(?: dự kiến)?)\s+"
                   r"|^(?:trong đó|lũy kế|cả|đưa|nâng)\s+", re.I)
_TRAIL = re.compile(r"(?:\s+|^)(?:ước tính|ước đạt|ước khoảng|ước|đạt|là|có|khoảng|gần|hơn|trên|"
                    r"vẫn|đã|được|chiếm|với|tới|lên|ghi nhận|đến nay|hiện nay|hiện|cả nước|"
                    r"và|thì|phải|ít nhất|tối thiểu|tối đa|tăng|giảm|nâng|Nâng|dự kiến|"
                    r"xếp thứ|xếp|đứng thứ|vị trí thứ|vươn lên|tính đến hết|tính đến|đến hết|"
                    r"cả|của Việt Nam|giảm xuống còn|xuống còn|còn|lên đến|tiếp tục|năm|cũng|"
                    r"đạt mức|ở mức|mức|tương đương|bình quân|trung bình|chỉ)$", re.I)
_PERIOD_TAIL = re.compile(r"\s*(?:trong|tính|đến|vào)?\s*"
                          r"(?:\d+ tháng(?: (?:đầu|cuối) năm)?|(?:cả )?năm \d{4}"
                          r"|quý [IV\d]+(?:/\d{4})?|tháng \d+(?:/\d{4})?"
                          r"|đến (?:hết )?(?:ngày|tháng)? ?[\d/-]+)(?:\s*(?:\d{4}))?", re.I)


# What a clause carries before the quantity's noun phrase: an outlet's byline ("(ABC) - ",
# "ABC - "), a speaker and a reporting verb ("Bộ X cho biết,"), a comparison or a figure
# already read ("…, tăng 12% so với cùng kỳ, trong đó").
_BYLINE = re.compile(r"^\s*(?:\(?[A-ZĐ][\w.&]{1,15}\)\s*[-–]?|[A-ZĐ]{2,8}\s*[-–]"
                     r"|[A-ZĐ]\.[A-ZĐ](?=[A-ZĐ][a-zà-ỹ]))\s*")  # "T.HLiên quan": a glued credit
_SPEAKER = re.compile(r"^(?!Theo\b)[A-ZĐ][^,;]{0,80}?\s(?:cho biết|dự kiến|báo cáo|thông tin|"
                      r"nêu rõ|nhấn mạnh|khẳng định|công bố|ghi nhận)(?:\s*[,:]|\s+rằng)\s+(?=\w)"
                      r"|^(?:Bộ|Sở|UBND|Tổng cục|Cục|Ngân hàng|Ủy ban)\s[^,;]{0,60}?\s"
                      r"(?:dự kiến|cho biết|báo cáo)\s+(?=(?:tổng|số|tỷ lệ|doanh thu|thu|chi)\b)")
_AFTER_FIGURE = re.compile(r"^.*(?:\d\s*%|\d\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)\b|\d\)).*?"
                           r"(?:[,;]\s*|\s+(?:và|trong đó|riêng)\s+)(?=\D*$)")
_COMPARISON = re.compile(r"\s+(?:so với|bằng|cũng (?:tăng|giảm))\b.*$|\s*\((?:[^()]*)$")


def clean_name(text: str) -> str:
    """The noun phrase alone: no byline, speaker, earlier figure, comparison or stray bracket."""
    text = _AFTER_FIGURE.sub("", text)
    text = _BYLINE.sub("", text)
    text = _SPEAKER.sub("", text)
    inner = re.search(r"\(([^()]*)$", text)  # "… các chỉ tiêu được giao (Chỉ số sản xuất …"
    if inner and _HEAD_WORDS.match(inner.group(1)):
        text = inner.group(1)
    text = _COMPARISON.sub("", text)
    text = re.sub(r"\s*,(?:\s*,)+", ",", text)
    return re.sub(r"\s+", " ", text).strip(" ,.:;-–")


def name_indicator(before: str, unit: str, after: str, scope: str | None, last: str) -> str:
    """The indicator as the clause names it, without lead-ins, verbs and periods."""
    # "… lĩnh vực công nghệ số: Lũy kế doanh thu": what follows the colon
    text = clean_name(before.strip(" ,.:()").rsplit(": ", 1)[-1])
    # "ngành X phấn đấu đạt doanh thu": the subject owns the goal's quantity ("doanh thu ngành X")
    text = re.sub(r"(?<=\S)\s+phấn đấu\s+(?=(?:đạt|có)\s)", " ", text)
    while True:  # "Từ đó, Bộ X dự kiến tổng thu …": a lead-in, then a speaker
        stripped = _SPEAKER.sub("", _LEAD.sub("", text, count=1))
        if stripped == text or not stripped:
            break
        text = stripped
    for _ in range(6):
        text = _PERIOD_TAIL.sub("", text) if _PERIOD_TAIL.search(text + "$") else text
        new = _TRAIL.sub("", text).strip(" ,")
        if new == text:
            break
        text = new
    text = noun_phrase(re.sub(r"\s+", " ", text).strip(" ,"))
    bare = re.fullmatch(r"(?i)(.*?)\s*(?:có\s+)?(?:tổng số|số lượng|(?<=có )số)"
                        r"(?: hơn| gần| khoảng)?", text)
    if bare and unit and _counted(unit, ""):  # "toàn ngành có tổng số hơn 1.500.000 lao động"
        text = f"tổng số {base_unit(unit)} {bare.group(1)}".strip()
    if scope and re.search(r"lĩnh vực$", text):
        text = f"{text} {scope}"
    if re.fullmatch(r"(?i)(?:(?:cao|thấp) hơn\s+|bằng\s+)?(?:tốc độ(?: tăng(?: trưởng)?)?|"
                    r"mức tăng|tỷ lệ này|tỉ lệ này)", text):
        text = ""  # "cao hơn tốc độ tăng 4,3% của năm 2030": the rate of what was named before
    abbreviation = re.fullmatch(r"[A-ZĐ]{2,6}", text)  # "GDP", "CPI": a whole name
    if abbreviation and re.search(rf"\b{text}\b", last):
        text = last  # "… chỉ số giá tiêu dùng (CPI) … CPI tăng": the name written in full
    elif abbreviation and text in gazetteer().abbreviations:
        text = f"{gazetteer().abbreviations[text]} ({text})"  # "GDP" alone: the name in full
    if (len(text.split()) < 2 and not abbreviation) or not re.search(r"[^\W\d_]", text) \
            or _agent(text, unit) or _NOT_A_NAME.match(text):
        text = _counted(unit, after) or last or unit
    return re.sub(r"\s+(?:và|hoặc|của|với|cho)$", "", text)


# A predicate after the subject: "doanh thu toàn ngành ước đạt xấp xỉ", "… đã có bước tăng".
_PREDICATE = re.compile(r"\s+(?:đã|đang|vẫn|tiếp tục|ước đạt|ước tính|ước|đạt|là|ghi nhận|chiếm|"
                        r"luôn|xấp xỉ|với|khi|dẫn đầu|đứng thứ|sẽ|nhưng|thu về|có thể)\b.*$")
# What opens a clause before its subject: "so với …", "trong khi …", "chúng ta …", "giúp …".
_NOT_A_NAME = re.compile(r"(?i)(?:so với|trong khi|cũng|luôn|chúng ta|giúp|tuy|mức tăng này|"
                         r"cụ thể|vượt|có\b|cả nước|đạt|là|đây|điều này|nhờ|với)\b")


def noun_phrase(text: str) -> str:
    """The subject of a clause: its head noun phrase, without what precedes or predicates it."""
    text = re.sub(r"(?i)^(?:tính chung|tính riêng|riêng|lũy kế|cộng dồn|hiện nay|hiện|kết quả|"
                  r"theo ước tính|ước tính|dự kiến)\s+", "", text)
    text = re.sub(r"(?i)^cơ cấu (?=\S.* trong )", "tỷ trọng ", text)  # a structure is shares
    text = re.sub(r"^Ngành\s+(?=nộp|đóng góp|doanh thu|thu\b)", "", text)  # "Ngành nộp ngân sách"
    owned = _OWNED.search(text)
    if owned and not _HEAD_WORDS.match(text):  # "lĩnh vực X đạt doanh thu": "doanh thu lĩnh vực X"
        text = f"{owned.group(2)} {owned.group(1)}"
    segments = text.split(", ")
    if len(segments) > 1 and _HEAD_WORDS.match(segments[-1]) and (
            _PREDICATE.search(", ".join(segments[:-1])) or _LEAD_CLAUSE.match(segments[0])
            or not _HEAD_WORDS.match(segments[0])):
        text = segments[-1]  # "Tiềm lực … được củng cố, tổng số lao động toàn ngành"
    *owner, named = re.split(r"(?<!\bso)\s+với\s+", text)
    if owner and len(named.split()) >= 2 and _HEAD_WORDS.match(named):
        text = _owned_by(named, owner[-1])  # "… với giá trị xuất siêu": the quantity
    head = _HEAD_WORDS.search(text)
    if head and head.start() and _NOT_A_NAME.match(text) and len(text[:head.start()].split()) <= 8:
        text = text[head.start():]  # "trong khi CPI" -> "CPI"
    cut = _PREDICATE.search(text)
    if cut and len(text[:cut.start()].split()) >= 2:
        text = text[:cut.start()]
    text = re.sub(r"\s+[\d.,]+$", "", text)
    return re.sub(r"\s+(?:và|hoặc|của|với|cho|trong|tại|hiện nay|hiện tại|hiện|nay)$", "",
                  text).strip(" ,-–")


# "Hàn Quốc dẫn đầu với tổng vốn đầu tư": a subject ranked by the quantity that follows
_RANKED_BY = re.compile(r"^(.{2,60}?)\s+(?:đang\s+|vẫn\s+)?(?:dẫn đầu|đứng đầu|đứng thứ \d+|"
                        r"xếp thứ \d+)$")


def _owned_by(quantity: str, before: str) -> str:
    """The quantity, of the subject a ranking verb puts before it: "vốn đầu tư của Singapore"."""
    ranked = _RANKED_BY.match(before)
    if not ranked:
        return quantity
    quantity = re.sub(r"(?i)^tổng\s+", "", quantity)
    return f"{quantity} của {ranked.group(1)}"


_OWNED = re.compile(r"^(.{3,80}?)\s+(?:đạt|có)\s+((?:tổng )?(?:doanh thu|lợi nhuận|kim ngạch xuất "
                    r"khẩu|giá trị xuất khẩu|sản lượng))(?:\s+(?:khoảng|gần|hơn|trên))?$")
_LEAD_CLAUSE = re.compile(r"(?i)(?:trong|xét|theo|về|với|đối với|tính chung|riêng|ở|tại|ví dụ)\b")


_HEAD_WORDS = re.compile(r"(?i)\b(?:số|tổng|doanh thu|kim ngạch|tỷ lệ|tỉ lệ|tỷ trọng|tỉ trọng|"
                         r"chỉ số|sản lượng|giá trị|lượng|mức|nộp|đóng góp|xuất khẩu|nhập khẩu|"
                         r"vốn|thu|chi|lợi nhuận|thuê bao|doanh nghiệp|khách|lượt|dân số|"
                         r"lao động|GDP|GRDP|CPI|IIP|FDI|tốc độ|tăng trưởng|năng suất|xuất siêu|"
                         r"nhập siêu|cán cân|dư nợ|nợ|bội chi|giá|lạm phát|tín dụng|thu nhập|"
                         r"diện tích|giải ngân|mật độ|độ phủ|quy mô|tuổi thọ)\b")


def names_a_subject(before: str) -> bool:
    """"…, giá tiêu dùng tăng bình quân 4%": a change with its own subject, not the last one's."""
    subject = re.sub(r"(?:tăng|giảm)(?:\s+\S+){0,2}\s*$", "", before.strip()).strip(" ,")
    return len(subject.split()) >= 2 and bool(_HEAD_WORDS.match(subject))


def _agent(text: str, unit: str) -> bool:
    """"Cục X đã tiếp nhận 63.550 đơn": the subject is who counted, not what was counted."""
    return bool(unit) and unit not in ("%", "bậc", "hạng", "lần") and not _HEAD_WORDS.search(text)


def is_stock(indicator: str, unit: str, before: str) -> bool:
    """A level measured at a point in time (a coverage rate, subscribers), not a flow."""
    folded = fold(f"{before} {indicator}")
    if re.search(r"\b(?:du no|mat do)\b|^tin dung\b|/\s*(?:100|van) dan\b", fold(indicator)):
        return True  # outstanding credit, densities per inhabitants: levels
    if gazetteer().flow_words.search(folded):
        return False
    if unit == "%":
        return bool(re.search(r"\b(?:ty|ti) le\b", folded))
    return bool(gazetteer().stock_units_re.search(fold(unit)))


def is_flow(indicator: str, unit: str, before: str) -> bool:
    """A quantity summed over a period: money, or a count of what is new ("dự án mới")."""
    if re.search(r"(?:đồng|USD|VNĐ|VND)$", unit):
        return True
    return bool(re.search(r"\bmới\b", f"{before} {indicator}"))


def implied_unit(before: str, last: str) -> str | None:
    """"ước khoảng 48.250" in a sentence about workers: the unit is "lao động"."""
    for text in (before, last):  # the clause's own name first, then the one before it
        for noun in gazetteer().count_units:
            if re.search(rf"(?:số|Số)(?: lượng)? {re.escape(noun)}\b", text):
                return noun
    return None


def _counted(unit: str, after: str) -> str | None:
    """"48.250 doanh nghiệp đã ...": the count names what it counts; money counts nothing."""
    if not unit or unit.startswith("%") or unit in ("bậc", "hạng") \
            or re.search(r"(?:đồng|USD|VNĐ|VND)\b", unit):
        return None
    # "7 chỉ tiêu vượt gồm: …", "171 khách sạn 5 sao với …": what it counts, its class kept
    tail = re.split(r"[,.;:()]|\d(?! sao\b)|\s+và\s+(?=hơn|gần|khoảng)"
                    r"|\s+(?:với|của|tại|trên|gồm)(?!\w)", after, maxsplit=1)[0].strip()
    words = " ".join(tail.split()[:6])
    return f"số {base_unit(unit)} {words}".strip(" .")


_WHOLE = re.compile(r"(?i)toàn ngành|cả nước|toàn quốc|của ngành|vào GDP của Ngành")


def sector_of(text: str) -> str | None:
    """The gazetteer sector a wording names ("doanh thu dịch vụ bưu chính" -> "buu-chinh")."""
    lowered = text.lower()
    for sector_key, sectors in gazetteer().sectors.items():
        if any(sector.lower() in lowered for sector in sectors):
            return sector_key
    return None


def scope_of(indicator: str, sentence_scope: str | None, heading: str | None) -> str | None:
    """An indicator's sector: named in it, else earlier in its sentence, else by the heading."""
    if sector_of(indicator) or _WHOLE.search(indicator):
        return None
    return sentence_scope or heading


def keep_restated(group: list, fact) -> None:
    """A figure stated twice is one fact; keep the wording that names a known indicator."""
    known = fact.series.quantity is not None
    for i, other in enumerate(group):
        other_known = other.series.quantity is not None
        if other.concept == fact.concept or _alike(fact, other):
            if known and not other_known:
                group[i] = fact
            return
    group.append(fact)


_FUNCTION_WORDS = {"so", "cua", "va", "cho", "duoc", "da", "cac", "trong", "tai", "voi",
                   "ty", "ti", "le", "tong", "luong"}  # and the heads any name may open with


def _alike(a, b) -> bool:
    """Two wordings of one figure share most of their content words."""
    def words(fact) -> set[str]:
        # two domestic ranks in one field share the field's words, not their figure's
        name = _RANKED.sub(r"\1", fact.indicator)
        return set(fold(name).split()) - set(fold(fact.unit).split()) - _FUNCTION_WORDS

    x, y = words(a), words(b)
    return bool(x and y) and len(x & y) / len(x | y) >= 0.3


def share_name(subject: str, after: str) -> str:
    """"X chiếm 51,7% tổng vốn đăng ký" -> "tỷ trọng X trong tổng vốn đăng ký"."""
    whole = re.split(r"[,.;()]|\s+(?:so với|và|tăng|giảm|của cả nước với)\b", after.lstrip(" %"),
                     maxsplit=1)[0].strip()
    subject = re.sub(r"(?i)^(?:tỷ trọng|tỉ trọng|tỷ lệ|tỉ lệ|cơ cấu)\s+", "", subject)
    return f"tỷ trọng {subject} trong {whole}" if whole else f"tỷ trọng {subject}"


_RANKINGS = re.compile(r"(?i)(?:chỉ số |xếp hạng )?(?:phát triển )?(?:Chính phủ điện tử|EGDI|"
                       r"an toàn thông tin mạng toàn cầu|an ninh mạng toàn cầu|GCI|"
                       r"đổi mới sáng tạo(?: toàn cầu)?|GII|UPU|phát triển bưu chính)"
                       r"(?:\s*\([A-Z]+\))?")


_REGION = re.compile(r"(?:khu vực |trong (?:số )?(?:các nước |khối )?(?:thuộc )?)?"
                     r"(?:Hiệp hội các quốc gia Đông Nam Á|Đông Nam Á|ASEAN|"
                     r"châu Á\s*-\s*Thái Bình Dương|châu Á)")


# "xếp thứ 12 trong vùng …", "xếp thứ 37 so với cả nước": the field a domestic rank is taken in
_FIELD_WORDS = r"trong (?:vùng|khu vực|các tỉnh|cả nước)|so với cả nước|toàn quốc|cả nước"
_FIELD = re.compile(rf"^\s*(?:{_FIELD_WORDS})[^,.;()]*")
# "xếp hạng <figure> <field>", as `rank_name` writes a domestic rank
_RANKED = re.compile(rf"^xếp hạng (.+?) (?:{_FIELD_WORDS})\b.*$")


def rank_name(name: str, sentence: str, move: bool, before: str = "", after: str = "") -> str:
    """A rank named only by the country that holds it takes the ranking the sentence names;
    a rank within a region ("khu vực Đông Nam Á") is another ranking than the world's.
    A rank of a domestic figure ("tăng trưởng 6,8%, xếp thứ 12 trong vùng …") is the ranking
    of that figure in the field written after it, one series per field."""
    ranking = _RANKINGS.search(sentence)
    field = _FIELD.match(after)
    if not move:  # a position inherits no "mức tăng" from the move read before it
        name = re.sub(r"^mức tăng\s+", "", name)
        region = _REGION.match(re.sub(r"^\s*(?:ở|tại)?\s*", "", after))
        if ranking and region:  # "…, đứng thứ 5 ở khu vực châu Á": that region's ranking
            label = re.sub(r"(?i)^(?:xếp hạng|chỉ số)\s+", "", ranking.group().strip())
            return f"xếp hạng {label} {region.group()}"
    if not ranking and field and not move:
        # the second rank of a pair inherits the first's name: take its figure back out
        base = _RANKED.sub(r"\1", name)
        if base[1:2].islower():  # a sentence's capital, not an abbreviation's
            base = base[:1].lower() + base[1:]
        return f"xếp hạng {base} {field.group().strip()}"
    if re.search(r"(?i)xếp hạng", name):
        return name
    if not ranking or _HEAD_WORDS.search(name) or re.search(r"(?i)chỉ số", name):
        return name
    label = re.sub(r"(?i)^(?:xếp hạng|chỉ số)\s+", "", ranking.group().strip())
    region = _REGION.search(before)
    where = f" {region.group()}" if region else ""
    return f"{'mức tăng ' if move else ''}xếp hạng {label}{where}"


_BRANCH = re.compile(r"\b(?:cấp|ngành|khu vực|lĩnh vực|nhóm|loại|hạng|tuyến)\b")


def list_item_name(name: str, previous: str) -> str:
    """An item of a list that drops the head it shares with the item before: after "tỷ lệ hoàn
    thành cấp tiểu học đạt …", "trung học cơ sở đạt …" is "tỷ lệ hoàn thành cấp trung học cơ sở"."""
    if not previous or not name or _HEAD_WORDS.match(name) or not _HEAD_WORDS.match(previous):
        return name
    before, first = previous.split(), name.split()[0]
    if first in before[1:]:  # "cấp trung học cơ sở" after "… cấp tiểu học"
        cut = len(before) - 1 - before[::-1].index(first)
        return " ".join(before[:cut] + name.split())
    branch = list(_BRANCH.finditer(previous))
    if branch:  # "trung học cơ sở" after "… cấp tiểu học"
        return f"{previous[:branch[-1].end()]} {name}"
    return name


_ENTITIES = re.compile(rf"\s*([{LOWER}][^,.;:()]{{2,90}})")
_NOT_ENTITIES = re.compile(r"(?:so với|của|trong|tổng|kế hoạch|với|và|so|tăng|giảm|dân số|"
                           r"GDP|cùng kỳ|năm|tháng|quý|trở lên)\b")


def share_of_entities(name: str, before: str, after: str) -> str:
    """"có trên 65% trường mầm non đạt chuẩn quốc gia": the share is of the entities named
    after it, "tỷ lệ trường mầm non đạt chuẩn quốc gia", when the words before name nothing."""
    if _HEAD_WORDS.search(before):
        return name
    m = _ENTITIES.match(after)
    if not m or _NOT_ENTITIES.match(m.group(1)):
        return name
    phrase = re.split(r"\s+(?:so với|tăng|giảm|và|trong đó)\b", m.group(1))[0].strip()
    return f"tỷ lệ {phrase}" if len(phrase.split()) >= 2 else name
