"""Strings of the waves page added for running a wave end to end (issue 16)."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "waves.id": {"ko": "차수 ID", "en": "Wave id"},
        "waves.title_col": {"ko": "표시 이름", "en": "Display name"},
        "waves.title_ko": {"ko": "표시 이름 (한국어)", "en": "Display name (Korean)"},
        "waves.title_en": {"ko": "표시 이름 (영어)", "en": "Display name (English)"},
        "waves.title_help": {
            "ko": "직원과 담당자에게 보이는 이름입니다 (예: 2026년 3분기). 비워 두면 ID가 "
            "보입니다.",
            "en": "The name employees and staff see (for example 2026 Q3). Left empty, the id "
            "is shown.",
        },
        "waves.id_help": {
            "ko": "주소와 명령에 쓰는 ID: 2025-H1(반기), 2026-Q3(분기), 2026-03(월) 또는 "
            "영문자로 시작하는 영문·숫자·-·_ (빈칸 없이)",
            "en": "The id used in addresses and commands: 2025-H1 (half year), 2026-Q3 "
            "(quarter), 2026-03 (month) or letters, digits, - and _ starting with a letter "
            "(no spaces)",
        },
        "waves.opens": {"ko": "시작 예정", "en": "Opens"},
        "waves.closes": {"ko": "마감 예정", "en": "Closes"},
        "waves.by_hand": {"ko": "직접", "en": "By hand"},
        "waves.status_of": {"ko": "상태: {status}", "en": "Status: {status}"},
        "waves.history_caption": {
            "ko": "과거 응답을 가져온 뒤에는 이 차수를 열지 않고 과거 기록으로 마감합니다. "
            "응답을 받지 않은 초안도 열지 않고 마감할 수 있습니다.",
            "en": "After importing past responses, close this wave as history without "
            "opening it. A draft that took no responses can be closed without opening too.",
        },
        "waves.close_history_button": {
            "ko": "열지 않고 과거 기록으로 마감",
            "en": "Close as history without opening",
        },
        "waves.few_warning": {
            "ko": "지금 응답이 {k}명보다 적습니다. 이대로 마감하면 이 차수의 결과는 어떤 "
            "화면에도 나타나지 않습니다.",
            "en": "Fewer than {k} people have answered. Closed now, none of this wave's "
            "results will be shown anywhere.",
        },
        "waves.schedule": {"ko": "일정", "en": "Schedule"},
        "waves.schedule_caption": {
            "ko": "정한 시각(서울 시각)이 지난 뒤 첫 접속이나 명령에서 차수가 저절로 열리거나 "
            "마감됩니다. 비워 두면 직접 엽니다.",
            "en": "After the set time (Seoul time) the first visit or command opens or closes "
            "the wave by itself. Left empty, it is done by hand.",
        },
        "waves.open_date": {"ko": "시작 날짜", "en": "Opening date"},
        "waves.open_time": {"ko": "시작 시각", "en": "Opening time"},
        "waves.close_date": {"ko": "마감 날짜", "en": "Closing date"},
        "waves.close_time": {"ko": "마감 시각", "en": "Closing time"},
        "waves.schedule_save": {"ko": "일정 저장", "en": "Save the schedule"},
        "waves.schedule_saved": {
            "ko": "차수 {wave}의 일정을 저장했습니다. 시작: {opens}, 마감: {closes}",
            "en": "Saved the schedule of {wave}. Opens: {opens}; closes: {closes}",
        },
        "waves.handout": {"ko": "설문 안내하기", "en": "Hand out the survey"},
        "waves.handout_caption": {
            "ko": "이 주소나 QR 코드를 직원에게 보내 주십시오. 주소에는 차수와 언어가 들어 "
            "있습니다.",
            "en": "Send this address or QR code to employees; it carries the wave and the "
            "language.",
        },
        "waves.link_lang": {"ko": "안내 언어", "en": "Language of the link"},
        "waves.qr_caption": {"ko": "{wave} 설문 QR 코드", "en": "QR code of the {wave} survey"},
        "waves.slips_download": {
            "ko": "코드 쪽지 PDF 내려받기 (A4, 잘라서 나눠 주기)",
            "en": "Download code slips as PDF (A4, to cut out)",
        },
        "waves.template_download": {
            "ko": "가져오기 양식(XLSX) 내려받기",
            "en": "Download the import template (XLSX)",
        },
        "waves.participation": {"ko": "참여 현황", "en": "Participation"},
        "waves.participation_caption": {
            "ko": "응답 중인 차수의 참여는 {step}명 단위로만 보입니다 (정확한 수는 마감 뒤에). "
            "전체 인원이 정해진 차수는 참여율도 보입니다.",
            "en": "An open wave's participation shows in steps of {step} only (the exact count "
            "after closing); with a headcount, as a share too.",
        },
        "waves.participation_value": {
            "ko": "{n}명 이상 / {headcount}명 ({share} 이상)",
            "en": "at least {n} of {headcount} ({share} or more)",
        },
        "waves.unit_fewer": {"ko": "{k}명 미만", "en": "fewer than {k}"},
        "waves.participation_few": {
            "ko": "{step}명 미만 / {headcount}명",
            "en": "fewer than {step} of {headcount}",
        },
        "waves.units_note": {
            "ko": "부서별 응답은 {k}명이 되기 전에는 '{k}명 미만'으로, 그 뒤에는 {step}명 "
            "단위로만 보입니다. 정확한 수는 마감 뒤에 보입니다.",
            "en": "A unit's responses show as 'fewer than {k}' until {k} have answered, then "
            "in steps of {step} only; the exact counts appear after closing.",
        },
        "dash.audit.action.wave.schedule": {"ko": "차수 일정 변경", "en": "Scheduled a wave"},
    }
)
