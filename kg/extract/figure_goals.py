"""Goals and plans: the words that make a figure a target, and the document that sets them.

    phấn đấu, mục tiêu, chỉ tiêu, ít nhất phải        -> the clause sets goals
    vượt mục tiêu kế hoạch, đạt 11/12 chỉ tiêu         -> a result, not a goal
    dự kiến, dự toán, kế hoạch đưa 120.500 lao động    -> a plan: a target
    (kế hoạch là 5,2-5,8%), (mục tiêu tăng 7-7,5%)     -> the planned growth of a figure
"""

from __future__ import annotations

import re

TARGET_WORDS = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu|nhiệm vụ trọng tâm|ít nhất phải|"
                          r"phải đạt|tăng ít nhất|lên ít nhất|nhóm \d+ nước", re.I)
# "vượt mục tiêu kế hoạch", "đạt 11/12 chỉ tiêu": a result measured against goals, not a goal
_REACHED = re.compile(r"(?<![Đđ]ể )(?<!nhằm )(?<!đấu )(?:vượt|đạt|hoàn thành|so với)"
                      r"[^.;(),]{0,40}?\s(?:mục tiêu|chỉ tiêu)"
                      r"|(?:mục tiêu|chỉ tiêu)\s+(?:đã\s+)?(?:đạt|vượt|hoàn thành)"
                      r"|đã\s+(?:nỗ lực\s+)?phấn đấu")
# A figure for a period still ahead, "dự kiến" or budgeted ("dự toán"), is a plan: a target.
PLANNED = re.compile(r"dự kiến|dự toán|kế hoạch")
# "Bộ X dự kiến, năm 2031, … Đến cuối năm 2031, nợ công …": the plan governs its paragraph
DRAFTING = re.compile(r"dự kiến|dự toán")
PLAN_RATE = re.compile(r"(?:kế hoạch(?: năm \d{4})?(?:\s+(?:là|đề ra|giao|đặt ra|được giao))?"
                       r"(?:\s+tăng)?|\(mục tiêu\s+tăng)(?:\s+(?:khoảng|từ))?\s*$")
# "kế hoạch đưa 120.500 lao động đi làm việc": a plan value is a target
PLAN_VALUE = re.compile(r"(?i)kế hoạch\b(?! và Đầu tư)")
_SETTING_DOCUMENT = re.compile(r"(?:Quyết định|Nghị quyết|Chỉ thị) số [\w/.-]+|"
                               r"(?:Chiến lược|Chương trình|Đề án|Kế hoạch) [^,.;()]{5,120}")


def sets_goals(text: str) -> bool:
    """Goal words outside brackets and outside a result reached against goals."""
    return bool(TARGET_WORDS.search(_REACHED.sub("", re.sub(r"\([^()]*\)", "", text))))


def setting_document(text: str) -> str | None:
    """Targets of an article that reports no meeting are set by the document it reports."""
    m = _SETTING_DOCUMENT.search(text)
    return m.group().strip() if m else None
