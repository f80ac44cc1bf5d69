"""survey/pdf_report.py and survey/typeset.py: the PDF reports read back as text.

Every figure the reports print is compared with `build_report`'s (through
scoring.display, the one formatter), and no suppressed group's row carries a
number. The text is read with pypdf.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pypdf
import pytest

from bench import survey_with
from scoring import display
from scoring.errors import SurveyError
from scoring.report import build_report
from scoring.sample import generate
from survey import cli_demo, pdf_report, pdf_words
from survey.store import Store
from survey.typeset import TypesetError, render_pdf
from tests.survey.conftest import run

WAVES = ("2025-H2", "2026-H1", "2026-H2")
WAVE = WAVES[-1]
SMALL = "audit"  # the unit made too small to show


@pytest.fixture(scope="module")
def survey():
    return survey_with()


@pytest.fixture(scope="module")
def frame(survey):
    data = generate(survey, 240, waves=3, seed=7, last_wave=WAVE)
    # Three people in one department of the last wave: a group under k.
    last = data.index[data["wave"] == WAVE]
    dept = data["dept"].astype(object)
    dept[last] = np.where(dept[last] == SMALL, "policy", dept[last])
    dept[last[:3]] = SMALL
    data["dept"] = pd.Categorical(dept, categories=data["dept"].cat.categories)
    return data


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _label(survey, demographic: str, option: str) -> str:
    return next(o for o in survey.demographic(demographic).options if o.id == option).label.get(
        "ko"
    )


@pytest.fixture(scope="module")
def board(survey, frame):
    return pdf_report.board_pdf(survey, frame, WAVE, headcount=300)


def test_render_pdf_is_tagged_with_title_language_and_subset_font():
    data = render_pdf("= 보고서\n본문입니다.", lang="ko", title="시험 보고서")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "시험 보고서"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ko" and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    fonts = [
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    ]
    # A subset's name carries a six-letter tag: ABCDEF+NotoSansKR-Regular.
    assert fonts and all(re.match(r"^/[A-Z]{6}\+", str(name)) for name in fonts)
    assert "본문입니다." in reader.pages[0].extract_text()


def test_render_pdf_refuses_a_broken_source_and_an_unknown_language():
    with pytest.raises(TypesetError):
        render_pdf("#let x = (", title="x")
    with pytest.raises(ValueError):
        render_pdf("x", lang="fr", title="x")


def test_board_report_prints_every_figure_of_build_report(survey, frame, board):
    report = build_report(
        survey,
        frame,
        wave=WAVE,
        by=[d.id for d in survey.demographics],
        youth=True,
        headcount=300,
    )
    text = _flat(_text(board.data))
    index = report.index
    assert f"조직문화 지수 {display.number(index.score)}점" in text
    assert display.interval(index.ci_low, index.ci_high) in text
    assert f"목표 95점까지 {display.number(index.gap)}점" in text
    assert f"전체 300명 중 {display.whole(report.respondents)}명" in text
    for d in report.dimensions:
        assert not d.suppressed
        assert display.number(d.score) in text
        assert display.interval(d.ci_low, d.ci_high) in text
        assert display.number(d.alpha, 2) in text
    for item in report.items:
        label = survey.item(item.id).text.get("ko")
        # A wrapped table cell may gain or lose a space at the break.
        assert re.sub(r"\s+", "", label) in re.sub(r"\s+", "", text)
        assert display.number(item.score) in text
        assert display.percent(item.favorable_pct) in text
    for g in report.gap_by_dimension:
        assert display.number(g.contribution) in text
    for point in report.trend:
        assert display.number(point.index) in text
        assert display.interval(point.ci_low, point.ci_high) in text
    for rows in report.breakdowns.values():
        for row in rows:
            if not row.suppressed:
                assert display.number(row.index) in text
                for value in row.dimensions.values():
                    assert display.number(value) in text
    for row in report.youth.rows:
        assert display.number(row.mean_a) in text and display.number(row.mean_b) in text
    assert "Welch" in text and "유한 모집단 보정" in text


def test_change_since_the_previous_wave_reads_in_the_pages_plain_words(survey, frame, board):
    from scoring import plain
    from scoring.report import compare_waves

    change = compare_waves(survey, frame, WAVE, WAVES[-2])
    row = next(r for r in change.rows if r.id == "index")
    verdict = plain.verdict_words(row, "ko")
    expected = f"이전 차수({WAVES[-2]}) 대비 {display.signed(row.diff)}점입니다. {verdict}"
    # Korean lines may break inside a word: compare without whitespace.
    assert re.sub(r"\s+", "", expected) in re.sub(r"\s+", "", _text(board.data))
    # A large p never reads like certainty, and "untested" never like "no difference".
    assert "차이가 없습니다" not in _flat(_text(board.data))


def test_a_suppressed_group_is_marked_and_never_numbered(survey, frame, board):
    from scoring.index import respondent_scores
    from scoring.population import Population

    report = build_report(survey, frame, wave=WAVE, by=["dept"])
    hidden = [r.group for r in report.breakdowns["dept"] if r.suppressed]
    # The small unit, and the next-smallest with it so that no subtraction recovers it.
    assert SMALL in hidden and len(hidden) == 2
    text = _text(board.data)
    wave = frame[frame["wave"] == WAVE].reset_index(drop=True)
    scores = respondent_scores(survey, Population(wave))
    for group in hidden:
        label = _label(survey, "dept", group)
        lines = [line for line in text.splitlines() if label in line]
        assert lines, "a hidden group is listed"
        for line in lines:
            assert "응답자 5명 미만" in line
            assert not re.search(r"\d", line.replace("5명", "")), line
        # Its index, computed here only to look for it, is not beside its name.
        mine = np.asarray(wave["dept"] == group)
        figure = display.number(np.nanmean(scores.index[mine]))
        assert f"{label} {figure}" not in _flat(text)


def test_unit_report_is_the_unit_against_the_whole(survey, frame):
    pdf = pdf_report.unit_pdf(survey, frame, WAVE, ("dept", "policy"))
    mine = build_report(survey, frame, wave=WAVE, filter=("dept", "policy"))
    whole = build_report(survey, frame, wave=WAVE)
    text = _flat(_text(pdf.data))
    assert _label(survey, "dept", "policy") in pdf.title
    assert display.number(mine.index.score) in text
    assert display.number(whole.index.score) in text
    for d in mine.dimensions:
        if not d.suppressed:
            assert display.number(d.score) in text
    for item in mine.items:
        if not item.suppressed:
            assert display.number(item.score) in text
    # One unit's report shows no other group.
    assert _label(survey, "dept", "smart_city") not in text


def test_a_unit_that_may_not_be_shown_gets_no_report(survey, frame):
    with pytest.raises(SurveyError) as caught:
        pdf_report.unit_pdf(survey, frame, WAVE, ("dept", SMALL))
    assert "보고서를 만들지 않습니다" in caught.value.message("ko")
    made, hidden = pdf_report.unit_pdfs(survey, frame, WAVE, "dept")
    rows = build_report(survey, frame, wave=WAVE, by=["dept"]).breakdowns["dept"]
    suppressed = {r.group for r in rows if r.suppressed and r.group is not None}
    assert SMALL in suppressed and len(hidden) == len(suppressed)
    assert any(_label(survey, "dept", SMALL) in line for line in hidden)
    assert set(made) == {o.id for o in survey.demographic("dept").options} - suppressed


def test_staff_report_holds_whole_wave_figures_only(survey, frame):
    pdf = pdf_report.staff_pdf(survey, frame, WAVE)
    text = _flat(_text(pdf.data))
    whole = build_report(survey, frame, wave=WAVE)
    assert display.number(whole.index.score) in text
    for demographic in survey.demographics:
        for option in demographic.options:
            assert option.label.get("ko") not in text
    assert len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) <= 2


def test_english_report_is_english(survey, frame):
    pdf = pdf_report.board_pdf(survey, frame, WAVE, lang="en")
    text = _text(pdf.data)
    assert "Culture index" in text and "조직문화 지수" not in text
    root = pypdf.PdfReader(io.BytesIO(pdf.data)).trailer["/Root"]
    assert root["/Lang"] == "en"


# ---------------------------------------------------------------- command line


@pytest.fixture
def env(cli_db):
    store = Store()
    cli_demo.seed_demo(store, n=80)
    return store


@pytest.fixture
def outdir(tmp_path):
    """A folder of its own: the database files live in tmp_path."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_cli_report_writes_a_pdf_and_audits_it(env, capsys, outdir):
    out = outdir / "board.pdf"
    code, stdout, _ = run(capsys, "report", "--wave", "2026-H1", "--out", str(out))
    assert code == 0 and str(out) in stdout
    assert out.read_bytes().startswith(b"%PDF")
    entry = env.list_audit(1)[0]
    assert entry.action == "report.pdf" and entry.detail["wave"] == "2026-H1"
    assert list(outdir.iterdir()) == [out]


