"""Strings of the PDF reports: the board's, a unit's and the one for all staff."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "pdf.title.board": {
            "ko": "{wave} 조직문화 진단 결과 보고",
            "en": "Culture survey {wave}: report to the board",
        },
        "pdf.title.unit": {
            "ko": "{wave} 조직문화 진단 결과: {unit}",
            "en": "Culture survey {wave}: {unit}",
        },
        "pdf.title.staff": {
            "ko": "{wave} 조직문화 진단 결과를 알려 드립니다",
            "en": "Culture survey {wave}: what you told us",
        },
        "pdf.download": {"ko": "보고서 PDF 내려받기", "en": "Download the report (PDF)"},
        "pdf.download_caption": {
            "ko": "기관장·이사회 보고용 PDF입니다. 화면과 같은 숨김 규칙(응답자 k명 미만)을 "
            "따르며, 내려받은 기록은 감사 기록에 남습니다.",
            "en": "The PDF for the head of the institution and the board, under the pages' "
            "privacy rules; each download is in the audit log.",
        },
        "pdf.plan_line": {
            "ko": "{title} ({about}): {change} / 담당 {owner}, {due}까지, {status}",
            "en": "{title} ({about}): {change} / {owner}, by {due}, {status}",
        },
        "pdf.page": {"ko": "{page} / {total}쪽", "en": "Page {page} of {total}"},
        "pdf.summary": {"ko": "요약", "en": "Summary"},
        "pdf.b.index": {
            "ko": "조직문화 지수 {score}점 (95% 신뢰구간 {ci}), 목표 {target}점까지 {gap}점",
            "en": "Culture index {score} (95% CI {ci}), {gap} points short of the target {target}",
        },
        "pdf.b.index_reached": {
            "ko": "조직문화 지수 {score}점 (95% 신뢰구간 {ci}), 목표 {target}점 달성",
            "en": "Culture index {score} (95% CI {ci}), the target {target} reached",
        },
        "pdf.b.change": {
            "ko": "이전 차수({previous}) 대비 {diff}점입니다. {verdict}",
            "en": "Against the previous wave ({previous}): {diff} points. {verdict}",
        },
        "pdf.b.no_previous": {
            "ko": "비교할 이전 차수가 없습니다",
            "en": "No previous wave to compare with",
        },
        "pdf.b.change_hidden": {
            "ko": "이전 차수와의 비교는 응답자가 {k}명 미만이라 보여 드리지 않습니다",
            "en": "The change from the previous wave is hidden: fewer than {k} respondents",
        },
        "pdf.b.participation": {
            "ko": "참여: 전체 {headcount}명 중 {n}명 응답 (참여율 {rate})",
            "en": "Participation: {n} of {headcount} responded ({rate})",
        },
        "pdf.b.participation_plain": {
            "ko": "참여: {n}명 응답",
            "en": "Participation: {n} responded",
        },
        "pdf.b.strongest": {
            "ko": "가장 높은 영역: {dimension} {score}점",
            "en": "Strongest dimension: {dimension}, {score}",
        },
        "pdf.b.weakest": {
            "ko": "가장 낮은 영역: {dimension} {score}점",
            "en": "Weakest dimension: {dimension}, {score}",
        },
        "pdf.b.behind": {
            "ko": "지수를 끌어내리는 집단: {groups}",
            "en": "Groups holding the index back: {groups}",
        },
        "pdf.b.behind_none": {
            "ko": "전체 지수보다 눈에 띄게 낮은 집단이 없습니다",
            "en": "No shown group is clearly below the whole",
        },
        "pdf.b.group": {
            "ko": "{demographic} {group} {score}점",
            "en": "{group} ({demographic}) {score}",
        },
        "pdf.b.act_on": {
            "ko": "우선 개선할 문항: {items}",
            "en": "Items to act on: {items}",
        },
        "pdf.b.item": {"ko": "{item} ({score}점)", "en": "{item} ({score})"},
        "pdf.s.trend": {"ko": "차수별 추이와 전망", "en": "Trend and projection"},
        "pdf.s.dimensions": {"ko": "영역별 점수", "en": "Dimensions"},
        "pdf.s.gap": {"ko": "목표와의 격차 기여", "en": "Contribution to the gap"},
        "pdf.s.breakdowns": {"ko": "집단별 결과", "en": "Breakdowns"},
        "pdf.s.breakdowns_note": {
            "ko": "응답자가 {k}명 미만인 집단은 숫자 없이 표시만 합니다.",
            "en": "Groups of fewer than {k} respondents are marked, never numbered.",
        },
        "pdf.s.items": {"ko": "문항별 결과", "en": "Items"},
        "pdf.s.reliability": {"ko": "신뢰도", "en": "Reliability"},
        "pdf.s.youth": {"ko": "청년 직원과 그 외 직원", "en": "Young employees and the rest"},
        "pdf.s.plans": {"ko": "개선 계획", "en": "Action plans"},
        "pdf.s.method": {"ko": "산출 방법", "en": "Method"},
        "pdf.s.unit_vs": {
            "ko": "{unit} 결과와 기관 전체 비교",
            "en": "{unit} against the whole organization",
        },
        "pdf.col.unit": {"ko": "이 조직", "en": "This unit"},
        "pdf.col.whole": {"ko": "기관 전체", "en": "Whole organization"},
        "pdf.col.n": {"ko": "응답자", "en": "Respondents"},
        "pdf.col.alpha": {"ko": "크론바흐 α", "en": "Cronbach's α"},
        "pdf.col.alpha_ci": {"ko": "α 95% 신뢰구간", "en": "α 95% CI"},
        "pdf.col.group": {"ko": "집단", "en": "Group"},
        "pdf.youth.hidden": {
            "ko": "청년 직원 또는 그 외 직원이 {k}명 미만이라 비교를 보여 드리지 않습니다.",
            "en": "The comparison is hidden: one side holds fewer than {k} respondents.",
        },
        "pdf.youth.line": {
            "ko": "{measure}: 청년 직원 {youth}점, 그 외 직원 {rest}점으로 차이는 {diff}점입니다. "
            "{verdict}",
            "en": "{measure}: young employees {youth}, the rest {rest}, a difference of {diff}."
            " {verdict}",
        },
        "pdf.method.index": {
            "ko": "조직문화 지수는 영역 점수(문항 응답을 0–100점으로 환산한 평균)의 가중 평균이며, "
            "목표는 {target}점입니다. 신뢰구간은 95% Student t 구간입니다.",
            "en": "The culture index is the weighted mean of the dimension scores (item answers "
            "rescaled to 0–100); the target is {target}. Intervals are 95% Student t intervals.",
        },
        "pdf.method.k": {
            "ko": "응답자가 {k}명 미만인 집단, 문항, 영역은 누구의 응답인지 짐작할 수 있어 "
            "숫자를 싣지 않습니다. 다른 숫자를 빼서 알아낼 수 없도록 필요한 경우 이웃 집단도 "
            "함께 가립니다.",
            "en": "Groups, items and dimensions with fewer than {k} respondents carry no "
            "figure, as answers could be traced to people; a neighbouring group is hidden too "
            "where subtraction would reveal one.",
        },
        "pdf.method.fpc": {
            "ko": "전체 인원을 알면 신뢰구간에 유한 모집단 보정을 적용합니다 (전체 {headcount}명).",
            "en": "With the headcount known ({headcount}), intervals carry the finite "
            "population correction.",
        },
        "pdf.method.no_fpc": {
            "ko": "전체 인원이 입력되지 않아 유한 모집단 보정을 적용하지 않았습니다.",
            "en": "No headcount was entered, so no finite population correction was applied.",
        },
        "pdf.method.test": {
            "ko": "차수 간 변화는 Welch t 검정으로 판정하며, 영역은 Holm 보정을 합니다.",
            "en": "Changes between waves are tested with Welch's t test, the dimensions "
            "Holm-adjusted.",
        },
        "pdf.staff.where": {"ko": "우리는 지금 어디에 있나요", "en": "Where we stand"},
        "pdf.staff.heard": {"ko": "여러분이 들려주신 것", "en": "What we heard"},
        "pdf.staff.next": {"ko": "앞으로 달라지는 것", "en": "What changes next"},
        "pdf.staff.thanks": {
            "ko": "{n}명이 응답해 주셨습니다. 감사합니다.",
            "en": "{n} of you answered. Thank you.",
        },
        "pdf.staff.next_items": {
            "ko": "다음 문항부터 개선하겠습니다: {items}",
            "en": "We start with these items: {items}",
        },
        "pdf.staff.next_none": {
            "ko": "개선 계획은 확정되는 대로 따로 알려 드리겠습니다.",
            "en": "The action plans will follow once they are agreed.",
        },
        "pdf.suppressed_report": {
            "ko": "이 차수는 응답자가 {k}명 미만이라 결과를 싣지 않습니다.",
            "en": "This wave has fewer than {k} respondents: no figures are shown.",
        },
    }
)
