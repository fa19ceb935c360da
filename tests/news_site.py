"""News pages written for the tests, in the layouts of Vietnamese news and ministry sites.

Each page wraps one article of ``tests/articles/`` (headline, "HH:MM | DD/MM/YYYY" stamp,
paragraphs; the first one is the sapo, the lead that most sites set apart above the body)
in a site's chrome: menus, breadcrumbs, share buttons, "related news" boxes,
comments, most-read lists and footers. The publication date sits where each site puts it:
``<meta article:published_time>``, ``<meta name="pubdate">``, ``<time datetime>``, JSON-LD,
or only in the visible text.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLE_DIR = Path(__file__).parent / "articles"
_STAMP = re.compile(r"^(\d{2}):(\d{2}) \| (\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class Story:
    """One article: headline, publication time and paragraphs, as the text file has them."""

    name: str
    title: str
    stamp: str
    paragraphs: tuple[str, ...]

    @classmethod
    def read(cls, name: str) -> Story:
        lines = [line.strip() for line in (ARTICLE_DIR / f"{name}.txt").read_text(
            encoding="utf-8").splitlines() if line.strip()]
        assert _STAMP.match(lines[1]), name
        return cls(name, lines[0], lines[1], tuple(lines[2:]))

    @property
    def iso(self) -> str:
        hour, minute, day, month, year = _STAMP.match(self.stamp).groups()
        return f"{year}-{month}-{day}T{hour}:{minute}:00+07:00"

    @property
    def date(self) -> str:
        return self.iso[:10]

    @property
    def text(self) -> str:
        return "\n\n".join((self.title, self.stamp, *self.paragraphs)) + "\n"


def _p(lines, attrs: str = "") -> str:
    return "\n".join(f"<p{attrs}>{html.escape(line, quote=False)}</p>" for line in lines)


MENU = """<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li>
<li><a href="/chinh-tri">Chính trị</a></li><li><a href="/kinh-te">Kinh tế</a></li>
<li><a href="/xa-hoi">Xã hội</a></li><li><a href="/phap-luat">Pháp luật</a></li>
<li><a href="/quoc-te">Quốc tế</a></li><li><a href="/video">Video</a></li></ul></nav>"""
SHARE = """<div class="social-share"><a class="fb">Chia sẻ Facebook</a>
<a class="zalo">Chia sẻ Zalo</a><a class="copy">Sao chép liên kết</a></div>"""
RELATED = """<div class="related-news"><h3>Tin liên quan</h3><ul>
<li><a href="/a-1.htm">Thủ tướng làm việc với các bộ về giải ngân vốn đầu tư công</a></li>
<li><a href="/a-2.htm">Công bố quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050</a></li>
<li><a href="/a-3.htm">Doanh nghiệp mong chờ chính sách mới về thuế giá trị gia tăng</a></li>
</ul></div>"""
COMMENTS = """<div class="comments" id="box_comment"><h3>Bình luận (2)</h3>
<form><textarea placeholder="Ý kiến của bạn"></textarea><button>Gửi bình luận</button></form>
<div class="comment-item"><b>Nguyễn Văn An</b><p>Bài viết rất hay, mong các bộ ngành tiếp tục
cải cách thủ tục hành chính cho người dân và doanh nghiệp.</p></div>
<div class="comment-item"><b>Trần Thị Bình</b><p>Cần công khai số liệu chi tiết hơn theo từng
địa phương để người dân cùng theo dõi.</p></div></div>"""
MOST_READ = """<aside class="most-read"><h3>Đọc nhiều nhất</h3><ol>
<li><a href="/b-1.htm">Giá vàng hôm nay tiếp tục tăng mạnh</a></li>
<li><a href="/b-2.htm">Thời tiết cuối tuần: miền Bắc có mưa rào và dông</a></li>
<li><a href="/b-3.htm">Lịch nghỉ Tết Nguyên đán của cán bộ, công chức</a></li></ol></aside>"""
FOOTER = """<footer><p>Cơ quan chủ quản: Văn phòng Chính phủ. Giấy phép số 123/GP-BTTTT.</p>
<p>Địa chỉ: 16 Lê Hồng Phong, Ba Đình, Hà Nội. Điện thoại: 080.43162.</p>
<p>© Bản quyền thuộc về cơ quan chủ quản. Ghi rõ nguồn khi phát hành lại thông tin.</p></footer>"""
CHROME = (MENU, SHARE, RELATED, COMMENTS, MOST_READ, FOOTER)


def _vietnamese_time(story: Story) -> str:
    hour_minute, date = story.stamp.split(" | ")
    day, month, year = date.split("/")
    return f"Thứ bảy, {int(day)}/{int(month)}/{year}, {hour_minute} (GMT+7)"


def government_news(story: Story, url: str) -> str:
    """A government newspaper: meta published time, canonical link, a marked article body."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(story.title)} - Báo Điện tử Chính phủ</title>
