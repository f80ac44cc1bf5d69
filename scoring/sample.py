"""A realistic synthetic response frame for demos, tests and benchmarks.

The generator draws a small latent model per respondent rather than
independent random answers, so that every statistic the report computes has
something to find:

- a *seniority* score drives the ordered demographics (age, grade, tenure are
  correlated, as in a real workforce); other demographics (departments) have
  unequal sizes, a few small enough that a breakdown at 200 respondents
  suppresses them;
- a *culture level* per respondent, rising slowly across waves, plus effects by
  dimension, by department, and for young employees (lower on communication and
  fairness, higher on growth and AI), plus item noise; the continuous answer is
  cut into the k scale points by thresholds chosen so that the index lands
  around 60-75;
- reverse-keyed items are answered in the reversed direction, except by a few
  careless respondents;
- about 3% of answers and about 8% of each demographic are missing ("prefer not
  to say"), and about 20% of respondents write a comment.

Everything is drawn with numpy over whole columns (no loop over respondents),
so a million rows take a few seconds, and the same seed gives the same frame.
Roles are recognized by id and labels, so any survey works: ordered
demographics (age, grade, tenure, ...) follow seniority, and are drawn in
reverse when listed from the senior end ("1-2 (management)" first); membership
of a youth body (a junior board) goes mostly to the young; the youth rule, when
present, decides who is young; dimensions named like communication, fairness or
growth get the youth effects above, any other a small negative one.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence
from typing import IO, Any

import numpy as np
import pandas as pd
from scipy.special import ndtri
from scipy.stats import beta

from scoring.cells import neutralize
from scoring.errors import SurveyError
from scoring.questionnaire import Comment, Demographic, Survey
from scoring.writers import write_utf8_bom

__all__ = ["generate", "wave_names", "write_sample_csv"]


_WAVE = re.compile(r"^(\d{4})-H([12])$")

# Latent model, in standard-deviation units of the continuous answer.
_LEVEL_SD = 0.70  # between respondents: the culture each person experiences
_PERSON_DIM_SD = 0.45  # a person's view of one dimension beyond their level
_ITEM_NOISE_SD = 0.75  # answering one item
_ITEM_SPREAD_SD = 0.20  # items differ in how easy they are to agree with
_DIM_SPREAD_SD = 0.10  # dimensions differ beyond the named effects below
_GROUP_SD = 0.12  # departments and other unordered groups differ a little
_WAVE_STEP = 0.07  # the culture level gains this much per half year
_TOTAL_SD = float(np.sqrt(_LEVEL_SD**2 + _PERSON_DIM_SD**2 + _ITEM_NOISE_SD**2))

# The answer distribution at the latest wave's average level: a Beta(2.2, 1.2)
# cut into k equal bins, which puts the mean item score near 67 for any k.
_ANSWER_SHAPE = (2.2, 1.2)
# 0-10 recommendation: skewed to the middle-high end, as eNPS surveys of public
# bodies usually are (eNPS below zero).
_RECOMMEND_SHAPE = (2.4, 1.5)

_MISSING_ANSWER = 0.03
_HIDE_ALL_DEMOGRAPHICS = 0.04  # some respondents decline every demographic...
_HIDE_ONE_DEMOGRAPHIC = 0.04  # ...others decline one at a time: about 8% each
_CARELESS = 0.05  # answer reverse-keyed items as if they were positive
_COMMENT_RATE = 0.20
_SECOND_COMMENT = 0.5  # of the writers, who answer a second comment question too
_YOUTH_SHARE_WITHOUT_RULE = 0.30

# Effects matched on dimension id and labels: (stems, base effect, youth effect).
_DIMENSION_EFFECTS: tuple[tuple[tuple[str, ...], float, float], ...] = (
    (("commun", "voice", "particip", "소통", "참여"), -0.05, -0.35),
    (("fair", "trust", "integr", "ethic", "공정", "신뢰"), -0.15, -0.30),
    (("growth", "ai", "learn", "career", "competen", "skill", "성장", "역량"), 0.00, 0.25),
    (("innov", "challeng", "혁신", "도전"), -0.05, 0.10),
    (("balance", "life", "wellbeing", "workload", "균형"), -0.25, 0.00),
    (("inclus", "respect", "together", "divers", "포용", "동행"), 0.05, -0.10),
    (("public", "sustain", "value", "pride", "공공", "지속"), 0.25, 0.00),
)
_DEFAULT_YOUTH_EFFECT = -0.10

# Ordered demographics: (stems, correlation with seniority, how the option
# shares fall from the junior end: 0 for a hump in the middle, else the ratio
# of each step up to the one below, a pyramid).
_ORDERED: tuple[tuple[tuple[str, ...], float, float], ...] = (
    (("age", "연령", "나이"), 0.90, 0.0),
    (("tenure", "service", "years", "근속", "재직"), 0.80, 0.8),
    (("grade", "rank", "level", "position", "title", "직급", "직위"), 0.75, 0.7),
)
# An ordered demographic listed from the senior end (grades "1-2 (management)",
# "3", ...) is drawn in reverse.
_SENIOR = ("manag", "senior", "director", "execut", "head", "chief", "관리", "임원")
# Membership of a youth body (junior board, youth panel): mostly young members.
_YOUTH_BODY = ("board", "panel", "committee", "council", "위원회", "보드")
_YES = ("yes", "member", "participant", "참여", "예")
_NO = ("no", "not", "non", "none", "never", "않", "아니", "미참여")
_YOUTH_BODY_RATE = (0.22, 0.02)  # share of young / other respondents who are members

# Comment pools by what a question asks: what to keep, what to change, ideas.
# Each wave draws without repeats, so the demo's comments are distinct within
# a wave (a repeated text would tag nothing, but reads like a broken export).
_COMMENTS_KEEP = (
    "서로 돕는 분위기가 있어 힘든 시기에도 버틸 수 있었습니다.",
    "팀장님이 의견을 잘 들어 주셔서 회의 분위기가 많이 편해졌습니다.",
    "새로운 시도를 해 보라는 분위기가 예전보다 확실히 강해졌습니다.",
    "직급과 관계없이 서로 존중하는 분위기가 자리 잡았다고 느낍니다.",
    "작은 성과도 함께 축하하는 분위기가 힘이 됩니다.",
    "연차를 팀 안에서 서로 배려하며 쓰는 분위기가 좋습니다.",
    "정시 퇴근을 권하는 분위기가 자리 잡아 가고 있습니다.",
    "실패해도 배운 점을 나누는 분위기가 있어 도전할 수 있습니다.",
    "AI 교육 기회가 많아져서 업무에 바로 활용하고 있습니다.",
    "직무 교육이 다양해져서 스스로 공부할 동기가 생깁니다.",
    "외부 전문가 교육으로 최신 기술 흐름을 접할 수 있어 좋습니다.",
    "신규 직원 교육 때 선배들이 업무를 친절하게 알려 줍니다.",
    "데이터 분석 교육을 듣고 실제 사업에 적용해 볼 수 있었습니다.",
    "교육 시간을 업무 시간으로 인정해 주는 점이 좋습니다.",
    "부서 간 협업 프로젝트가 늘어나면서 다른 팀 업무를 이해하게 되었습니다.",
    "협업할 때 역할과 책임이 분명해져 일하기 편해졌습니다.",
    "다른 부서와 협업하며 시민 서비스를 함께 만드는 과정이 보람 있습니다.",
    "협업 도구를 함께 쓰면서 자료를 찾기가 쉬워졌습니다.",
    "유연근무제를 눈치 보지 않고 쓸 수 있어 일과 삶의 균형이 좋아졌습니다.",
    "주니어보드 제안이 실제로 반영되는 것을 보고 참여할 동기가 생겼습니다.",
    "공공기관으로서 스마트시티 사업에 기여한다는 자부심이 있습니다.",
    "업무 자율성을 믿고 맡겨 주시는 점이 가장 큰 장점입니다.",
    "건강검진과 상담 지원 같은 복지 제도가 실제로 도움이 됩니다.",
    "부서장님이 결정 이유를 설명해 주셔서 납득하고 일할 수 있습니다.",
)
_COMMENTS_CHANGE = (
    "보고 단계가 너무 많아 의사결정이 느립니다.",
    "같은 내용을 여러 양식으로 반복해서 보고해야 합니다.",
    "보고서 작성에 시간이 많이 들어 정작 사업에 집중하기 어렵습니다.",
    "급한 보고 요청이 자주 내려와 계획을 세우기 어렵습니다.",
    "보고 라인이 길어 현장 의견이 위까지 전달되지 않습니다.",
    "사소한 일도 보고서로 남겨야 해서 부담이 큽니다.",
    "평가 기준이 공개되지 않아 결과를 납득하기 어렵습니다.",
    "평가가 성과보다 연공서열에 따라 정해지는 것 같습니다.",
    "성과급 평가 기준이 해마다 바뀌어 목표를 세우기 어렵습니다.",
    "승진과 보직 평가 과정이 투명하지 않다고 느낍니다.",
    "평가에 협업 기여가 반영되지 않아 혼자 일하는 편이 낫다고 느낍니다.",
    "평가 결과에 대한 설명이나 피드백이 없습니다.",
    "회의에서 직급이 낮으면 의견을 내기 어려운 분위기가 여전히 있습니다.",
    "회의가 길고 결론 없이 끝나는 경우가 많습니다.",
    "회의 안건이 미리 공유되지 않아 준비하기 어렵습니다.",
    "회의가 너무 잦아 정작 일할 시간이 부족합니다.",
    "회의 결과가 정리되지 않아 같은 이야기를 반복합니다.",
    "업무가 특정 사람에게 몰려 있어 야근이 잦습니다. 인력 배치를 다시 봐 주십시오.",
    "연차를 쓸 때 아직도 눈치가 보입니다.",
    "부서 간 칸막이가 있어 협조를 요청하면 답이 늦습니다.",
    "세대 간 소통 방식 차이로 오해가 생기는 경우가 많습니다.",
    "갑질 신고 절차가 있지만 신고 후 불이익이 걱정되어 쓰기 어렵습니다.",
    "업무 시간 외 메신저 연락이 잦아 쉬기 어렵습니다.",
    "필요한 장비와 소프트웨어 구매 절차가 너무 오래 걸립니다.",
)
_COMMENTS_IDEA = (
    "조직문화 진단 결과와 개선 계획을 직원들에게 공유해 주십시오.",
    "실패 사례 공유회를 열어 배운 점을 기관 전체의 자산으로 만들면 좋겠습니다.",
    "주니어보드 활동 결과를 전 직원에게 정기적으로 공유해 주면 좋겠습니다.",
    "우수 사례를 짧은 영상으로 만들어 공유하면 배우기 쉬울 것 같습니다.",
    "아이디어 제안 결과와 채택 이유를 공유해 주십시오.",
    "경영진 회의 결과를 요약해서 공유해 주면 방향을 이해하기 쉽겠습니다.",
    "부서별 업무 노하우를 공유하는 사내 게시판을 만들었으면 합니다.",
    "직무별 교육 로드맵이 있으면 경력 계획을 세우기 쉬울 것 같습니다.",
    "데이터 분석 역량을 키울 수 있는 사내 실습 교육을 열어 주십시오.",
    "리더십 교육에 경청과 피드백 실습을 넣어 주면 좋겠습니다.",
    "생성형 AI 활용 교육과 보안 지침을 함께 마련해 주면 좋겠습니다.",
    "신규 입사자 교육을 체계적인 온보딩 프로그램으로 운영했으면 합니다.",
    "교육 신청이 업무 공백 때문에 반려되지 않도록 대체 인력을 지원해 주십시오.",
    "분기마다 부서 간 협업의 날을 운영하면 칸막이가 줄어들 것 같습니다.",
    "성과 평가에 협업 기여도를 반영해 주십시오.",
    "부서가 섞여 앉는 협업 공간을 만들어 보면 좋겠습니다.",
    "업무 자동화 도구를 함께 만드는 협업 해커톤을 열어 보면 어떨까요.",
    "경영진과 직원이 직접 대화하는 자리를 정기적으로 만들어 주십시오.",
    "청년 직원과 관리자 간 멘토링 제도를 만들면 좋겠습니다.",
    "재택근무 기준을 부서마다 다르게 적용하지 말고 통일해 주십시오.",
    "불필요한 보고서를 줄이고 한 장짜리 보고 양식을 도입했으면 합니다.",
    "회의는 30분을 기본으로 하고 안건을 미리 알리는 규칙을 만들었으면 합니다.",
    "작은 실험을 해 볼 수 있는 혁신 예산을 팀마다 조금씩 주면 좋겠습니다.",
    "시민 참여형 프로젝트를 청년 직원이 주도해 보는 기회를 주십시오.",
)
_COMMENT_KINDS = (
    ("keep", ("keep", "good", "strength", "좋은 점", "지켜", "유지", "장점"), _COMMENTS_KEEP),
    ("change", ("change", "improve", "바뀌", "개선", "문제", "아쉬"), _COMMENTS_CHANGE),
    ("idea", ("idea", "suggest", "아이디어", "제안"), _COMMENTS_IDEA),
)


def wave_names(last_wave: str, waves: int) -> tuple[str, ...]:
    """Names of ``waves`` consecutive half-year waves ending at ``last_wave``.

    >>> wave_names("2026-H2", 4)
    ('2025-H1', '2025-H2', '2026-H1', '2026-H2')
    """
    match = _WAVE.match(str(last_wave))
    if match is None:
        raise SurveyError.single("sample.bad_last_wave", place="last_wave", value=last_wave)
    if not isinstance(waves, int | np.integer) or waves < 1:
        raise SurveyError.single("sample.bad_waves", place="waves", value=waves)
    last = int(match.group(1)) * 2 + int(match.group(2)) - 1
    halves = range(last - int(waves) + 1, last + 1)
    return tuple(f"{half // 2}-H{half % 2 + 1}" for half in halves)


def generate(
    survey: Survey, n: int, waves: int = 1, seed: int = 0, last_wave: str = "2026-H2"
) -> pd.DataFrame:
    """A synthetic response frame: ``n`` respondents per wave.

    Parameters
    ----------
    survey : Survey
        Any valid survey; the youth rule, outcomes and comments are used when
        present.
    n : int
        Respondents per wave (at least 1).
    waves : int
        Consecutive half-year waves ending at ``last_wave``.
    seed : int
        Seed of numpy's default generator; the same seed gives the same frame.
    last_wave : str
        The latest wave, such as ``"2026-H2"``.

    Returns
    -------
    pandas.DataFrame
        The response frame (columns ``survey.columns``; Categorical
        demographics, float64 answers, object comments), rows grouped by wave.
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise SurveyError.single("sample.bad_n", place="n", value=n)
    names = wave_names(last_wave, waves)
    rng = np.random.default_rng(seed)
    total = int(n) * len(names)
    wave_index = np.repeat(np.arange(len(names)), int(n))

    seniority = rng.standard_normal(total)
    demographics, young, group_effect = _draw_demographics(survey, rng, seniority)
    level = (
        _LEVEL_SD * rng.standard_normal(total)
        + _WAVE_STEP * (wave_index - (len(names) - 1))
        + group_effect
    )
    careless = rng.random(total) < _CARELESS

    # Answers fill one float64 block, column by column, that the frame adopts
    # without a copy (items and outcomes are adjacent in ``survey.columns``).
    numeric_ids = [item.id for item in survey.items] + [o.id for o in survey.outcomes]
    answers = np.empty((len(numeric_ids), total))
    _draw_items(survey, rng, level.astype(np.float32), young, careless, answers)
    _draw_outcomes(survey, rng, level, answers[len(survey.items) :])
    frame = pd.DataFrame(answers.T, columns=numeric_ids, copy=False)

    frame.insert(0, "wave", pd.Series(np.asarray(names, dtype=object)[wave_index], dtype=object))
    for position, (column, values) in enumerate(demographics.items(), start=1):
        frame.insert(position, column, values)
    for column, values in _draw_comments(survey, rng, level, wave_index).items():
        frame[column] = pd.Series(values, dtype=object)
    return frame