def test_cli_report_units_to_a_zip_lists_units_not_shown(env, capsys, outdir):
    import zipfile

    out = outdir / "units.zip"
    code, stdout, _ = run(
        capsys, "report", "--wave", "2026-H1", "--out", str(out), "--units", "dept"
    )
    assert code == 0
    names = zipfile.ZipFile(out).namelist()
    shown = build_report(env.survey, env.load_wave("2026-H1"), wave="2026-H1", by=["dept"])
    expected = {
        f"dept-{row.group}.pdf"
        for row in shown.breakdowns["dept"]
        if row.group is not None
        and not build_report(
            env.survey, env.load_wave("2026-H1"), wave="2026-H1", filter=("dept", row.group)
        ).suppressed
    }
    assert set(names) == expected
    assert stdout.count("보고서를 만들지 않습니다") == len(
        env.survey.demographic("dept").options
    ) - len(expected)
    assert env.list_audit(1)[0].detail["reports"] == len(expected)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--wave", "2030-H1"), "2030-H1"),
        (("--wave", "2026-H2"), "마감되지 않았습니다"),
        (("--wave", "2026-H1", "--unit", "dept=nope"), "nope"),
        (("--wave", "2026-H1", "--unit", "dept"), "특성=선택지"),
        (("--wave", "2026-H1", "--unit", "dept=planning", "--audience", "staff"), "전체 결과만"),
    ],
)
def test_cli_report_bad_input_one_message_exit_1_no_file(env, capsys, outdir, argv, words):
    out = outdir / "x.pdf"
    code, _, err = run(capsys, "report", "--out", str(out), *argv)
    assert code == 1 and words in err and len(err.strip().splitlines()) == 1
    assert list(outdir.iterdir()) == []


