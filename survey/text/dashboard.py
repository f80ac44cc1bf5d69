"""Strings of the HR dashboard: overview, trends, breakdowns, items, reliability,
comments, waves and codes, and the audit log."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        # navigation
        "dash.nav.overview": {"ko": "한눈에 보기", "en": "Overview"},
        "dash.nav.trends": {"ko": "추이", "en": "Trends"},
        "dash.nav.breakdowns": {"ko": "집단별 결과", "en": "Breakdowns"},
        "dash.nav.items": {"ko": "문항별 결과", "en": "Items"},
        "dash.nav.reliability": {"ko": "신뢰도", "en": "Reliability"},
        "dash.nav.comments": {"ko": "서술형 의견", "en": "Comments"},
        "dash.nav.waves": {"ko": "차수·접근 코드", "en": "Waves and codes"},
        "dash.nav.audit": {"ko": "감사 기록", "en": "Audit log"},
        "dash.nav.section_admin": {"ko": "운영", "en": "Administration"},
        # shared words
        "dash.wave": {"ko": "차수", "en": "Wave"},
        "dash.index": {"ko": "조직문화 지수", "en": "Culture index"},
        "dash.score": {"ko": "점수", "en": "Score"},
        "dash.points": {"ko": "{value}점", "en": "{value}"},
        "dash.people": {"ko": "{n}명", "en": "{n}"},
        "dash.respondents": {"ko": "응답자", "en": "Respondents"},
        "dash.range": {"ko": "{low} ~ {high}", "en": "{low} to {high}"},
        "dash.ci": {
            "ko": "95% 신뢰구간 {low} ~ {high}점",
            "en": "95% confidence interval {low} to {high}",
        },
        "dash.target_rule": {"ko": "목표 {target}점", "en": "Target {target}"},
        "dash.no_answer": {"ko": "응답하지 않음", "en": "No answer"},
        "dash.suppressed_cell": {"ko": "응답자 {k}명 미만", "en": "Fewer than {k} respondents"},
        "dash.suppressed_view": {
            "ko": "이 보기는 응답자가 {k}명 미만이거나 나머지 인원이 {k}명 미만이라 결과를 "
            "보여 드리지 않습니다. 필터를 바꾸거나 없애 주십시오.",
            "en": "This view is not shown: it, or the rest of the wave, holds fewer than {k} "
            "respondents. Change or remove the filter.",
        },
        "dash.suppressed_wave": {
            "ko": "이 차수는 응답자가 {k}명 미만이라 결과를 보여 드리지 않습니다. 다른 차수를 "
            "골라 주십시오.",
            "en": "This wave is not shown: it holds fewer than {k} respondents. Choose another "
            "wave.",
        },
        "dash.privacy_note": {
            "ko": "응답자가 {k}명 미만인 집단은 누구의 응답인지 짐작할 수 있어 숫자를 "
            "보여 드리지 않습니다. 가려진 집단을 모두 합쳐도 {k}명 미만이면, 전체에서 빼서 "
            "알아낼 수 없도록 다음으로 작은 집단도 함께 가립니다. '응답하지 않음'도 하나의 "
            "집단으로 같은 규칙을 따릅니다.",
            "en": "Groups with fewer than {k} respondents are not shown: their answers could be "
            "traced to people. When the hidden groups together still hold fewer than {k}, the "
            "next-smallest group is hidden too, so that no subtraction from the total reveals "
            "them. 'No answer' is a group of its own and follows the same rule.",
        },
        "dash.open_wave_note": {
            "ko": "응답을 받고 있는 차수({waves})의 결과는 마감한 뒤에 볼 수 있습니다. 응답이 "
            "하나 들어올 때마다 결과를 비교하면 그 한 사람의 답이 드러나기 때문입니다.",
            "en": "Results of the wave now taking responses ({waves}) appear once it is closed: "
            "comparing results before and after one more response would reveal that person's "
            "answers.",
        },
        "dash.no_closed_wave": {
            "ko": "아직 마감된 차수가 없습니다. 차수를 마감하면 결과가 여기에 나타납니다.",
            "en": "No wave has been closed yet. Results appear here once a wave is closed.",
        },
        "dash.filter": {"ko": "필터 (응답자 특성)", "en": "Filter (demographic)"},
        "dash.filter_none": {"ko": "필터 없음", "en": "No filter"},
        "dash.filter_option": {"ko": "선택지", "en": "Option"},
        "dash.as_table": {"ko": "표로 보기", "en": "Show as a table"},
        "dash.downloads": {"ko": "내려받기", "en": "Downloads"},
        "dash.download_csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
        "dash.download_workbook": {
            "ko": "전체 보고서 엑셀 내려받기",
            "en": "Download the full report (Excel)",
        },
        "dash.download_workbook_caption": {
            "ko": "요약, 영역, 문항, 집단별 결과, 추이, 청년 비교를 시트별로 담습니다. 화면과 "
            "같은 규칙으로 소수 집단을 가립니다.",
            "en": "One sheet each for the overview, dimensions, items, breakdowns, trend and the "
            "youth comparison, with small groups hidden by the same rules as on screen.",
        },
        # table columns
        "dash.col.dimension": {"ko": "영역", "en": "Dimension"},
        "dash.col.weight": {"ko": "가중치", "en": "Weight"},
        "dash.col.score": {"ko": "점수", "en": "Score"},
        "dash.col.ci": {"ko": "95% 신뢰구간", "en": "95% CI"},
        "dash.col.contribution": {"ko": "격차 기여(점)", "en": "Contribution to the gap"},
        "dash.col.measure": {"ko": "구분", "en": "Measure"},
        "dash.col.span": {"ko": "비교 구간", "en": "Waves compared"},
        "dash.col.before": {"ko": "이전", "en": "Before"},
        "dash.col.after": {"ko": "이번", "en": "After"},
        "dash.col.change": {"ko": "변화", "en": "Change"},
        "dash.col.verdict": {"ko": "판정", "en": "Verdict"},
        "dash.col.item": {"ko": "문항", "en": "Item"},
        "dash.col.favorable": {"ko": "긍정 응답", "en": "Favorable"},
        "dash.col.answers": {"ko": "응답 수", "en": "Answers"},
        # overview
        "dash.overview.title": {"ko": "조직문화 지수 한눈에 보기", "en": "Culture index overview"},
        "dash.overview.caption": {
            "ko": "선택한 차수의 조직문화 지수가 목표와 얼마나 떨어져 있는지, 어느 영역이 "
            "격차를 만드는지 보여 줍니다.",
            "en": "How far the wave's culture index is from the target, and which dimensions "
            "make up the gap.",
        },
        "dash.index_label": {"ko": "조직문화 지수 ({wave})", "en": "Culture index ({wave})"},
        "dash.index_help": {
            "ko": "응답자별로 영역 점수를 가중 평균한 지수의 평균입니다 (0 ~ 100점).",
            "en": "The mean of each respondent's weighted average of dimension scores (0-100).",
        },
        "dash.index_now": {"ko": "현재 {score}점", "en": "Now {score}"},
        "dash.gap_label": {"ko": "목표 {target}점까지", "en": "To the target of {target}"},
        "dash.gap_value": {"ko": "{gap}점", "en": "{gap} points"},
        "dash.gap_reached": {"ko": "{gap}점 초과 달성", "en": "{gap} points above"},
        "dash.p_below_very_likely": {
            "ko": "목표보다 낮을 가능성이 매우 높습니다 ({p})",
            "en": "Very likely below the target ({p})",
        },
        "dash.p_below_likely": {
            "ko": "목표보다 낮을 가능성이 높습니다 ({p})",
            "en": "Likely below the target ({p})",
        },
        "dash.p_below_unclear": {
            "ko": "목표보다 낮다고 단정할 수는 없습니다 ({p})",
            "en": "Not clearly below the target ({p})",
        },
        "dash.p_not_below": {
            "ko": "목표에 도달했습니다 ({p})",
            "en": "The target is reached ({p})",
        },
        "dash.participation": {
            "ko": "참여율 {rate} (전체 인원 {headcount}명)",
            "en": "Participation {rate} (headcount {headcount})",
        },
        "dash.participation_unknown": {
            "ko": "전체 인원을 입력하면 참여율을 보여 드립니다 (차수·접근 코드 화면).",
            "en": "Enter the headcount (Waves and codes) to see the participation rate.",
        },
        "dash.headcount_conflict": {
            "ko": "입력된 전체 인원이 응답자 수보다 적어 참여율을 계산하지 않았습니다. 인원을 "
            "확인해 주십시오.",
            "en": "The headcount entered is below the number of respondents, so no "
            "participation rate is shown. Please check it.",
        },
        "dash.enps": {"ko": "eNPS (직원 추천 지수)", "en": "eNPS"},
        "dash.enps_help": {
            "ko": "'이 기관을 일터로 추천하겠습니까'에 9 ~ 10점을 준 비율에서 0 ~ 6점을 준 비율을 "
            "뺀 값입니다 (-100 ~ 100).",
            "en": "Percent answering 9-10 to 'would you recommend this organization as a "
            "workplace' minus percent answering 0-6 (-100 to 100).",
        },
        "dash.enps_caption": {
            "ko": "추천 9 ~ 10점 비율 − 0 ~ 6점 비율",
            "en": "Share giving 9-10 minus share giving 0-6",
        },
        "dash.overview.dimensions": {"ko": "영역별 점수", "en": "Scores by dimension"},
        "dash.overview.dimensions_caption": {
            "ko": "막대는 영역별 평균 점수, 가는 선은 95% 신뢰구간, 빨간 점선은 목표입니다.",
            "en": "Bars are each dimension's mean score, thin lines its 95% interval, the red "
            "dashed line the target.",
        },
        "dash.overview.gap": {"ko": "목표까지의 격차: 영역별 기여", "en": "The gap by dimension"},
        "dash.overview.gap_caption": {
            "ko": "목표까지 남은 {gap}점을 영역의 가중치와 점수로 나눈 것입니다. 긴 막대일수록 "
            "그 영역을 높이면 지수가 더 많이 오릅니다.",
            "en": "The {gap} points to the target split by each dimension's weight and score: "
            "the longer the bar, the more raising that dimension lifts the index.",
        },
        # trends
        "dash.trends.title": {"ko": "차수별 추이", "en": "Trends across waves"},
        "dash.trends.caption": {
            "ko": "마감된 모든 차수의 지수와 영역 점수, 차수 사이 변화의 유의성, 목표 도달 "
            "전망을 보여 줍니다.",
            "en": "The index and dimension scores of every closed wave, whether each change is "
            "significant, and when the target would be reached.",
        },
        "dash.trends.index": {"ko": "지수 추이", "en": "The index over time"},
        "dash.trends.index_caption": {
            "ko": "선은 차수별 지수, 띠는 95% 신뢰구간, 주황 점선은 최소제곱 추세, 빨간 점선은 "
            "목표입니다.",
            "en": "The line is each wave's index, the band its 95% interval, the orange dotted "
            "line the least-squares trend, the red dashed line the target.",
        },
        "dash.comments.no_download": {
            "ko": "서술형 의견은 화면에서만 읽을 수 있습니다. 내려받기는 관리자가 "
            "CULTURE_COMMENT_EXPORT 설정으로 허용한 역할만 쓸 수 있습니다.",
            "en": "Comments can be read on screen only. Downloading them is for the roles the "
            "administrator allows with the CULTURE_COMMENT_EXPORT setting.",
        },
        "dash.themes.title": {"ko": "주제와 핵심어", "en": "Themes and keywords"},
        "dash.themes.caption": {
            "ko": "의견에 쓰인 명사와 명사구를 세어, 의견마다 가장 많이 쓰인 핵심어의 주제로 "
            "묶었습니다. {k}개 미만의 의견만 담긴 주제는 '기타'로 모았습니다.",
            "en": "The nouns and noun phrases of the comments are counted, and each comment is "
            "grouped under its most used keyword. Themes of fewer than {k} comments are "
            "gathered under 'Other'.",
        },
        "dash.themes.count": {"ko": "언급한 의견 수", "en": "Comments mentioning it"},
        "dash.themes.keyword": {"ko": "핵심어", "en": "Keyword"},
        "dash.themes.table": {"ko": "핵심어 표로 보기", "en": "Keywords as a table"},
        "dash.themes.summary": {
            "ko": "가장 많이 나온 핵심어는 '{word}'로, 의견 {total}개 중 {count}개에 나옵니다.",
            "en": "The most frequent keyword is '{word}', in {count} of {total} comments.",
        },
        "dash.themes.no_keywords": {
            "ko": "{k}개 이상의 의견에 함께 나온 핵심어가 없습니다.",
            "en": "No keyword appears in {k} or more comments.",
        },
        "dash.themes.other": {"ko": "기타", "en": "Other"},
        "dash.themes.examples": {"ko": "의견 예시", "en": "Example comments"},
        "dash.themes.theme": {"ko": "{label} · 의견 {count}개", "en": "{label} · {count} comments"},
        "dash.trends.changes": {"ko": "이전 차수 대비 변화", "en": "Change from the previous wave"},
        "dash.trends.changes_caption": {
            "ko": "Welch t 검정의 p값입니다. 지수는 보정 없이, 영역은 영역끼리 묶어 Holm "
            "보정했습니다. 어느 한쪽이 10명 미만이면 검정하지 않습니다 (차이가 없다는 뜻이 "
            "아닙니다).",
            "en": "p-values of Welch's t test: the index unadjusted, the dimensions "
            "Holm-adjusted over the dimensions. With fewer than 10 respondents on a side there "
            "is no test (which is not the same as no difference).",
        },
        "dash.trends.span": {"ko": "{earlier} → {later}", "en": "{earlier} → {later}"},
        "dash.trends.side": {"ko": "{wave} 응답자", "en": "{wave}"},
        "dash.trends.hidden": {
            "ko": "두 차수 중 한쪽의 응답자가 적어 변화를 보여 주지 않습니다.",
            "en": "One of the two waves has too few respondents to show the change.",
        },
        "dash.stats": {
            "ko": "통계 자세히 보기 (p값, 용어 풀이)",
            "en": "The statistics (p-values, glossary)",
        },
        "dash.trends.significant": {"ko": "유의한 변화 ({p})", "en": "Significant ({p})"},
        "dash.trends.not_significant": {
            "ko": "유의하지 않음 ({p})",
            "en": "Not significant ({p})",
        },
        "dash.trends.untested": {
            "ko": "검정 안 함 (표본 부족)",
            "en": "Untested (too few people)",
        },
        "dash.trends.one_wave": {
            "ko": "비교하려면 마감된 차수가 2개 이상 있어야 합니다.",
            "en": "A comparison needs at least two closed waves.",
        },
        "dash.trends.dimensions": {"ko": "영역별 추이", "en": "Dimensions over time"},
        "dash.trends.dimensions_caption": {
            "ko": "영역마다 차수별 점수(선)와 95% 신뢰구간(띠)을 목표선과 함께 보여 줍니다.",
            "en": "Each dimension's score per wave (line) and 95% interval (band), with the "
            "target line.",
        },
        # breakdowns
        "dash.breakdowns.title": {"ko": "집단별 결과", "en": "Results by group"},
        "dash.breakdowns.caption": {
            "ko": "응답자 특성 하나로 나눈 집단마다 지수와 영역 점수를 비교합니다.",
            "en": "The index and dimension scores for the groups of one demographic.",
        },
        "dash.breakdowns.by": {"ko": "나눌 기준", "en": "Break down by"},
        "dash.breakdowns.heatmap": {"ko": "{demographic}별 점수", "en": "Scores by {demographic}"},
        "dash.breakdowns.heatmap_caption": {
            "ko": "칸의 색이 진할수록 목표 {target}점에 가깝습니다. 회색 칸은 응답자가 적어 "
            "가린 집단입니다.",
            "en": "The darker a cell, the closer to the target of {target}. Grey cells are "
            "groups hidden because too few answered.",
        },
        # items
        "dash.items.title": {"ko": "문항별 결과", "en": "Results by item"},
        "dash.items.caption": {
            "ko": "문항마다 응답이 어떻게 나뉘었는지, 가장 강한 문항과 약한 문항, 만족도를 "
            "좌우하는 문항을 보여 줍니다.",
            "en": "How each item was answered, the strongest and weakest items, and the items "
            "that drive overall satisfaction.",
        },
        "dash.items.reverse_label": {"ko": "{text} (역문항)", "en": "{text} (reverse-keyed)"},
        "dash.items.extremes": {"ko": "강점과 약점", "en": "Strengths and weaknesses"},
        "dash.items.extremes_caption": {
            "ko": "점수가 가장 높은 문항 5개와 가장 낮은 문항 5개입니다. 긍정 응답은 위의 두 "
            "척도(역문항은 뒤집어서)를 고른 비율입니다.",
            "en": "The five highest and five lowest scoring items. Favorable is the share "
            "choosing the top two scale points (reversed for reverse-keyed items).",
        },
        "dash.items.strongest": {"ko": "가장 높은 문항", "en": "Strongest items"},
        "dash.items.weakest": {"ko": "가장 낮은 문항", "en": "Weakest items"},
        "dash.items.distribution": {"ko": "응답 분포", "en": "How items were answered"},
        "dash.items.distribution_caption": {
            "ko": "문항마다 각 척도를 고른 응답자 비율입니다. 역문항은 '그렇다'가 부정적인 "
            "응답입니다.",
            "en": "The share of answers at each scale point. For reverse-keyed items agreeing "
            "is the unfavorable answer.",
        },
        "dash.items.share": {"ko": "응답 비율(%)", "en": "Share of answers (%)"},
        "dash.items.answer": {"ko": "응답", "en": "Answer"},
        "dash.items.all": {"ko": "모든 문항 표로 보기", "en": "All items as a table"},
        "dash.items.drivers": {"ko": "만족도를 좌우하는 문항", "en": "Drivers of satisfaction"},
        "dash.items.drivers_caption": {
            "ko": "가로축은 문항 점수, 세로축은 전반적 만족도와의 상관입니다. 주황색 "
            "'개선 우선' 문항은 만족도와 관련이 크지만 점수가 낮은 문항입니다.",
            "en": "Across: the item's score; up: its correlation with overall satisfaction. "
            "Orange priority items matter much to satisfaction but score low.",
        },
        "dash.items.r": {"ko": "만족도와의 상관(r)", "en": "Correlation with satisfaction (r)"},
        "dash.items.priority": {"ko": "개선 우선", "en": "Priority"},
        "dash.items.not_priority": {"ko": "그 외", "en": "Other"},
        "dash.items.priority_legend": {"ko": "구분", "en": "Kind"},
        "dash.items.priorities": {"ko": "개선 우선 문항", "en": "Priority items"},
        "dash.items.no_drivers": {
            "ko": "전반적 만족도 문항과 함께 답한 응답자가 20명 이상일 때 동인 분석을 보여 "
            "드립니다.",
            "en": "Drivers are shown when at least 20 respondents answered both the item and "
            "the overall satisfaction question.",
        },
        # reliability
        "dash.reliability.title": {"ko": "신뢰도", "en": "Reliability"},
        "dash.reliability.caption": {
            "ko": "한 영역의 문항들이 같은 것을 일관되게 재는지 크론바흐 알파로 확인합니다.",
            "en": "Whether the items of each dimension measure one thing consistently "
            "(Cronbach's alpha).",
        },
        "dash.reliability.alpha": {
            "ko": "영역별 크론바흐 알파",
            "en": "Cronbach's alpha by dimension",
        },
        "dash.reliability.alpha_caption": {
            "ko": "점은 알파, 선은 95% 신뢰구간(Feldt), 주황 점선은 흔히 쓰는 기준 {flag}입니다.",
            "en": "Dots are alpha, lines its 95% interval (Feldt), the orange dashed line the "
            "usual threshold of {flag}.",
        },
        "dash.reliability.alpha_axis": {"ko": "알파", "en": "Alpha"},
        "dash.reliability.low": {"ko": "기준 {flag} 미만", "en": "Below {flag}"},
        "dash.reliability.ok": {"ko": "양호", "en": "Adequate"},
        "dash.reliability.low_note": {
            "ko": "{dimensions} 영역은 알파가 {flag}보다 낮습니다. 문항이 서로 다른 것을 재고 "
            "있을 수 있으니 문항 구성을 검토해 주십시오.",
            "en": "Alpha is below {flag} for {dimensions}: its items may measure different "
            "things; consider reviewing them.",
        },
        "dash.reliability.items": {"ko": "문항별 진단", "en": "Items"},
        "dash.reliability.items_caption": {
            "ko": "문항-총점 상관(해당 문항을 뺀 합계와의 상관)과 그 문항을 뺐을 때의 알파입니다.",
            "en": "Corrected item-total correlation and alpha if the item were deleted.",
        },
        "dash.reliability.item_total": {"ko": "문항-총점 r", "en": "Item-total r"},
        "dash.reliability.if_deleted": {"ko": "제거 시 알파", "en": "Alpha if deleted"},
        "dash.reliability.raises": {
            "ko": "빼면 알파가 오름",
            "en": "Alpha rises without it",
        },
        "dash.reliability.dimension_line": {
            "ko": "{dimension} (알파 {alpha})",
            "en": "{dimension} (alpha {alpha})",
        },
        # comments
        "dash.comments.title": {"ko": "서술형 의견", "en": "Comments"},
        "dash.comments.caption": {
            "ko": "마감된 차수의 의견을 차수 전체, 청년 직원, 그 외 직원의 세 목록으로만 보여 "
            "드립니다. 목록마다 의견을 쓴 사람이 {threshold}명 이상이어야 하며, 쓴 사람의 "
            "특성은 표시하지 않고 제출 순서와 관계없는 순서로 보여 드립니다.",
            "en": "Comments of closed waves, in three lists only: the whole wave, young "
            "employees and everyone else. Each list needs at least {threshold} writers; "
            "nothing about the writers is shown, and the order has nothing to do with when "
            "they were written.",
        },
        "dash.comments.open_wave": {
            "ko": "응답을 받고 있는 차수({waves})의 의견은 마감한 뒤에 볼 수 있습니다. 진행 "
            "중에 보면 새로 들어온 의견이 누구의 것인지 짐작할 수 있기 때문입니다.",
            "en": "Comments of the wave now taking responses ({waves}) appear once it is "
            "closed: read while it runs, a new comment could be traced to whoever just "
            "answered.",
        },
        "dash.comments.list": {"ko": "목록", "en": "List"},
        "dash.comments.list.wave": {"ko": "차수 전체", "en": "Whole wave"},
        "dash.comments.list.youth": {"ko": "청년 직원", "en": "Young employees"},
        "dash.comments.list.rest": {"ko": "그 외 직원", "en": "Everyone else"},
        "dash.comments.why_lists": {
            "ko": "부서나 직급별 목록은 없습니다. 의견은 글마다 달라서, 두 목록에 함께 실린 "
            "의견은 두 집단에 모두 속하는 사람이 썼다는 것이 드러나기 때문입니다.",
            "en": "There are no lists by department or grade: every comment is worded its "
            "own way, so a comment found in two lists would give away that its writer "
            "belongs to both groups.",
        },
        "dash.comments.hidden.wave": {
            "ko": "이 차수는 의견을 쓴 사람이 {threshold}명 미만이라 의견을 보여 드리지 않습니다.",
            "en": "Comments of this wave are not shown: fewer than {threshold} people wrote one.",
        },
        "dash.comments.hidden.split": {
            "ko": "청년 직원과 그 외 직원 중 한쪽이라도 의견을 쓴 사람이 {threshold}명 "
            "미만이면 두 목록을 모두 보여 드리지 않습니다. 한쪽만 보이면 차수 전체 목록에서 "
            "빼는 것만으로 다른 쪽의 의견을 알 수 있기 때문입니다. 차수 전체 목록은 볼 수 "
            "있습니다.",
            "en": "The lists of young employees and of everyone else are shown only together, "
            "when each has at least {threshold} writers: one alone, taken from the whole "
            "wave's list, would give away the other. The whole wave's list is available.",
        },
        "dash.comments.col.comment": {"ko": "의견", "en": "Comment"},
        "dash.comments.no_questions": {
            "ko": "이 설문에는 서술형 문항이 없습니다.",
            "en": "This survey has no comment questions.",
        },
        "dash.comments.question": {"ko": "문항", "en": "Question"},
        "dash.comments.search": {"ko": "의견 검색", "en": "Search comments"},
        "dash.comments.count": {"ko": "의견 {total}건", "en": "{total} comments"},
        "dash.comments.count_search": {
            "ko": "의견 {total}건 중 {shown}건",
            "en": "{shown} of {total} comments",
        },
        "dash.comments.none": {"ko": "보여 드릴 의견이 없습니다.", "en": "No comments to show."},
        "dash.comments.page": {"ko": "쪽 (전체 {pages}쪽)", "en": "Page (of {pages})"},
        # waves and codes
        "dash.waves.title": {"ko": "차수·접근 코드 관리", "en": "Waves and access codes"},
        "dash.waves.caption": {
            "ko": "설문 차수를 만들고 열고 마감합니다. 전체 인원을 입력하고, 접근 코드를 "
            "발급하고, 과거 응답 파일을 가져옵니다.",
            "en": "Create, open and close survey waves; enter headcounts; issue access codes; "
            "import past responses.",
        },
        "dash.waves.list": {"ko": "차수 현황", "en": "Waves"},
        "dash.waves.none": {
            "ko": "아직 차수가 없습니다. 아래에서 첫 차수를 만들어 주십시오.",
            "en": "There are no waves yet. Create the first one below.",
        },
        "dash.waves.status": {"ko": "상태", "en": "Status"},
        "dash.waves.status_draft": {"ko": "초안", "en": "Draft"},
        "dash.waves.status_open": {"ko": "진행 중", "en": "Open"},
        "dash.waves.status_closed": {"ko": "마감", "en": "Closed"},
        "dash.waves.mode": {"ko": "참여 방식", "en": "Access"},
        "dash.waves.mode_codes": {"ko": "접근 코드", "en": "Access codes"},
        "dash.waves.mode_open": {"ko": "공개 링크", "en": "Open link"},
        "dash.waves.responses": {"ko": "응답 수", "en": "Responses"},
        "dash.waves.headcount": {"ko": "전체 인원", "en": "Headcount"},
        "dash.waves.counter": {"ko": "{wave} 응답 수", "en": "{wave} responses"},
        "dash.waves.counter_caption": {
            "ko": "진행 중인 차수는 응답 수만 보여 드립니다. 결과는 마감 뒤에 볼 수 있습니다.",
            "en": "An open wave shows its number of responses only; results follow its closing.",
        },
        "dash.waves.live_value": {"ko": "{n}명 이상", "en": "at least {n}"},
        "dash.waves.live_note": {
            "ko": "진행 중인 차수의 응답 수는 {step}명 단위로 내림한 값입니다. 정확한 수를 "
            "실시간으로 보면 누가 언제 응답했는지 짐작할 수 있기 때문입니다. 정확한 응답 수는 "
            "마감 뒤에 보여 드립니다.",
            "en": "An open wave's count is rounded down to steps of {step}: an exact live count "
            "would tell when each person answered. The exact count appears after closing.",
        },
        "dash.waves.codes_against": {"ko": "발급 코드 / 전체 인원", "en": "Codes / headcount"},
        "dash.waves.imported_caption": {
            "ko": "이 차수에는 가져온 과거 응답이 있어 열 수 없고, 과거 기록으로 마감만 할 수 "
            "있습니다.",
            "en": "This wave holds imported past responses: it cannot open and can only be "
            "closed as history.",
        },
        "dash.waves.create": {"ko": "새 차수 만들기", "en": "Create a wave"},
        "dash.waves.name": {"ko": "차수 이름", "en": "Wave name"},
        "dash.waves.name_help": {
            "ko": "2026-H1처럼 연도와 상반기(H1)·하반기(H2)로 지어 주십시오.",
            "en": "Name it by year and half, such as 2026-H1.",
        },
        "dash.waves.create_button": {"ko": "차수 만들기", "en": "Create the wave"},
        "dash.waves.created": {
            "ko": "차수 {wave}을(를) 만들었습니다. 준비가 되면 응답을 받기 시작해 주십시오.",
            "en": "The wave {wave} was created. Open it when you are ready.",
        },
        "dash.waves.lifecycle": {"ko": "응답 시작·마감", "en": "Open and close"},
        "dash.waves.nothing_to_change": {
            "ko": "초안이거나 진행 중인 차수가 없습니다.",
            "en": "No wave is in draft or open.",
        },
        "dash.waves.open_caption": {
            "ko": "응답을 받기 시작하면 직원이 설문에 참여할 수 있습니다.",
            "en": "Once open, employees can answer the survey.",
        },
        "dash.waves.open_button": {"ko": "응답 받기 시작", "en": "Open for responses"},
        "dash.waves.opened": {
            "ko": "차수 {wave}이(가) 응답을 받기 시작했습니다.",
            "en": "The wave {wave} is open for responses.",
        },
        "dash.waves.close_warning": {
            "ko": "마감은 되돌릴 수 없습니다. 마감하면 더는 응답을 받지 않고, 남은 접근 코드는 "
            "모두 지워지며, 결과를 볼 수 있게 됩니다.",
            "en": "Closing is permanent: the wave takes no more responses, its unused codes "
            "are deleted, and its results become available.",
        },
        "dash.waves.close_confirm": {
            "ko": "차수 {wave}을(를) 영구히 마감합니다",
            "en": "Close the wave {wave} for good",
        },
        "dash.waves.close_button": {"ko": "차수 마감", "en": "Close the wave"},
        "dash.waves.closed": {
            "ko": "차수 {wave}을(를) 마감했습니다. 이제 결과 화면에서 볼 수 있습니다.",
            "en": "The wave {wave} is closed; its results are now on the report pages.",
        },
        "dash.waves.headcounts": {"ko": "전체 인원", "en": "Headcounts"},
        "dash.waves.headcounts_caption": {
            "ko": "참여율과 신뢰구간의 유한 모집단 보정에 쓰입니다. 부서별(또는 다른 특성별) "
            "인원과 연령대별 인원을 입력해 주십시오. 비워 두면 쓰지 않습니다.",
            "en": "Used for the participation rate and the finite population correction. "
            "Enter headcounts per department (or another demographic) and per age band; "
            "leave blank when unknown.",
        },
        "dash.waves.headcount_by": {"ko": "인원을 나눌 기준", "en": "Headcount by"},
        "dash.waves.headcount_save": {"ko": "인원 저장", "en": "Save headcounts"},
        "dash.waves.headcount_saved": {
            "ko": "차수 {wave}의 전체 인원을 저장했습니다 (합계 {total}명).",
            "en": "Headcounts of {wave} saved (total {total}).",
        },
        "dash.waves.codes": {"ko": "접근 코드 발급", "en": "Issue access codes"},
        "dash.waves.codes_caption": {
            "ko": "한 사람에게 코드 하나씩 나눠 주십시오. 코드는 한 번만 쓸 수 있고, 누가 "
            "어느 코드를 썼는지는 저장하지 않습니다.",
            "en": "Hand one code to each person. A code answers once, and nothing records "
            "who used which code.",
        },
        "dash.waves.no_code_wave": {
            "ko": "접근 코드 방식의 초안이거나 진행 중인 차수가 없습니다.",
            "en": "No draft or open wave uses access codes.",
        },
        "dash.waves.code_count": {"ko": "발급할 코드 수", "en": "Number of codes"},
        "dash.waves.codes_button": {"ko": "코드 발급", "en": "Issue codes"},
        "dash.waves.codes_issued": {
            "ko": "차수 {wave}의 접근 코드 {count}개를 발급했습니다.",
            "en": "{count} access codes issued for {wave}.",
        },
        "dash.waves.codes_once": {
            "ko": "코드 원문은 어디에도 저장하지 않으므로 지금 내려받아 주십시오. 로그아웃하거나 "
            "화면에서 지우면 다시 받을 수 없습니다.",
            "en": "Codes are stored nowhere in plain text: download them now. Once you sign "
            "out or clear them here, they cannot be downloaded again.",
        },
        "dash.waves.codes_download": {
            "ko": "코드 {count}개 CSV 내려받기",
            "en": "Download {count} codes (CSV)",
        },
        "dash.waves.code_column": {"ko": "접근 코드", "en": "Access code"},
        "dash.waves.codes_forget": {
            "ko": "내려받았습니다 (화면에서 지우기)",
            "en": "Downloaded: clear",
        },
        "dash.waves.import": {"ko": "과거 응답 가져오기", "en": "Import past responses"},
        "dash.waves.import_caption": {
            "ko": "CSV 또는 엑셀 파일(설문 문항 id를 열 이름으로)을 올리면 전체를 검사한 뒤 "
            "한꺼번에 저장합니다. 문제가 하나라도 있으면 아무것도 저장하지 않습니다.",
            "en": "Upload a CSV or Excel file (survey ids as column names): it is checked as "
            "a whole and stored all at once; with any problem nothing is stored.",
        },
        "dash.waves.import_file": {"ko": "응답 파일", "en": "Response file"},
        "dash.waves.import_button": {"ko": "가져오기", "en": "Import"},
        "dash.waves.import_saving": {"ko": "파일을 받고 있습니다…", "en": "Receiving the file…"},
        "dash.waves.import_checking": {
            "ko": "파일을 검사하고 있습니다…",
            "en": "Checking the file…",
        },
        "dash.waves.import_storing": {
            "ko": "응답 {rows}건을 저장하고 있습니다…",
            "en": "Storing {rows} responses…",
        },
        "dash.waves.import_done": {"ko": "가져오기를 마쳤습니다.", "en": "Import finished."},
        "dash.waves.import_failed": {
            "ko": "파일에 문제가 있어 아무것도 저장하지 않았습니다. 아래 행을 고친 뒤 다시 "
            "올려 주십시오.",
            "en": "The file has problems, so nothing was stored. Fix the rows below and upload "
            "it again.",
        },
        "dash.waves.import_problem": {"ko": "문제", "en": "Problem"},
        "dash.waves.imported": {
            "ko": "차수 {wave}에 응답 {count}건을 가져왔습니다.",
            "en": "{count} responses imported into {wave}.",
        },
        # audit
        "dash.audit.title": {"ko": "감사 기록", "en": "Audit log"},
        "dash.audit.caption": {
            "ko": "누가 언제 어떤 보고서·필터·내려받기를 열었고 차수를 바꾸었는지 최근 {limit}건을 "
            "보여 줍니다. 응답자에 관한 기록은 남기지 않습니다.",
            "en": "Who opened which report, filter or download and who changed waves, newest "
            "{limit} entries. Nothing about respondents is recorded.",
        },
        "dash.audit.empty": {"ko": "아직 기록이 없습니다.", "en": "Nothing recorded yet."},
        "dash.audit.count": {"ko": "{total}건 중 {shown}건", "en": "{shown} of {total} entries"},
        "dash.audit.all": {"ko": "전체", "en": "All"},
        "dash.audit.at": {"ko": "시각 (서울)", "en": "Time (Seoul)"},
        "dash.audit.user": {"ko": "사용자", "en": "User"},
        "dash.audit.action": {"ko": "동작", "en": "Action"},
        "dash.audit.detail": {"ko": "내용", "en": "Detail"},
        "dash.audit.action.sign_in": {"ko": "로그인", "en": "Signed in"},
        "dash.audit.action.sign_out": {"ko": "로그아웃", "en": "Signed out"},
        "dash.audit.action.session_expired": {"ko": "세션 만료", "en": "Session expired"},
        "dash.audit.action.report.view": {"ko": "보고서 열람", "en": "Viewed a report"},
        "dash.audit.action.comments.view": {"ko": "의견 열람", "en": "Viewed comments"},
        "dash.audit.action.page.view": {"ko": "관리 화면 열람", "en": "Opened an admin page"},
        "dash.audit.action.export.xlsx": {"ko": "엑셀 내려받기", "en": "Downloaded Excel"},
        "dash.audit.action.export.csv": {"ko": "CSV 내려받기", "en": "Downloaded CSV"},
        "dash.audit.action.export.codes": {"ko": "접근 코드 내려받기", "en": "Downloaded codes"},
        "dash.audit.action.wave.create": {"ko": "차수 생성", "en": "Created a wave"},
        "dash.audit.action.wave.open": {"ko": "차수 응답 시작", "en": "Opened a wave"},
        "dash.audit.action.wave.close": {"ko": "차수 마감", "en": "Closed a wave"},
        "dash.audit.action.wave.headcount": {"ko": "전체 인원 변경", "en": "Set headcounts"},
        "dash.audit.action.codes.issue": {"ko": "접근 코드 발급", "en": "Issued codes"},
        "dash.audit.action.responses.import": {"ko": "응답 가져오기", "en": "Imported responses"},
    }
)