def _stems_match(stems: Sequence[str], *texts: str) -> bool:
    """Whether a stem starts a word of the English texts or occurs in the Korean ones."""
    for text in texts:
        lowered = text.lower()
        words = re.split(r"[^a-z0-9]+", lowered)
        for stem in stems:
            if stem.isascii():
                if any(word == stem if len(stem) <= 2 else word.startswith(stem) for word in words):
                    return True
            elif stem in lowered:
                return True
    return False


def _texts(obj: Any, attribute: str) -> tuple[str, ...]:
    """The id and both languages of a dimension's, demographic's or option's label."""
    label = getattr(obj, attribute)
    return (obj.id, label.en, label.ko)


def _ordered_shares(m: int, step: float) -> np.ndarray:
    """Option shares from the junior end: a hump a little below the middle
    (``step == 0``, as ages are) or a pyramid falling by ``step`` per level."""
    position = np.arange(m)
    if step > 0:
        weights = step**position
    else:
        weights = np.exp(-0.5 * ((position - 0.45 * (m - 1)) / max(m / 2.5, 0.5)) ** 2)
    return weights / weights.sum()


def _unequal_shares(m: int, rng: np.random.Generator) -> np.ndarray:
    """Geometric shares in a random order, the smallest 1/20 of the largest for 8
    or more options (8 units: 36% down to 1.8%), less extreme for fewer."""
    ratio = max(0.05, 1.0 / (2.5 * m))
    weights = ratio ** (np.arange(m) / max(m - 1, 1))
    return rng.permutation(weights / weights.sum())


