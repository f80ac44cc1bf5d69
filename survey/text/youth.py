"""Strings of the youth panel's page: young employees compared with everyone else."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "youth.nav": {"ko": "청년 비교", "en": "Young employees"},
        "youth.title": {
            "ko": "청년 직원은 어떻게 응답했나요",
            "en": "How young employees answered",
        },
        "youth.caption": {
            "ko": "청년 직원과 그 외 직원의 응답을 차수마다 비교합니다. 한쪽이라도 {k}명 "
            "미만이면 누구의 응답인지 짐작할 수 있어 비교 전체를 보여 드리지 않습니다. 소수를 "
            "골라낼 수 없도록 이 화면에는 차수 외의 필터가 없습니다.",
            "en": "Young employees' answers compared with everyone else's, wave by wave. If "
            "either side holds fewer than {k} respondents the whole comparison is hidden, as "
            "answers could be traced to people. So that no filter can single out a few, this "
            "page offers none beyond the wave.",
        },
        "youth.definition": {
            "ko": "청년: {demographic} {options} 응답자 (설문 정의의 청년 기준이며, "
            "청년기본법은 19~34세를 청년으로 정합니다). 이 항목에 답하지 않은 응답자는 "
            "'그 외'에 포함됩니다.",
            "en": "Young: respondents answering {demographic} {options} (the survey's youth "
            "rule; the Framework Act on Youth defines youth as ages 19 to 34). Respondents who "
            "left this question blank count with everyone else.",
        },
        "youth.option_quoted": {"ko": "'{label}'", "en": "'{label}'"},
        "youth.option_join": {"ko": ", ", "en": " or "},
        "youth.no_rule": {
            "ko": "설문에 청년 기준(questions.yaml의 survey.youth)이 없어 이 화면을 쓸 수 "
            "없습니다. 청년에 해당하는 연령대를 설문 정의에 추가해 주십시오.",
            "en": "The survey defines no youth rule (survey.youth in questions.yaml), so this "
            "page cannot be used. Add the age bands that count as young to the survey.",
        },
        "youth.wave": {"ko": "차수", "en": "Wave"},
        "youth.no_closed_wave": {
            "ko": "아직 마감된 차수가 없습니다. 차수를 마감하면 결과가 여기에 나타납니다.",
            "en": "No wave has been closed yet. Results appear here once a wave is closed.",
        },
        "youth.open_wave_note": {
            "ko": "응답을 받고 있는 차수({waves})의 결과는 마감한 뒤에 볼 수 있습니다.",
            "en": "Results of the wave now taking responses ({waves}) appear once it is closed.",
        },
        # why figures are hidden (scoring.youth.REASONS)
        "youth.hidden.view": {
            "ko": "이 차수는 응답자가 {k}명 미만이라 결과를 보여 드리지 않습니다.",
            "en": "This wave holds fewer than {k} respondents, so no results are shown.",
        },
        "youth.hidden.few": {
            "ko": "청년 또는 그 외 응답자가 {k}명 미만이라, 익명성을 지키기 위해 이 차수의 "
            "청년 비교는 보여 드리지 않습니다.",
            "en": "Young or other respondents number fewer than {k}, so this wave's youth "
            "comparison is hidden to protect anonymity.",
        },
        "youth.hidden.residual": {
            "ko": "연령대별 결과에서 가려진 {k}명 미만의 응답자가 이 비교와 맞춰 보면 드러날 "
            "수 있어, 이 차수의 청년 비교는 보여 드리지 않습니다.",
            "en": "Set against the results by age band, this comparison would reveal fewer "
            "than {k} respondents hidden there, so this wave's youth comparison is hidden.",
        },
        "youth.hidden.panel_few": {
            "ko": "청년위원회에 참여하는 청년 또는 그 외 청년이 {k}명 미만이라 보여 드리지 "
            "않습니다.",
            "en": "Young panel members or the other young employees number fewer than {k}, so "
            "this comparison is hidden.",
        },
        "youth.hidden.panel_residual": {
            "ko": "이 비교를 청년위원회 참여 여부별 결과나 연령대별 결과와 맞춰 보면 {k}명 "
            "미만의 응답이 계산으로 드러날 수 있어 보여 드리지 않습니다. 청년이 아닌 "
            "참여자처럼 비교 밖에 남는 집단이 작을 때 이렇게 됩니다.",
            "en": "Set against the results by panel membership or by age band, this "
            "comparison would let anyone work out the answers of fewer than {k} people, so "
            "it is hidden. This happens when a group left outside it, such as panel members "
            "who are not young, is small.",
        },
        # headline
        "youth.headline": {
            "ko": "청년과 그 외의 조직문화 지수",
            "en": "Culture index: young vs the rest",
        },
        "youth.group.youth": {"ko": "청년", "en": "Young"},
        "youth.group.rest": {"ko": "그 외", "en": "Everyone else"},
        # The sides as a sentence names them ("청년 직원이 그 외 직원보다 ...").
        "youth.side.youth": {"ko": "청년 직원", "en": "young employees"},
        "youth.side.rest": {"ko": "그 외 직원", "en": "everyone else"},
        "youth.metric.youth": {"ko": "청년 ({n}명)", "en": "Young ({n})"},
        "youth.metric.rest": {"ko": "그 외 ({n}명)", "en": "Everyone else ({n})"},
        "youth.metric.diff": {"ko": "차이 (청년 − 그 외)", "en": "Difference (young − rest)"},
        "youth.points": {"ko": "{value}점", "en": "{value}"},
        "youth.ci": {
            "ko": "95% 신뢰구간 {low} ~ {high}점",
            "en": "95% confidence interval {low} to {high}",
        },
        "youth.significant": {
            "ko": "통계적으로 의미 있는 차이입니다 ({p}).",
            "en": "A statistically significant difference ({p}).",
        },
        "youth.not_significant": {
            "ko": "우연에 의한 차이일 수 있어, 의미 있는 차이라고 보기 어렵습니다 ({p}).",
            "en": "Could be chance: not a statistically significant difference ({p}).",
        },
        "youth.untested": {
            "ko": "검정 안 함: 표본 부족 (양쪽 모두 10명 이상이어야 검정합니다). 차이가 "
            "없다는 뜻은 아닙니다.",
            "en": "Untested: too few people (a test needs 10 or more on each side). This does "
            "not mean there is no difference.",
        },
        "youth.codes_against": {
            "ko": "이 차수에 발급한 접근 코드는 {codes}개, 전체 인원은 {headcount}명입니다. "
            "코드는 전체 인원보다 많이 발급할 수 없습니다.",
            "en": "Access codes issued for this wave: {codes}; headcount: {headcount}. No more "
            "codes than the headcount can be issued.",
        },
        "youth.codes_no_headcount": {
            "ko": "이 차수에 발급한 접근 코드는 {codes}개입니다. 전체 인원이 입력되지 않아 "
            "코드 수와 비교할 수 없습니다.",
            "en": "Access codes issued for this wave: {codes}. No headcount was entered to "
            "compare them with.",
        },
        "youth.wave_imported": {
            "ko": "이 차수는 과거 결과를 가져온 차수로, 직원 응답을 받지 않았습니다.",
            "en": "This wave holds imported past results; it never took responses from staff.",
        },
        "youth.p_adjusted": {"ko": "Holm 보정 {p}", "en": "Holm-adjusted {p}"},
        "youth.untested_short": {"ko": "검정 안 함: 표본 부족", "en": "Untested: too few people"},
        "youth.effect.negligible": {"ko": "매우 작음", "en": "negligible"},
        "youth.effect.small": {"ko": "작음", "en": "small"},
        "youth.effect.medium": {"ko": "중간", "en": "medium"},
        "youth.effect.large": {"ko": "큼", "en": "large"},
        "youth.method": {
            "ko": "차이는 Welch의 t 검정으로 봅니다. 지수의 p값은 보정하지 않았고, 영역의 "
            "p값은 영역끼리 묶어 Holm 방법으로 보정했습니다. Hedges g는 평균 차이를 "
            "표준편차 단위로 나타낸 값으로, "
            "절댓값이 0.2 미만이면 매우 작음, 0.5 미만이면 작음, 0.8 미만이면 중간, 그 이상이면 "
            "큼으로 읽습니다 (Cohen, 1988).",
            "en": "Differences are tested with Welch's t test; the index's p-value is "
            "unadjusted and the dimensions' are Holm-adjusted over the dimensions. Hedges' g "
            "is the difference in standard "
            "deviations: below 0.2 in absolute value negligible, below 0.5 small, below 0.8 "
            "medium, otherwise large (Cohen, 1988).",
        },
        "youth.significant_short": {"ko": "의미 있는 차이", "en": "significant"},
        "youth.not_significant_short": {"ko": "의미 있는 차이 아님", "en": "not significant"},
        # dimensions
        "youth.dimensions": {"ko": "영역별 비교", "en": "Every dimension"},
        "youth.dimensions_caption": {
            "ko": "점은 각 집단의 평균 점수이고, 선의 길이가 두 집단의 차이입니다. 붉은 "
            "점선은 목표입니다.",
            "en": "Each dot is a group's mean score; the line between them is the difference. "
            "The dashed red line is the target.",
        },
        "youth.score": {"ko": "점수", "en": "Score"},
        "youth.group": {"ko": "집단", "en": "Group"},
        "youth.target_rule": {"ko": "목표 {target}점", "en": "Target {target}"},
        "youth.index": {"ko": "조직문화 지수", "en": "Culture index"},
        "youth.as_table": {"ko": "표로 보기", "en": "Show as a table"},
        # items
        "youth.items": {
            "ko": "차이가 가장 큰 문항 다섯 개",
            "en": "The five items with the largest gaps",
        },
        "youth.items_caption": {
            "ko": "청년이 더 높게 답한 문항과 더 낮게 답한 문항을 가리지 않고, 점수 차이가 큰 "
            "순서로 보여 줍니다. 긍정 응답은 위의 두 척도(역문항은 뒤집어서)를 고른 "
            "비율입니다.",
            "en": "Largest score differences first, whichever side is higher. Favorable is the "
            "share answering in the top two scale points (after reversing reverse-keyed items).",
        },
        "youth.items_all": {"ko": "모든 문항 보기", "en": "Show every item"},
        "youth.items_none": {
            "ko": "양쪽 모두 {k}건 이상 응답한 문항이 없어 보여 드릴 문항이 없습니다.",
            "en": "No item has {k} or more answers on both sides.",
        },
        "youth.reverse_label": {"ko": "{text} (역문항)", "en": "{text} (reverse-keyed)"},
        "youth.item_hidden": {"ko": "응답 {k}건 미만", "en": "Fewer than {k} answers"},
        # the panel
        "youth.stats": {
            "ko": "통계 자세히 보기 (p값, 효과 크기, 신뢰구간, 용어 풀이)",
            "en": "The statistics (p-values, effect sizes, intervals, glossary)",
        },
        "youth.panel_members": {"ko": "참여 청년", "en": "Panel members"},
        "youth.panel_others": {"ko": "그 외 청년", "en": "the other young employees"},
        "youth.panel": {
            "ko": "청년위원회 참여자와 그 외 청년",
            "en": "Youth panel members and other young employees",
        },
        "youth.panel_caption": {
            "ko": "{demographic} 문항의 답이 '{member}'인 청년({members}명)과 나머지 "
            "청년({others}명, 이 문항 미응답 포함)을 비교합니다.",
            "en": "Young respondents answering {demographic} with '{member}' ({members}) "
            "against the other young respondents ({others}, including those who left it "
            "blank).",
        },
        "youth.group.members": {"ko": "참여자", "en": "Members"},
        "youth.group.others": {"ko": "그 외 청년", "en": "Other young"},
        # across waves
        "youth.trend": {"ko": "차수별 청년 격차", "en": "The youth gap across waves"},
        "youth.trend_caption": {
            "ko": "격차는 청년 지수에서 그 외 지수를 뺀 값입니다. 직전 차수보다 격차가 "
            "커졌는지 줄었는지, 그 변화가 우연으로 보기 어려운지 함께 적었습니다.",
            "en": "The gap is the young index minus everyone else's. Each line says whether "
            "it widened or narrowed since the previous wave, and whether that is hard to "
            "explain by chance.",
        },
        "youth.trend_method": {
            "ko": "격차 변화는 이중차분 Welch 검정으로 봅니다. 지수는 보정 없이, 영역은 "
            "영역끼리 묶어 Holm 보정합니다.",
            "en": "The change of the gap is tested with a Welch-type difference-in-differences "
            "test: the index unadjusted, the dimensions Holm-adjusted over the dimensions.",
        },
        "youth.trend_one": {
            "ko": "마감된 차수가 하나뿐이라 격차의 변화는 아직 볼 수 없습니다.",
            "en": "Only one closed wave so far: the change of the gap cannot be seen yet.",
        },
        "youth.trend_hidden": {"ko": "표시 안 함", "en": "Not shown"},
        "youth.change.narrowed": {
            "ko": "{before} → {after}: 지수 격차가 {gap_before}점에서 {gap_after}점으로 "
            "줄었습니다.",
            "en": "{before} → {after}: the index gap narrowed from {gap_before} to {gap_after}.",
        },
        "youth.change.widened": {
            "ko": "{before} → {after}: 지수 격차가 {gap_before}점에서 {gap_after}점으로 "
            "커졌습니다.",
            "en": "{before} → {after}: the index gap widened from {gap_before} to {gap_after}.",
        },
        "youth.change.reversed": {
            "ko": "{before} → {after}: 지수 격차의 방향이 바뀌었습니다 ({gap_before}점 → "
            "{gap_after}점).",
            "en": "{before} → {after}: the index gap changed sides ({gap_before} → {gap_after}).",
        },
        "youth.change.hidden": {
            "ko": "{before} → {after}: 한 차수의 청년 비교가 가려져 변화를 보여 드리지 않습니다.",
            "en": "{before} → {after}: one wave's youth comparison is hidden, so the change "
            "is not shown.",
        },
        "youth.change.significant": {
            "ko": "이 변화는 통계적으로 의미가 있습니다 ({p}).",
            "en": "The change is statistically significant ({p}).",
        },
        "youth.change.not_significant": {
            "ko": "이 변화는 우연일 수 있어 의미 있다고 보기 어렵습니다 ({p}).",
            "en": "The change could be chance: not statistically significant ({p}).",
        },
        "youth.change.dimensions": {
            "ko": "영역별 격차 변화 ({before} → {after})",
            "en": "Change of the gap by dimension ({before} → {after})",
        },
        # participation
        "youth.participation": {"ko": "청년 참여율", "en": "Youth participation"},
        "youth.participation_value": {
            "ko": "청년 {n}명 / 청년 인원 {headcount}명",
            "en": "{n} young respondents of {headcount} young staff",
        },
        "youth.participation_all": {"ko": "전체 참여율", "en": "Everyone's participation"},
        "youth.participation_all_value": {
            "ko": "응답자 {n}명 / 전체 인원 {headcount}명",
            "en": "{n} respondents of {headcount} staff",
        },
        "youth.participation_note": {
            "ko": "연령대를 밝히지 않은 응답자는 청년 응답자에 들어가지 않으므로, 청년 "
            "참여율은 실제보다 낮게 나올 수 있습니다.",
            "en": "Respondents who did not give their age are not counted as young, so the "
            "youth rate may be lower than the real one.",
        },
        "youth.participation_unknown": {
            "ko": "이 차수에는 연령대별 인원이 등록되어 있지 않아 청년 참여율을 계산할 수 "
            "없습니다. 차수 관리 화면에서 연령대별 인원을 입력하면 표시됩니다.",
            "en": "No headcount by age band is recorded for this wave, so the youth "
            "participation rate cannot be computed. Enter it on the waves page.",
        },
        # comments
        "youth.comments": {
            "ko": "청년 직원과 그 외 직원의 서술형 의견",
            "en": "What young employees and everyone else wrote",
        },
        "youth.comments_caption": {
            "ko": "청년 직원과 그 외 직원 모두 의견을 쓴 사람이 {threshold}명 이상일 때 두 "
            "목록을 함께 보여 드립니다. 작성자의 특성은 표시하지 않으며, 제출 순서와 관계없는 "
            "순서로 보여 드립니다.",
            "en": "Both lists are shown, together, when young employees and everyone else "
            "each have at least {threshold} writers; nothing about the writers is shown, "
            "and the order has nothing to do with when they were written.",
        },
        "youth.comments_side": {"ko": "목록", "en": "List"},
        "youth.comments_side.youth": {"ko": "청년 직원", "en": "Young employees"},
        "youth.comments_side.rest": {"ko": "그 외 직원", "en": "Everyone else"},
        "youth.comments_hidden": {
            "ko": "청년 직원과 그 외 직원 중 한쪽이라도 의견을 쓴 사람이 {threshold}명 미만이라 "
            "이 차수의 두 목록을 보여 드리지 않습니다. 한쪽만 보이면 전체 의견에서 빼는 것만으로 "
            "다른 쪽의 의견을 알 수 있기 때문입니다.",
            "en": "Neither list is shown for this wave: young employees or everyone else have "
            "fewer than {threshold} writers, and one list alone, taken from all the wave's "
            "comments, would give away the other.",
        },
        "youth.comments_count": {"ko": "의견 {count}건", "en": "{count} comments"},
        "youth.comments_none": {"ko": "이 질문에 남긴 의견이 없습니다.", "en": "No comments."},
        # columns and exports
        "youth.col.measure": {"ko": "구분", "en": "Measure"},
        "youth.col.youth": {"ko": "청년", "en": "Young"},
        "youth.col.rest": {"ko": "그 외", "en": "Everyone else"},
        "youth.col.members": {"ko": "참여자", "en": "Members"},
        "youth.col.others": {"ko": "그 외 청년", "en": "Other young"},
        "youth.col.youth_ci_low": {"ko": "청년 신뢰구간 하한", "en": "Young CI low"},
        "youth.col.youth_ci_high": {"ko": "청년 신뢰구간 상한", "en": "Young CI high"},
        "youth.col.rest_ci_low": {"ko": "그 외 신뢰구간 하한", "en": "Rest CI low"},
        "youth.col.rest_ci_high": {"ko": "그 외 신뢰구간 상한", "en": "Rest CI high"},
        "youth.col.youth_ci": {"ko": "청년 95% 신뢰구간", "en": "Young 95% CI"},
        "youth.col.rest_ci": {"ko": "그 외 95% 신뢰구간", "en": "Rest 95% CI"},
        "youth.col.diff": {"ko": "차이", "en": "Difference"},
        "youth.col.p": {"ko": "p", "en": "p"},
        "youth.col.p_holm": {"ko": "p (Holm 보정)", "en": "p (Holm)"},
        "youth.col.verdict": {"ko": "판단", "en": "Verdict"},
        "youth.col.g": {"ko": "Hedges g", "en": "Hedges' g"},
        "youth.col.effect": {"ko": "차이의 크기", "en": "Size"},
        "youth.col.tested": {"ko": "검정 여부", "en": "Tested"},
        "youth.col.item_id": {"ko": "문항 ID", "en": "Item id"},
        "youth.col.item": {"ko": "문항", "en": "Item"},
        "youth.col.dimension": {"ko": "영역", "en": "Dimension"},
        "youth.col.fav_youth": {"ko": "긍정 응답 (청년)", "en": "Favorable (young)"},
        "youth.col.fav_rest": {"ko": "긍정 응답 (그 외)", "en": "Favorable (rest)"},
        "youth.col.wave": {"ko": "차수", "en": "Wave"},
        "youth.col.n_youth": {"ko": "청년 응답자", "en": "Young respondents"},
        "youth.col.n_rest": {"ko": "그 외 응답자", "en": "Other respondents"},
        "youth.col.gap": {"ko": "격차 (청년 − 그 외)", "en": "Gap (young − rest)"},
        "youth.col.before": {"ko": "이전 차수", "en": "Earlier wave"},
        "youth.col.after": {"ko": "이후 차수", "en": "Later wave"},
        "youth.col.gap_before": {"ko": "이전 격차", "en": "Earlier gap"},
        "youth.col.gap_after": {"ko": "이후 격차", "en": "Later gap"},
        "youth.col.change": {"ko": "격차 변화", "en": "Change of the gap"},
        "youth.col.field": {"ko": "항목", "en": "Field"},
        "youth.col.value": {"ko": "값", "en": "Value"},
        "youth.yes": {"ko": "예", "en": "yes"},
        "youth.no": {"ko": "아니요", "en": "no"},
        "youth.field.wave": {"ko": "차수", "en": "Wave"},
        "youth.field.definition": {"ko": "청년 기준", "en": "Youth rule"},
        "youth.field.min_group": {"ko": "최소 집단 크기", "en": "Minimum group size"},
        "youth.field.youth_rate": {"ko": "청년 참여율(%)", "en": "Youth participation (%)"},
        "youth.field.youth_headcount": {"ko": "청년 인원", "en": "Young staff"},
        "youth.field.rate": {"ko": "전체 참여율(%)", "en": "Participation (%)"},
        "youth.field.headcount": {"ko": "전체 인원", "en": "Staff"},
        "youth.sheet.summary": {"ko": "요약", "en": "Summary"},
        "youth.sheet.comparison": {"ko": "청년 비교", "en": "Youth comparison"},
        "youth.sheet.items": {"ko": "문항별 차이", "en": "Items"},
        "youth.sheet.panel": {"ko": "청년위원회 비교", "en": "Panel comparison"},
        "youth.sheet.trend": {"ko": "차수별 격차", "en": "Gap across waves"},
        "youth.sheet.changes": {"ko": "격차 변화", "en": "Change of the gap"},
        "youth.downloads": {"ko": "이 화면의 수치 내려받기", "en": "Download this page's figures"},
        "youth.download_xlsx": {"ko": "엑셀 내려받기", "en": "Download Excel"},
        "youth.download_csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
        "youth.downloads_caption": {
            "ko": "화면에 보이는 수치만 담습니다 (서술형 의견 제외). 소수를 가리는 규칙은 "
            "화면과 같습니다.",
            "en": "Only the figures shown on this page (no comments), hidden by the same "
            "rules as on screen.",
        },
    }
)
