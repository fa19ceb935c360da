"""Scoring contract-query rows against gold facts (kg.evaluate), on small hand-made articles."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KgError
from kg.evaluate import KINDS, evaluate, evaluate_sets, load_gold
from kg.evaluate import match as m
from kg.evaluate.kinds import SPECS
from kg.facts import FACT_KINDS, ArticleFacts

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


def score(rows=None, gold=None, quotes=None):
    return evaluate(perfect_rows() if rows is None else rows, gold or {DOC: gold_doc()}, quotes)


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


# ---------------------------------------------------------------- strict


def test_perfect_match_is_strict_everywhere():
    report = score()
    assert report.strict_macro_f1 == 1.0
    assert all(t.strict_matched == t.matched for t in report.types.values())
    assert not report.not_strict


def test_wrong_stated_field_counts_as_a_match_but_not_a_strict_one():
    rows = perfect_rows()
    rows["observations"][0]["period_end"] = "2023-06-30"
    report = score(rows, quotes={"obs:1": "sản lượng lúa ước đạt 43,5 triệu tấn"})
    obs = report.types["observations"]
    assert (obs.matched, obs.strict_matched) == (2, 1)
    assert (obs.f1, obs.strict_precision, obs.strict_recall) == (1.0, 0.5, 0.5)
    assert report.macro_f1 == 1.0 and report.strict_macro_f1 < 1.0
    [finding] = report.not_strict
    assert finding.description == ("sản lượng lúa | 43.5 | triệu tấn | 2023-01-01..2023-12-31: "
                                   "period gold 2023-01-01..2023-12-31, "
                                   "predicted 2023-01-01..2023-06-30")
    assert finding.quote == "sản lượng lúa ước đạt 43,5 triệu tấn"


def test_field_the_gold_leaves_open_does_not_break_strictness():
    gold = gold_doc()
    gold["observations"][0]["compared_to"] = None
    gold["observations"][0]["change_pct"] = None
    rows = perfect_rows()
    rows["observations"][0]["change_pct"] = "1.2"  # stated by the prediction only
    report = score(rows, {DOC: gold})
    obs = report.types["observations"]
    assert obs.fields["compared"].accuracy < 1.0  # field accuracy still sees it
    assert obs.strict_matched == obs.matched == 2


def test_qualifier_and_report_meeting_are_not_strict_fields():
    rows = perfect_rows()
    rows["observations"][0]["qualifier"] = "at-most"
    rows["observations"][0]["meeting"] = "https://example.org/meeting/unknown"
    assert score(rows).types["observations"].strict_matched == 2


def test_target_meeting_is_a_strict_field():
    rows = perfect_rows()
    rows["targets"][0]["meeting"] = "https://example.org/meeting/unknown"
    targets = score(rows).types["targets"]
    assert (targets.matched, targets.strict_matched) == (1, 0)


def test_indicator_name_is_strict_for_figures():
    rows = perfect_rows()
    rows["observations"][0]["indicator"] = "lượng mưa"
    report = score(rows)
    assert report.types["observations"].strict_matched == 1
    assert "indicator gold sản lượng lúa, predicted lượng mưa" in report.not_strict[0].description


def test_meeting_fields_are_strict():
    rows = perfect_rows()
    rows["meetings"][0]["connection_points"] = "13"
    meetings = score(rows).types["meetings"]
    assert (meetings.matched, meetings.strict_matched, meetings.strict_f1) == (1, 0, 0.0)


def test_people_title_is_strict():
    rows = perfect_rows()
    rows["people"][0]["title"] = "Thứ trưởng"
    assert score(rows).types["people"].strict_matched == 0


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("sản lượng lúa", "Sản lượng lúa", True),
    ("sản lượng lúa", "sản lượng lúa cả nước", True),  # one name contains the other
    ("kim ngạch xuất khẩu gạo", "xuất khẩu gạo: kim ngạch", True),  # order and punctuation
    ("tỷ lệ hộ nghèo", "tỷ lệ hộ dùng điện", False),
    ("sản lượng lúa", "san luong lua", False),  # diacritics are kept
    ("sản lượng lúa", "", False),
])
def test_indicator_names_compare_as_word_sets(gold, predicted, same):
    assert m.same_indicator(gold, predicted) is same


def test_units_compare_without_case_spacing_or_ti_spelling():
    assert m.same_unit("tỉ  đồng", "Tỷ đồng")
    assert m.same_unit("triệu tỉ đồng", "triệu tỷ đồng")
    assert not m.same_unit("tỷ đồng", "triệu đồng")


def test_share_of_plan_without_a_level_matches_the_share_as_a_value():
    gold = gold_doc()
    gold["observations"][1].update(value=None, change_pct=None, plan_pct=96.5, compared_to=None,
                                   plan_period={"start": "2023-01-01", "end": "2023-12-31"})
    rows = perfect_rows()
    rows["observations"][1].update(value="96.5", unit="%", change_pct="")
    obs = score(rows, {DOC: gold}).types["observations"]
    assert (obs.matched, obs.strict_matched) == (2, 2)


# ---------------------------------------------------------------- series


def with_concepts(gold_concepts, predicted_concepts):
    """Series score of four observations and a target with the given concepts, in order."""
    gold, rows = gold_doc(), perfect_rows()
    gold["observations"] += [dict(gold["observations"][0], value=v) for v in (44.0, 45.0)]
    rows["observations"] += [dict(rows["observations"][0], observation=f"obs:{v}", value=v)
                             for v in ("44", "45")]
    facts = zip([*gold["observations"], *gold["targets"]], gold_concepts, strict=True)
    for item, concept in facts:
        item["concept"] = concept
    rows_of = zip([*rows["observations"], *rows["targets"]], predicted_concepts, strict=True)
    for row, concept in rows_of:
        row["indicator_concept"] = f"https://example.org/indicator/{concept}"
    report = score(rows, {DOC: gold})
    assert report.types["observations"].matched == 4 and report.types["targets"].matched == 1
    return report.series


def test_series_pairs_agree_when_gold_and_prediction_group_alike():
    series = with_concepts(["lua", "gao", "lua", "gao", "lua"], ["a", "b", "a", "b", "a"])
    # gold series: figures 1, 3 and the target (three pairs), figures 2 and 4 (one pair)
    assert (series.gold_pairs, series.predicted_pairs, series.both) == (4, 4, 4)
    assert series.f1 == 1.0


def test_series_pairs_joined_or_split_wrongly_lower_precision_and_recall():
    series = with_concepts(["lua", "gao", "lua", "lua", "ngo"], ["a", "a", "a", "b", "c"])
    # predicted pairs 1-2, 1-3, 2-3; gold pairs 1-3, 1-4, 3-4; only 1-3 in both
    assert (series.gold_pairs, series.predicted_pairs, series.both) == (3, 3, 1)
    assert series.precision == pytest.approx(1 / 3) and series.recall == pytest.approx(1 / 3)


def test_series_skips_figures_whose_gold_has_no_concept():
    series = with_concepts([None, "gao", "lua", "lua", None], ["a"] * 5)
    # figures 1 and the target are left out: predicted pairs 2-3, 2-4, 3-4; gold pair 3-4
    assert (series.gold_pairs, series.predicted_pairs, series.both) == (1, 3, 1)


# ---------------------------------------------------------------- several gold sets


def test_gold_sets_are_scored_alone_and_together_with_series_across_sets():
    first, second = gold_doc(), dict(gold_doc(), doc=OTHER)
    first["observations"][0]["concept"] = second["observations"][0]["concept"] = "lua"
    rows = perfect_rows()
    for kind, extra in perfect_rows(source=OTHER).items():
        rows[kind] += extra
    for row in rows["observations"]:
        row["indicator_concept"] = "https://example.org/indicator/lua"
    rows["observations"][-1]["period_end"] = "2023-06-30"  # the second set's change-only figure
    combined, per_set = evaluate_sets(rows, {"a": {DOC: first}, "b": {OTHER: second}})
    assert list(per_set) == ["a", "b"]
    assert per_set["a"].strict_macro_f1 == 1.0 and per_set["b"].strict_macro_f1 < 1.0
    assert combined.types["observations"].gold == 4
    assert combined.types["observations"].strict_matched == 3
    # the one gold series spans both sets: seen together only
    assert per_set["a"].series.gold_pairs == 0
    assert (combined.series.gold_pairs, combined.series.both) == (1, 1)


def test_an_article_in_two_gold_sets_is_an_error():
    with pytest.raises(KgError, match=f"article {DOC} has gold in both a and b"):
        evaluate_sets(perfect_rows(), {"a": {DOC: gold_doc()}, "b": {DOC: gold_doc()}})


def test_report_as_json_ready_dict():
    data = score().as_dict()
    assert set(data) == {"types", "fields", "macro_f1", "strict_macro_f1", "series"}
    assert data["types"]["observations"]["strict_f1"] == 1.0
    assert data["fields"]["observations"]["period"]["accuracy"] == 1.0
    assert set(data["series"]) >= {"precision", "recall", "f1"}


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


# ---------------------------------------------------------------- kg eval


FOREST = """Hội nghị tổng kết ngành Lâm nghiệp năm 2023