def _draw_demographics(
    survey: Survey, rng: np.random.Generator, seniority: np.ndarray
) -> tuple[dict[str, pd.Categorical], np.ndarray, np.ndarray]:
    """Demographic columns, who is young, and each respondent's group effect."""
    total = seniority.size
    youth = survey.youth
    codes: dict[str, np.ndarray] = {}
    effect = np.zeros(total)
    bodies = []
    for demographic in survey.demographics:
        m = len(demographic.options)
        texts = _texts(demographic, "label")
        is_youth_demographic = youth is not None and youth.demographic == demographic.id
        rho, step = next(
            ((r, f) for stems, r, f in _ORDERED if _stems_match(stems, *texts)), (None, 0.0)
        )
        if is_youth_demographic and rho is None:
            rho = 0.9
        if rho is not None:
            mixed = rho * seniority + np.sqrt(1 - rho**2) * rng.standard_normal(total)
            cuts = ndtri(np.cumsum(_ordered_shares(m, step))[:-1])
            drawn = np.searchsorted(cuts, mixed).astype(np.int16)
            options = demographic.options
            senior_first = _stems_match(_SENIOR, *_texts(options[0], "label")) and not (
                _stems_match(_SENIOR, *_texts(options[-1], "label"))
            )
            codes[demographic.id] = (m - 1 - drawn) if senior_first else drawn
        elif _stems_match(_YOUTH_BODY, *texts) and m >= 2:
            bodies.append(demographic)
        else:
            drawn = rng.choice(m, size=total, p=_unequal_shares(m, rng)).astype(np.int16)
            codes[demographic.id] = drawn
            effect += (_GROUP_SD * rng.standard_normal(m))[drawn]

    if youth is not None and youth.demographic in codes:
        options = [o.id for o in survey.demographic(youth.demographic).options]
        young_codes = [options.index(g) for g in youth.groups if g in options]
        young = np.isin(codes[youth.demographic], young_codes)
    else:
        young = seniority < ndtri(_YOUTH_SHARE_WITHOUT_RULE)

    for demographic in bodies:
        codes[demographic.id] = _draw_membership(demographic, rng, young)

    hide_all = rng.random(total) < _HIDE_ALL_DEMOGRAPHICS
    columns = {}
    for demographic in survey.demographics:
        hidden = hide_all | (rng.random(total) < _HIDE_ONE_DEMOGRAPHIC)
        values = np.where(hidden, -1, codes[demographic.id])
        categories = [option.id for option in demographic.options]
        columns[demographic.id] = pd.Categorical.from_codes(values, categories=categories)
    return columns, young, effect