<meta property="og:site_name" content="Báo Điện tử Chính phủ">
<meta property="article:published_time" content="{story.iso}">
<link rel="canonical" href="{url}"><script>var ads = "doanh thu 999.999 tỷ đồng";</script>
</head><body><header><div class="logo">baochinhphu.vn</div>{MENU}</header>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/kinh-te">Kinh tế</a></div>
<div class="container"><div class="detail-main">
<h1 class="detail-title">{html.escape(story.title)}</h1>
<div class="detail-time">{story.stamp}</div>{SHARE}
<h2 class="detail-sapo">{html.escape(story.paragraphs[0])}</h2>
<div class="detail-content afcbc-body" itemprop="articleBody">
{_p(story.paragraphs[1:])}
{RELATED}</div>
<div class="detail-author">PV</div>{COMMENTS}</div>{MOST_READ}</div>{FOOTER}</body></html>"""


def daily_news(story: Story, url: str) -> str:
    """A daily: "pubdate" meta, og:url, the date written out in words, ``fck_detail`` body."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(story.title)} - VnExpress</title>
<meta name="pubdate" content="{story.iso}"><meta property="og:url" content="{url}">
<meta property="og:site_name" content="VnExpress"></head><body>
<header class="header"><div class="logo">VnExpress</div>{MENU}</header>
<section class="section page-detail"><div class="sidebar-1">
<span class="date">{_vietnamese_time(story)}</span>
<h1 class="title-detail">{html.escape(story.title)}</h1>
<p class="description">{html.escape(story.paragraphs[0])}</p>
<article class="fck_detail">
{_p(story.paragraphs[1:], ' class="Normal"')}
<p class="author_mail"><strong>Anh Minh</strong></p></article>
<div class="box-tinlienquanv2">{RELATED}</div>{SHARE}{COMMENTS}</div>
<div class="sidebar-2">{MOST_READ}</div></section>{FOOTER}</body></html>"""


def ministry_portal(story: Story, url: str) -> str:
    """A ministry portal: the date only in the text; a table layout in one ASP.NET form."""
    hour_minute, date = story.stamp.split(" | ")
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(story.title)} - Cổng thông tin điện tử</title></head><body>
<form method="post" action="./Chitiet.aspx" id="aspnetForm"><table width="100%">
<tr><td colspan="2"><div class="banner">Bộ Công Thương</div>{MENU}</td></tr>
<tr><td class="left-col" width="25%"><ul class="left-menu"><li><a>Giới thiệu</a></li>
<li><a>Tin tức - Sự kiện</a></li><li><a>Văn bản pháp luật</a></li><li><a>Thủ tục hành chính</a>
</li><li><a>Thống kê</a></li></ul></td>
<td class="main-col"><div class="news-detail"><div class="title">{html.escape(story.title)}</div>
<div class="news-date">Ngày đăng: {date} {hour_minute}</div>
<div class="content">{_p(story.paragraphs)}</div>{SHARE}
<div class="other-news"><b>Tin cùng chuyên mục</b>{RELATED}</div></div></td></tr>
<tr><td colspan="2">{FOOTER}</td></tr></table></form></body></html>"""


def html5_news(story: Story, url: str) -> str:
    """A party newspaper in HTML5: ``<main><article>``, ``<time datetime>``, no canonical."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(story.title)}</title></head><body>
<header>{MENU}</header><main><article class="article">
<header><h1 class="article__title">{html.escape(story.title)}</h1>
<time class="article__time" datetime="{story.iso}">{story.stamp}</time></header>
{SHARE}<div class="article__sapo"><strong>{html.escape(story.paragraphs[0])}</strong></div>
<div class="article__body">
{_p(story.paragraphs[1:])}
</div><div class="article__tags"><a>Chuyển đổi số</a> <a>Kinh tế số</a></div>
{RELATED}{COMMENTS}</article>{MOST_READ}</main>{FOOTER}</body></html>"""


def json_ld_news(story: Story, url: str) -> str:
    """A news agency: the date and publisher in JSON-LD only, the body in ``article__body``."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": story.iso, "url": url,
            "publisher": {"@type": "Organization", "name": "VietnamPlus"}}
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | Vietnam+ (VietnamPlus)</title>
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head><body><div class="header">{MENU}</div><div class="toolbar">{SHARE}</div>
<div class="content"><h1 class="article__title cms-title">{html.escape(story.title)}</h1>
<h2 class="article__sapo cms-desc">{html.escape(story.paragraphs[0])}</h2>
<div class="article__body cms-body">
{_p(story.paragraphs[1:])}
</div>{RELATED}{COMMENTS}</div>{MOST_READ}{FOOTER}</body></html>"""


LAYOUTS = {"government_news": government_news, "daily_news": daily_news,
           "ministry_portal": ministry_portal, "html5_news": html5_news,
           "json_ld_news": json_ld_news}
# One stamped article of tests/articles per layout.
STORIES = {"government_news": "mic_tong_ket_2022", "daily_news": "moit_xuat_khau_thang_5_2024",
           "ministry_portal": "most_tong_ket_2024", "html5_news": "ncdt_phien_hop_thu_5_2023",
           "json_ld_news": "chien_luoc_tmdt_2023"}


def page(layout: str, url: str) -> tuple[Story, str]:
    story = Story.read(STORIES[layout])
    return story, LAYOUTS[layout](story, url)