Ngày 20/12/2023, Bộ Nông nghiệp tổ chức Hội nghị tổng kết ngành Lâm nghiệp năm 2023. \
Năm 2023, doanh thu ngành lâm nghiệp đạt 1.234 tỷ đồng, tăng 5% so với năm 2022. \
Số doanh nghiệp lâm nghiệp đạt 321 doanh nghiệp.
"""
FOREST_GOLD = """doc: {doc}
observations:
  - indicator: doanh thu ngành lâm nghiệp
    concept: doanh-thu-nganh-lam-nghiep
    value: 1234
    unit: tỉ đồng
    qualifier: exact
    period: {{start: 2023-01-01, end: 2023-12-31}}
    change_pct: 5
    compared_to: {{start: 2022-01-01, end: 2022-12-31}}
  - indicator: số doanh nghiệp lâm nghiệp
    value: 321
    unit: doanh nghiệp
    period: {{start: 2023-01-01, end: 2023-06-30}}
  - indicator: diện tích rừng trồng mới
    value: 999
    unit: ha
"""


def write_set(folder: Path, doc: str, texts: str = "docs", gold: str = "gold") -> Path:
    """An invented article under ``folder/texts`` and its gold file under ``folder/gold``."""
    (folder / texts).mkdir(parents=True)
    (folder / gold).mkdir(parents=True)
    (folder / texts / doc).write_text(FOREST, encoding="utf-8")
    (folder / gold / f"{Path(doc).stem}.yaml").write_text(
        FOREST_GOLD.format(doc=doc), encoding="utf-8")
    return folder / gold


def run_eval(runner, *args):
    return runner.invoke(main, ["eval", *args], catch_exceptions=False)


def test_eval_builds_the_texts_beside_the_gold_and_counts_strict_apart(runner, tmp_path):
    result = run_eval(runner, "--gold", str(write_set(tmp_path / "set", "01_rung.txt")))
    assert result.exit_code == 0, result.output
    row = next(line.split() for line in result.output.splitlines()
               if line.startswith("observations"))
    # gold 3, predicted 2, matched 2, strict: only the revenue (the count's period is off)
    assert row[1:4] == ["3", "2", "2"]
    assert row[7:] == ["0.50", "0.33", "0.40"]
    assert "strict macro-F1: " in result.output and "series F1: " in result.output


def test_eval_details_list_misses_false_alarms_and_not_strict_with_quotes(runner, tmp_path):
    result = run_eval(runner, "--gold", str(write_set(tmp_path / "set", "01_rung.txt")),
                      "--details")
    text = result.output
    assert "  01_rung.txt\n" in text
    assert "missed observations: diện tích rừng trồng mới | 999 | ha" in text
    not_strict = text.split("not strict observations: số doanh nghiệp lâm nghiệp", 1)[1]
    assert not_strict.startswith(" | 321 | doanh nghiệp | 2023-01-01..2023-06-30: period gold "
                                 "2023-01-01..2023-06-30, predicted 2023-01-01..2023-12-31\n")
    quote = not_strict.splitlines()[1]
    assert quote.startswith("      quote: \u201c") and "321 doanh nghiệp" in quote
    assert "false alarm meetings: Hội nghị tổng kết ngành Lâm nghiệp năm 2023" in text


def test_eval_scores_several_gold_folders_alone_and_together(runner, tmp_path):
    first = write_set(tmp_path / "a", "01_rung.txt")
    second = write_set(tmp_path / "b", "02_rung.txt")
    result = run_eval(runner, "--gold", str(first), "--gold", str(second), "--format", "json")
    data = json.loads(result.output)
    assert set(data["folders"]) == {str(first), str(second)}
    obs = data["types"]["observations"]
    assert (obs["gold"], obs["predicted"], obs["matched"]) == (6, 4, 4)
    assert obs["strict_f1"] == pytest.approx(0.4)
    for folder in data["folders"].values():
        assert folder["types"]["observations"]["gold"] == 3
        assert folder["series"]["gold_pairs"] == 0
    # the revenue of the two articles is one gold series: one pair, across the folders
    assert data["series"]["gold_pairs"] == 1
    assert set(data["series"]) >= {"precision", "recall", "f1"}
    assert {"macro_f1", "strict_macro_f1", "fields"} <= set(data)
    table = run_eval(runner, "--gold", str(first), "--gold", str(second)).output
    assert f"  {first}: macro-F1 " in table and "  all: macro-F1 " in table
    assert "observations strict F1 0.400, series F1 " in table


def test_eval_finds_seed_texts_and_takes_texts_or_a_graph(runner, tmp_path):
    gold = write_set(tmp_path, "03_rung.txt", texts="seeds", gold="gold/seeds")
    found = run_eval(runner, "--gold", str(gold), "--format", "json")
    assert json.loads(found.output)["types"]["observations"]["matched"] == 2
    moved = tmp_path / "elsewhere"
    (tmp_path / "seeds").rename(moved)
    given = run_eval(runner, "--gold", str(gold), "--texts", str(moved), "--format", "json")
    assert json.loads(given.output) == json.loads(found.output)
    graph = tmp_path / "kg.nq"
    assert runner.invoke(main, ["build", str(moved), "--out", str(graph)]).exit_code == 0
    built = run_eval(runner, "--gold", str(gold), "--data", str(graph), "--format", "json")
    assert json.loads(built.output) == json.loads(found.output)


def test_eval_without_texts_is_a_one_line_error(runner, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "01_rung.yaml").write_text("doc: 01_rung.txt\n", encoding="utf-8")
    result = run_eval(runner, "--gold", str(gold))
    assert result.exit_code != 0
    assert result.output.strip() == (f"Error: {gold}: no article texts found beside it; give them "
                                     "with --texts DIR, or a built graph with --data FILE")


def test_every_fact_kind_is_scored_once():
    fields = [f.name for f in dataclasses.fields(ArticleFacts)]
    assert fields == ["meta", "text", *FACT_KINDS]
    assert set(SPECS) == set(KINDS) and len(KINDS) == len(FACT_KINDS)