def _draw_membership(
    demographic: Demographic, rng: np.random.Generator, young: np.ndarray
) -> np.ndarray:
    """Membership of a youth body: the "yes" option for a share of the young."""
    texts = [_texts(option, "label") for option in demographic.options]
    negative = [_stems_match(_NO, *option) for option in texts]
    yes = next(
        (i for i, t in enumerate(texts) if not negative[i] and _stems_match(_YES, *t)),
        0,
    )
    no = next((i for i in range(len(texts)) if negative[i] and i != yes), 1 if yes == 0 else 0)
    rate = np.where(young, _YOUTH_BODY_RATE[0], _YOUTH_BODY_RATE[1])
    return np.where(rng.random(young.size) < rate, yes, no).astype(np.int16)


def _cuts(points: int, shape: tuple[float, float]) -> np.ndarray:
    """Thresholds on a standard normal giving the answer distribution ``shape``."""
    return ndtri(beta.cdf(np.arange(1, points) / points, *shape))


def _draw_items(
    survey: Survey,
    rng: np.random.Generator,
    level: np.ndarray,
    young: np.ndarray,
    careless: np.ndarray,
    out: np.ndarray,
) -> None:
    """Item columns into ``out`` (one row per item, survey order): latent level +
    dimension effect + item noise, cut into k points.

    The latent values are float32: the scale has at most 11 points, and half the
    memory traffic makes a million respondents noticeably faster.
    """
    k = survey.points
    cuts = (_cuts(k, _ANSWER_SHAPE) * _TOTAL_SD).astype(np.float32)
    total = level.size
    row = 0
    for dimension in survey.dimensions:
        texts = _texts(dimension, "label")
        base, youth_effect = next(
            ((b, y) for stems, b, y in _DIMENSION_EFFECTS if _stems_match(stems, *texts)),
            (0.0, _DEFAULT_YOUTH_EFFECT),
        )
        base += _DIM_SPREAD_SD * rng.standard_normal()
        person = rng.standard_normal(total, dtype=np.float32) * np.float32(_PERSON_DIM_SD)
        theta = level + np.float32(base) + np.float32(youth_effect) * young + person
        for item in dimension.items:
            shift = np.float32(_ITEM_SPREAD_SD * rng.standard_normal())
            noise = rng.standard_normal(total, dtype=np.float32) * np.float32(_ITEM_NOISE_SD)
            agreement = 1.0 + np.searchsorted(cuts, theta + shift + noise)
            if item.reverse:
                # The statement is negative: a good culture disagrees with it,
                # unless the respondent did not read it.
                agreement = np.where(careless, agreement, k + 1 - agreement)
            agreement[rng.random(total, dtype=np.float32) < _MISSING_ANSWER] = np.nan
            out[row] = agreement
            row += 1


