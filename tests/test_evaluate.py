"""Scoring contract-query rows against gold facts (kg.evaluate), on small hand-made articles."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.evaluate import KINDS, evaluate, load_gold

DOC = "900_aaaa.txt"
OTHER = "901_bbbb.txt"
MEETING = "https://example.org/meeting/m-900"


def gold_doc() -> dict:
    """One invented article: a farming review conference with a figure and a target."""
    return {
        "doc": DOC,
        "published": "2023-12-20",
        "meetings": [{
            "id": "m1", "type": "conference",
            "label": "Hội nghị tổng kết ngành Nông nghiệp năm 2023",
            "date": "2023-12-20", "location": "Cần Thơ", "format": "hybrid",
            "connection_points": 12, "organizer": "Bộ Nông nghiệp", "chairs": ["Trần Văn An"],
            "attendees": [], "reviews": None, "plans": None,
        }],
        "people": [{"name": "Trần Văn An",
                    "roles": [{"title": "Bộ trưởng", "org": "Bộ Nông nghiệp"}]}],
        "organizations": [{"name": "Bộ Nông nghiệp", "aliases": ["Bộ NN"], "type": "ministry"}],
        "observations": [{
            "indicator": "sản lượng lúa", "value": 43.5, "unit": "triệu tấn",
            "qualifier": "estimate", "period": {"start": "2023-01-01", "end": "2023-12-31"},
            "change_pct": 1.2, "compared_to": {"start": "2022-01-01", "end": "2022-12-31"},
            "plan_pct": None, "plan_period": None, "reported_at": "m1",
        }, {
            "indicator": "kim ngạch xuất khẩu gạo", "value": None, "unit": None,
            "qualifier": "exact", "period": {"start": "2023-01-01", "end": "2023-12-31"},
            "change_pct": -3.5, "compared_to": None, "plan_pct": None, "plan_period": None,
            "reported_at": "m1",
        }],
        "targets": [{
            "indicator": "tốc độ tăng trưởng ngành", "value": 3, "unit": "%",
            "qualifier": "at-least", "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "change_pct": None, "set_at": "m1",
        }],
        "legal_documents": [{
            "name": "Nghị định số 77/2023/NĐ-CP", "type": "decree", "number": "77/2023/NĐ-CP",
            "issuer": "Bộ NN", "date": "2023-11", "status": "in-force",
        }],
        "strategies": [{
            "name": "Chiến lược phát triển nông nghiệp bền vững đến năm 2030",
            "type": "strategy", "horizon": 2030, "vision": 2045,
        }],
    }


def perfect_rows(source: str = DOC) -> dict[str, list[dict[str, str]]]:
    """The rows an extractor would return if it read the article exactly like the gold."""
    return {
        "meetings": [{
            "meeting": MEETING, "label": "Hội nghị tổng kết ngành Nông nghiệp năm 2023",
            "date": "2023-12-20", "location": "Cần Thơ", "format": "hybrid",
            "connection_points": "12", "chair_name": "Trần Văn An", "source": source,
        }],
        "people": [{"person": "p:an", "name": "Trần Văn An", "title": "Bộ trưởng",
                    "organization": "Bộ Nông nghiệp", "source": source}],
        "organizations": [{"organization": "o:bnn", "name": "Bộ Nông nghiệp",
                           "type": "ministry", "source": source}],
        "observations": [
            _observation("obs:1", "sản lượng lúa", "43.5", "triệu tấn", "1.2", source,
                         qualifier="estimate", compared=("2022-01-01", "2022-12-31")),
            _observation("obs:2", "kim ngạch xuất khẩu gạo", "", "", "-3.5", source,
                         qualifier="exact"),
        ],
        "targets": [{
            "target": "t:1", "meeting": MEETING, "meeting_label": "", "meeting_date": "",
            "indicator": "tốc độ tăng trưởng ngành", "value": "3", "unit": "%",
            "qualifier": "at-least", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "change_pct": "", "source": source,
        }],
        "legal": [{"document": "d:77", "name": "Nghị định 77/2023/NĐ-CP", "type": "decree",
                   "number": "77/2023/NĐ-CP", "issuer": "Bộ Nông nghiệp", "date": "2023-11",
                   "status": "in-force", "source": source}],
        "strategies": [{"strategy": "s:1",
                        "name": "Chiến lược phát triển nông nghiệp bền vững đến năm 2030",
                        "type": "strategy", "horizon": "2030", "vision": "2045",
                        "source": source}],
    }


def _observation(iri, indicator, value, unit, change, source, qualifier, compared=("", "")):
    return {
        "observation": iri, "indicator": indicator, "value": value, "unit": unit,
        "qualifier": qualifier, "period_start": "2023-01-01", "period_end": "2023-12-31",
        "change_pct": change, "compared_start": compared[0], "compared_end": compared[1],
        "plan_pct": "", "meeting": MEETING, "source": source,
    }


def score(rows=None, gold=None):
    return evaluate(perfect_rows() if rows is None else rows, gold or {DOC: gold_doc()})


# ---------------------------------------------------------------- counts


def test_perfect_match_scores_one_everywhere():
    report = score()
    assert report.macro_f1 == 1.0
    assert [row[0] for row in report.as_rows()] == list(KINDS)
    assert all(row[4:] == (1.0, 1.0, 1.0) for row in report.as_rows())
    assert all(accuracy == 1.0 for *_, accuracy in report.field_rows())
    assert not report.misses and not report.spurious and not report.mismatches


def test_missing_fact_lowers_recall_and_is_listed():
    rows = perfect_rows()
    rows["observations"] = rows["observations"][:1]
    obs = score(rows).types["observations"]
    assert (obs.gold, obs.predicted, obs.matched) == (2, 1, 1)
    assert obs.precision == 1.0 and obs.recall == 0.5
    assert obs.f1 == pytest.approx(2 / 3)
    assert [m.description for m in score(rows).misses] == [
        "kim ngạch xuất khẩu gạo | 2023-01-01..2023-12-31"
    ]


def test_spurious_fact_lowers_precision():
    rows = perfect_rows()
    rows["organizations"].append(
        {"organization": "o:x", "name": "Công ty Lúa Vàng", "type": "company", "source": DOC}
    )
    report = score(rows)
    orgs = report.types["organizations"]
    assert (orgs.precision, orgs.recall) == (0.5, 1.0)
    assert [(s.kind, s.source, s.description) for s in report.spurious] == [
        ("organizations", DOC, "Công ty Lúa Vàng")
    ]
    assert report.macro_f1 < 1.0


def test_type_with_no_gold_and_no_prediction_counts_as_one():
    gold = gold_doc()
    gold["strategies"] = []
    rows = perfect_rows()
    rows["strategies"] = []
    report = score(rows, {DOC: gold})
    assert report.types["strategies"].f1 == 1.0
    assert report.macro_f1 == 1.0


def test_rows_for_an_article_without_gold_are_ignored():
    rows = perfect_rows()
    for kind, extra in perfect_rows(source=OTHER).items():
        rows[kind] += extra
    report = score(rows)
    assert report.macro_f1 == 1.0
    assert {d.source for d in report.documents} == {DOC}


# ---------------------------------------------------------------- fields


def test_wrong_period_lowers_field_accuracy_but_still_matches():
    rows = perfect_rows()
    rows["observations"][0]["period_end"] = "2023-06-30"
    report = score(rows)
    obs = report.types["observations"]
    assert obs.matched == 2
    assert (obs.fields["period"].correct, obs.fields["period"].total) == (1, 2)
    assert obs.fields["period"].accuracy == 0.5
    assert "period gold 2023-01-01..2023-12-31, predicted 2023-01-01..2023-06-30" in (
        report.mismatches[0].description
    )


def test_qualifier_is_reported_but_marked_informational():
    rows = perfect_rows()
    rows["observations"][0]["qualifier"] = "at-most"
    report = score(rows)
    fields = report.types["observations"].fields
    assert fields["qualifier"].scored is False and fields["period"].scored is True
    assert (fields["qualifier"].correct, fields["qualifier"].total) == (1, 2)
    assert report.macro_f1 == 1.0


def test_field_stated_on_neither_side_is_not_counted():
    plan = score().types["observations"].fields["plan_pct"]
    assert (plan.correct, plan.total, plan.accuracy) == (0, 0, 1.0)


def test_meeting_linkage_follows_the_meeting_pairing():
    rows = perfect_rows()
    rows["observations"][0]["meeting"] = "https://example.org/meeting/unknown"
    linkage = score(rows).types["observations"].fields["meeting"]
    assert (linkage.correct, linkage.total) == (1, 2)


def test_meeting_matches_by_date_when_label_differs_and_compares_chairs():
    rows = perfect_rows()
    rows["meetings"][0]["label"] = "Hội nghị trực tuyến"
    rows["meetings"].append(dict(rows["meetings"][0], chair_name="Lê Thị Bình"))
    meetings = score(rows).types["meetings"]
    assert meetings.matched == 1
    assert meetings.fields["chairs"].correct == 0


def test_people_organization_accepts_a_gold_alias():
    rows = perfect_rows()
    rows["people"][0]["organization"] = "bộ nn"
    rows["people"][0]["name"] = "TRẦN VĂN AN"
    people = score(rows).types["people"]
    assert people.matched == 1
    assert people.fields["organization"].accuracy == 1.0


def test_organization_matches_an_alias_without_diacritics():
    rows = perfect_rows()
    rows["organizations"][0]["name"] = "Bo NN"
    assert score(rows).types["organizations"].matched == 1


def test_organization_with_two_labels_and_two_classes_is_one_prediction():
    rows = perfect_rows()
    org = rows["organizations"][0]
    rows["organizations"] = [dict(org, name="Bộ NN", type="other"), dict(org, type="ministry")]
    orgs = score(rows).types["organizations"]
    assert (orgs.predicted, orgs.matched, orgs.fields["type"].accuracy) == (1, 1, 1.0)


def test_value_must_agree_in_number_and_unit():
    rows = perfect_rows()
    rows["observations"][0]["unit"] = "tấn"
    obs = score(rows).types["observations"]
    assert obs.matched == 1 and obs.recall == 0.5


def test_equal_values_pair_by_indicator_similarity():
    gold = gold_doc()
    gold["observations"][1].update(value=43.5, unit="triệu tấn", change_pct=None)
    rows = perfect_rows()
    rows["observations"][1].update(value="43.5", unit="triệu tấn", change_pct="")
    rows["observations"].reverse()  # the better pair must win, whatever the row order
    report = score(rows, {DOC: gold})
    assert report.types["observations"].fields["change_pct"].accuracy == 1.0
    assert not report.mismatches


def test_legal_matches_on_number_and_checks_issuer_loosely():
    rows = perfect_rows()
    rows["legal"][0]["name"] = "Nghị định quy định chi tiết"
    legal = score(rows).types["legal"]
    assert legal.matched == 1 and legal.fields["issuer"].accuracy == 1.0


def test_strategy_horizon_and_vision_are_compared_as_years():
    rows = perfect_rows()
    rows["strategies"][0]["vision"] = "2050"
    rows["strategies"][0]["name"] = "Chiến lược phát triển nông nghiệp bền vững"
    strategies = score(rows).types["strategies"]
    assert strategies.matched == 1
    assert strategies.fields["horizon"].accuracy == 1.0
    assert strategies.fields["vision"].accuracy == 0.0


def test_matching_is_deterministic():
    rows = perfect_rows()
    rows["observations"].append(dict(rows["observations"][0], observation="obs:0"))
    first, second = score(rows), score(rows)
    assert first == second
    assert len(first.spurious) == 1


# ---------------------------------------------------------------- gold files


def test_load_gold_keys_by_doc_and_normalises_dates_and_unicode(tmp_path: Path):
    decomposed = unicodedata.normalize("NFD", "Bộ Nông nghiệp")
    (tmp_path / "900_aaaa.yaml").write_text(
        f"doc: {DOC}\npublished: 2023-12-20\norganizations:\n"
        f"  - {{name: \"{decomposed}\", aliases: [], type: ministry}}\n"
        "legal_documents:\n  - {name: X, date: \"2023-11\"}\n",
        encoding="utf-8",
    )
    gold = load_gold(tmp_path)
    assert list(gold) == [DOC]
    assert gold[DOC]["published"] == "2023-12-20"
    assert gold[DOC]["organizations"][0]["name"] == "Bộ Nông nghiệp"
    assert gold[DOC]["legal_documents"][0]["date"] == "2023-11"


def test_broken_yaml_raises_kg_error_naming_the_file(tmp_path: Path):
    (tmp_path / "900_aaaa.yaml").write_text("doc: a.txt\nmeetings: [\n", encoding="utf-8")
    with pytest.raises(KgError, match="900_aaaa.yaml: invalid YAML at line"):
        load_gold(tmp_path)


def test_gold_that_is_not_a_mapping_is_rejected(tmp_path: Path):
    (tmp_path / "900_aaaa.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(KgError, match="900_aaaa.yaml"):
        load_gold(tmp_path)


def test_missing_or_empty_gold_dir_is_a_kg_error(tmp_path: Path):
    with pytest.raises(KgError, match="not found"):
        load_gold(tmp_path / "nope")
    with pytest.raises(KgError, match="no gold files"):
        load_gold(tmp_path)