def test_cli_report_unwritable_path(env, capsys, outdir):
    out = outdir / "missing" / "x.pdf"
    code, _, err = run(capsys, "--lang", "en", "report", "--wave", "2026-H1", "--out", str(out))
    assert code == 1 and str(out) in err and ".part" not in err
    assert list(outdir.iterdir()) == []


def test_action_plans_are_listed_in_the_board_report(survey, frame):
    import datetime
    from types import SimpleNamespace

    plans = [
        SimpleNamespace(
            title="유연근무 확대",
            target_kind="dimension",
            target=survey.dimensions[0].id,
            change="부서별 유연근무 신청 절차를 줄입니다",
            owner="인사팀",
            due=datetime.date(2027, 3, 31),
            status="in_progress",
            approved=True,
        ),
        SimpleNamespace(
            title="초안 계획",
            target_kind="item",
            target=survey.items[0].id,
            change="검토 중",
            owner="기획팀",
            due=datetime.date(2027, 6, 30),
            status="planned",
            approved=False,
        ),
    ]
    lines = pdf_report.plan_lines(plans, survey)
    assert len(lines) == 2 and "2027-03-31" in lines[0] and "진행 중" in lines[0]
    assert len(pdf_report.plan_lines(plans, survey, approved_only=True)) == 1
    text = _flat(_text(pdf_report.board_pdf(survey, frame, WAVE, plans=lines).data))
    assert "개선 계획" in text and "유연근무 확대" in text
    staff = pdf_report.plan_lines(plans, survey, approved_only=True)
    text = _flat(_text(pdf_report.staff_pdf(survey, frame, WAVE, plans=staff).data))
    assert "유연근무 확대" in text and "초안 계획" not in text


def test_cli_report_units_to_a_new_folder_and_never_into_an_existing_one(env, capsys, outdir):
    out = outdir / "units"
    code, _, _ = run(capsys, "report", "--wave", "2026-H1", "--out", str(out), "--units", "dept")
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names and all(n.startswith("dept-") and n.endswith(".pdf") for n in names)
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.iterdir())
    code, _, err = run(capsys, "report", "--wave", "2026-H1", "--out", str(out), "--units", "dept")
    assert code == 1 and "이미 있는" in err
    assert sorted(p.name for p in out.iterdir()) == names
    assert sorted(p.name for p in outdir.iterdir()) == ["units"]


def test_the_summary_names_its_pieces_and_the_staff_report_takes_where_it_stands(survey, frame):
    report = build_report(survey, frame, wave=WAVE, headcount=300)
    summary = pdf_words.summarize(report, None, None, pdf_words.Words(survey, "ko"))
    assert summary.standing() == [summary.index, summary.change, summary.participation]
    assert summary.behind is None  # no breakdown in this report
    assert summary.lines() == [
        summary.index,
        summary.change,
        summary.participation,
        summary.strongest,
        summary.weakest,
        summary.act_on,
    ]
    # Without a count of respondents, where it stands holds no dimension in its place.
    unknown = replace(report, respondents=None)
    short = pdf_words.summarize(unknown, None, None, pdf_words.Words(survey, "ko"))
    assert short.standing() == [short.index, short.change]
    staff = _flat(_text(pdf_report.staff_pdf(survey, frame, WAVE, headcount=300).data))
    assert display.percent(100 * report.respondents / 300) in staff