def _draw_outcomes(
    survey: Survey, rng: np.random.Generator, level: np.ndarray, out: np.ndarray
) -> None:
    """Outcome columns into ``out``: satisfaction follows the culture level
    closely, recommendation a little less."""
    total = level.size
    for row, outcome in enumerate(survey.outcomes):
        points = int(outcome.high) - int(outcome.low) + 1
        shape = _RECOMMEND_SHAPE if outcome.kind == "recommend" else _ANSWER_SHAPE
        noise = 0.55 if outcome.kind == "recommend" else 0.45
        scale = np.sqrt(_LEVEL_SD**2 + noise**2)
        latent = level + noise * rng.standard_normal(total)
        values = float(outcome.low) + np.searchsorted(_cuts(points, shape) * scale, latent)
        values[rng.random(total) < _MISSING_ANSWER] = np.nan
        out[row] = values


def _comment_kind(comment: Comment) -> int | None:
    """Which pool fits a comment question (keep, change, idea), from its id and text."""
    texts = [str(comment.id).lower(), comment.text.ko.lower(), comment.text.en.lower()]
    for number, (_, stems, _) in enumerate(_COMMENT_KINDS):
        if any(stem in text for stem in stems for text in texts):
            return number
    return None


def _draw_comments(
    survey: Survey, rng: np.random.Generator, level: np.ndarray, wave_index: np.ndarray
) -> dict[str, np.ndarray]:
    """About 20% write a comment, to the question their mood fits, and half of them
    a second one.

    A question asking what to keep draws from the things people like, one
    asking what to change from their complaints, one asking for ideas from
    suggestions; the writer's culture level picks the question (content
    writers answer what to keep, discontent ones what to change). A question
    of no known kind takes the pool of the writer's mood. Within a wave and a
    question no text repeats while the pool lasts.
    """
    total = level.size
    comments = survey.comments
    columns = {comment.id: np.full(total, None, dtype=object) for comment in comments}
    if not comments:
        return columns
    writes = np.flatnonzero(rng.random(total) < _COMMENT_RATE)
    mood = level[writes] + 0.5 * rng.standard_normal(writes.size)
    tone = np.searchsorted([-0.4, 0.4], mood)  # 0 change, 1 idea, 2 keep
    wanted = np.array([1, 2, 0])[tone]  # the kind each writer has in mind
    kinds = [_comment_kind(c) for c in comments]
    question = rng.integers(0, len(comments), size=writes.size)
    # Some writers answer a second question too: an idea, or (after an idea)
    # what to keep or change, as their mood goes.
    second = rng.random(writes.size) < _SECOND_COMMENT
    then = np.where(wanted[second] != 2, 2, np.where(mood[second] < 0, 1, 0))
    extra = np.concatenate([np.zeros(writes.size, dtype=bool), np.ones(then.size, dtype=bool)])
    writes = np.concatenate([writes, writes[second]])
    wanted = np.concatenate([wanted, then])
    question = np.concatenate([question, rng.integers(0, len(comments), size=then.size)])
    for kind in range(len(_COMMENT_KINDS)):
        asking = [q for q, found in enumerate(kinds) if found == kind]
        if asking:
            chosen = wanted == kind
            question[chosen] = rng.choice(asking, size=int(chosen.sum()))
    for q, comment in enumerate(comments):
        for wave in np.unique(wave_index[writes]):
            mine = (question == q) & (wave_index[writes] == wave)
            # A question of a known kind takes its pool; another, each writer's mood's.
            if kinds[q] is not None:
                groups = [(kinds[q], mine)]
            else:
                groups = [(kind, mine & (wanted == kind)) for kind in range(len(_COMMENT_KINDS))]
            for pool_kind, here in groups:
                pool = [
                    t for t in _COMMENT_KINDS[pool_kind][2] if len(t) <= comment.max_length
                ] or [_COMMENT_KINDS[pool_kind][2][0][: comment.max_length]]
                # Second comments only while the pool lasts, so they add no repeats.
                firsts, seconds = writes[here & ~extra], writes[here & extra]
                rows = np.concatenate([firsts, seconds[: max(0, len(pool) - firsts.size)]])
                order = rng.permutation(len(pool))
                picks = [pool[order[i % len(pool)]] for i in range(rows.size)]
                columns[comment.id][rows] = np.asarray(picks, dtype=object)
    return columns


def write_sample_csv(frame: pd.DataFrame, path_or_buffer: str | os.PathLike | IO) -> None:
    """Write a response frame as a wide-layout CSV (UTF-8 with BOM, blank = missing).

    Answers are written as integers; text cells pass through
    :func:`scoring.cells.neutralize` so that a spreadsheet never runs them.
    """
    table = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            table[column] = values.astype(object).where(values.notna(), "")
        elif pd.api.types.is_float_dtype(values.dtype):
            table[column] = values.astype("Int64")
        else:
            table[column] = values.map(lambda v: neutralize(v) if isinstance(v, str) else "")
    text = table.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    write_utf8_bom(text, path_or_buffer)
