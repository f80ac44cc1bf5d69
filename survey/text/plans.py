"""Strings of the action plans page and the published results page."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "plans.nav": {"ko": "실행 계획", "en": "Action plans"},
        "plans.title": {"ko": "진단 결과에 따른 실행 계획", "en": "Action plans on the results"},
        "plans.caption": {
            "ko": "마감된 차수의 영역이나 문항마다 무엇을 바꿀지 정합니다. 청년위원회는 계획을 "
            "제안하고 의견을 남기며, 인사 담당이 승인합니다. 담당은 부서나 역할로 적고, "
            "응답자를 가리키는 내용은 적지 않습니다.",
            "en": "Decide what will change for a dimension or item of a closed wave. The youth "
            "panel proposes plans and comments; HR approves. Owners are units or roles; "
            "nothing points to a respondent.",
        },
        "plans.wave": {"ko": "차수", "en": "Wave"},
        "plans.no_wave": {
            "ko": "마감되어 결과가 있는 차수가 아직 없습니다.",
            "en": "No closed wave with results yet.",
        },
        "plans.new": {"ko": "새 계획", "en": "New plan"},
        "plans.new_caption.hr": {
            "ko": "인사 담당이 만든 계획은 바로 승인됩니다.",
            "en": "Plans HR creates are approved at once.",
        },
        "plans.new_caption.youth_panel": {
            "ko": "제안한 계획은 인사 담당이 승인하면 실행 계획이 됩니다.",
            "en": "A proposed plan becomes an action plan once HR approves it.",
        },
        "plans.target": {"ko": "대상 영역·문항", "en": "Dimension or item"},
        "plans.target.dimension": {"ko": "영역: {label}", "en": "Dimension: {label}"},
        "plans.target.item": {"ko": "문항: {label}", "en": "Item: {label}"},
        "plans.field_title": {"ko": "제목", "en": "Title"},
        "plans.field_change": {"ko": "달라질 점", "en": "What will change"},
        "plans.field_owner": {"ko": "담당 부서·역할", "en": "Owning unit or role"},
        "plans.field_owner_help": {
            "ko": "예: 경영기획팀, 부서장 회의. 사람 이름은 적지 않습니다.",
            "en": "For example: planning team, heads of units. Not a person's name.",
        },
        "plans.field_co_owner": {"ko": "공동 담당 (청년위원회)", "en": "Co-owner (youth panel)"},
        "plans.no_co_owner": {"ko": "없음", "en": "None"},
        "plans.field_due": {"ko": "마감일", "en": "Due date"},
        "plans.submit.hr": {"ko": "계획 만들기", "en": "Create the plan"},
        "plans.submit.youth_panel": {"ko": "계획 제안하기", "en": "Propose the plan"},
        "plans.created": {"ko": "계획을 저장했습니다.", "en": "The plan is saved."},
        "plans.list": {"ko": "이 차수의 계획", "en": "Plans for this wave"},
        "plans.none": {
            "ko": "이 차수에는 아직 계획이 없습니다.",
            "en": "This wave has no plans yet.",
        },
        "plans.status.planned": {"ko": "계획", "en": "Planned"},
        "plans.status.in_progress": {"ko": "진행 중", "en": "In progress"},
        "plans.status.done": {"ko": "완료", "en": "Done"},
        "plans.pending": {"ko": "승인 대기", "en": "Awaiting approval"},
        "plans.approved": {"ko": "승인됨", "en": "Approved"},
        "plans.summary": {
            "ko": "담당: {owner} · 공동 담당: {co_owner} · 마감일: {due} · 제안: {by}",
            "en": "Owner: {owner} · co-owner: {co_owner} · due {due} · proposed by {by}",
        },
        "plans.approve": {"ko": "승인하기", "en": "Approve"},
        "plans.approved_done": {"ko": "계획을 승인했습니다.", "en": "The plan is approved."},
        "plans.status_label": {"ko": "상태", "en": "Status"},
        "plans.status_save": {"ko": "상태 바꾸기", "en": "Change the status"},
        "plans.status_done": {"ko": "상태를 바꿨습니다.", "en": "The status is changed."},
        "plans.note": {"ko": "의견 또는 진행 상황", "en": "Comment or progress note"},
        "plans.note_kind": {"ko": "종류", "en": "Kind"},
        "plans.note_kind.comment": {"ko": "의견", "en": "Comment"},
        "plans.note_kind.progress": {"ko": "진행 상황", "en": "Progress"},
        "plans.note_add": {"ko": "남기기", "en": "Add"},
        "plans.note_added": {"ko": "메모를 남겼습니다.", "en": "The note is added."},
        "plans.note_line": {
            "ko": "{kind} · {user} · {at}",
            "en": "{kind} · {user} · {at}",
        },
        "plans.moved": {"ko": "달라졌나요", "en": "Did it move"},
        "plans.moved_caption": {
            "ko": "계획을 세운 차수({before})와 다음 차수({after}) 사이의 영역 점수 변화입니다. "
            "계획이 있는 영역과 없는 영역을 나란히 봅니다.",
            "en": "The change of each dimension between the plan's wave ({before}) and the next "
            "wave ({after}), dimensions with plans beside those without.",
        },
        "plans.moved_method": {
            "ko": "변화는 Welch t 검정으로 보며, p는 영역 전체에 대해 Holm 보정한 값입니다.",
            "en": "Changes are tested with Welch's t test; p is Holm-adjusted over the dimensions.",
        },
        "plans.moved_none": {
            "ko": "이 차수 다음에 마감된 차수가 아직 없어 변화를 볼 수 없습니다.",
            "en": "No closed wave follows this one yet, so there is no change to show.",
        },
        "plans.moved_hidden": {
            "ko": "두 차수 중 한쪽의 응답자가 적어 변화를 보여 주지 않습니다.",
            "en": "One of the two waves has too few respondents to show the change.",
        },
        "plans.moved_group.planned": {"ko": "계획 있음", "en": "With a plan"},
        "plans.moved_group.unplanned": {"ko": "계획 없음", "en": "Without a plan"},
        "plans.col.dimension": {"ko": "영역", "en": "Dimension"},
        "plans.col.group": {"ko": "구분", "en": "Group"},
        "plans.col.before": {"ko": "이전", "en": "Before"},
        "plans.col.after": {"ko": "이후", "en": "After"},
        "plans.col.change": {"ko": "변화", "en": "Change"},
        "plans.col.p": {"ko": "p (Holm 보정)", "en": "p (Holm)"},
        "plans.col.effect": {"ko": "효과 크기 (Hedges g)", "en": "Effect size (Hedges' g)"},
        "plans.moved_stats": {"ko": "통계 자세히 보기", "en": "The statistics"},
        "plans.side.after": {"ko": "다음 차수 응답자", "en": "the next wave"},
        "plans.side.before": {"ko": "계획 차수 응답자", "en": "the plan's wave"},
        "plans.untested": {"ko": "검정 안 함", "en": "untested"},
        # ------------------------------------------------ published results
        "results.nav": {"ko": "진단 결과 공개", "en": "Published results"},
        "results.title": {"ko": "조직문화 진단 결과", "en": "Culture survey results"},
        "results.caption": {
            "ko": "인사 담당이 공개한 차수의 전체 결과입니다. 부서·연령 등 집단별 결과와 "
            "서술형 의견은 싣지 않습니다.",
            "en": "Whole-wave results of the waves HR published. No results by group and no "
            "comments.",
        },
        "results.none": {
            "ko": "아직 공개된 결과가 없습니다.",
            "en": "No results have been published yet.",
        },
        "results.few": {
            "ko": "이 차수는 응답자가 적어 결과를 보여 주지 않습니다.",
            "en": "This wave has too few respondents to show results.",
        },
        "results.index": {"ko": "조직문화 지수", "en": "Culture index"},
        "results.index_metric": {
            "ko": "조직문화 지수 (목표 {target}점)",
            "en": "Culture index (target {target})",
        },
        "results.index_caption": {
            "ko": "응답자 {n}명 · 95% 신뢰구간 {low} ~ {high}점",
            "en": "{n} respondents · 95% confidence interval {low} to {high}",
        },
        "results.dimensions": {"ko": "영역별 점수", "en": "Dimension scores"},
        "results.strengths": {"ko": "강점", "en": "Strengths"},
        "results.improve": {"ko": "개선할 점", "en": "Areas to improve"},
        "results.strengths_caption": {
            "ko": "점수가 가장 높은 문항입니다.",
            "en": "The items with the highest scores.",
        },
        "results.improve_caption": {
            "ko": "점수가 가장 낮은 문항입니다.",
            "en": "The items with the lowest scores.",
        },
        "results.col.dimension": {"ko": "영역", "en": "Dimension"},
        "results.item_line": {
            "ko": "{text} ({dimension}) · {score}점 · 긍정 응답 {favorable}",
            "en": "{text} ({dimension}) · {score} · favorable {favorable}",
        },
        "results.col.score": {"ko": "점수", "en": "Score"},
        "results.plan_line": {
            "ko": "{title} ({about}) · 담당 {owner} · 마감일 {due} · {status}",
            "en": "{title} ({about}) · owner {owner} · due {due} · {status}",
        },
        "results.plans": {"ko": "실행 계획과 진행 상황", "en": "Action plans and their status"},
        "results.no_plans": {
            "ko": "이 차수에 승인된 실행 계획이 아직 없습니다.",
            "en": "No approved action plans for this wave yet.",
        },
        "results.glossary": {"ko": "용어 풀이", "en": "Glossary"},
        # ------------------------------------------------ the audit log's names
        "dash.audit.action.plan.create": {"ko": "실행 계획 작성", "en": "Created an action plan"},
        "dash.audit.action.plan.approve": {
            "ko": "실행 계획 승인",
            "en": "Approved an action plan",
        },
        "dash.audit.action.plan.status": {
            "ko": "실행 계획 상태 변경",
            "en": "Changed a plan's status",
        },
        "dash.audit.action.plan.comment": {"ko": "실행 계획 의견", "en": "Commented on a plan"},
        "dash.audit.action.plan.progress": {
            "ko": "실행 계획 진행 상황 기록",
            "en": "Recorded a plan's progress",
        },
        "dash.audit.action.plans.export": {
            "ko": "실행 계획 내보내기",
            "en": "Exported the action plans",
        },
        "dash.audit.action.results.publish": {"ko": "결과 공개", "en": "Published results"},
        "dash.audit.action.results.unpublish": {
            "ko": "결과 공개 중단",
            "en": "Unpublished results",
        },
        # ------------------------------------------------ the waves page's switch
        "results.publish_heading": {"ko": "결과 공개", "en": "Publishing results"},
        "results.publish_caption": {
            "ko": "공개한 차수는 모든 직원이 로그인 없이 전체 결과(지수, 영역, 강점, 개선할 점, "
            "실행 계획)를 볼 수 있습니다. 집단별 결과와 의견은 공개하지 않습니다.",
            "en": "Every employee can read a published wave's whole-wave results (index, "
            "dimensions, strengths, areas to improve, plans) without signing in; no group "
            "results, no comments.",
        },
        "results.publish_wave": {"ko": "마감된 차수", "en": "Closed wave"},
        "results.publish_state.on": {"ko": "공개 중", "en": "published"},
        "results.publish_state.off": {"ko": "공개 안 함", "en": "not published"},
        "results.publish_button": {"ko": "결과 공개하기", "en": "Publish the results"},
        "results.unpublish_button": {"ko": "공개 멈추기", "en": "Unpublish"},
        "results.published": {
            "ko": "{wave} 차수의 결과를 공개했습니다.",
            "en": "The results of wave {wave} are published.",
        },
        "results.unpublished": {
            "ko": "{wave} 차수의 결과 공개를 멈췄습니다.",
            "en": "The results of wave {wave} are no longer published.",
        },
        "results.no_closed": {
            "ko": "마감된 차수가 없습니다.",
            "en": "There is no closed wave.",
        },
    }
)
