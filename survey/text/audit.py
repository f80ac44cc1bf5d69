"""Strings of the audit page's readable sentences (issue 16)."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "audit.sentence": {"ko": "{user}: {action}{detail}", "en": "{user}: {action}{detail}"},
        "audit.detail.wave": {"ko": "차수 {value}", "en": "wave {value}"},
        "audit.detail.count": {"ko": "{value}건", "en": "{value} in all"},
        "audit.detail.user": {"ko": "대상 사용자 {value}", "en": "user {value}"},
        "audit.detail.file": {"ko": "파일 {value}", "en": "file {value}"},
        "audit.detail.page": {"ko": "화면 {value}", "en": "page {value}"},
        "audit.detail.mode": {"ko": "참여 방식 {value}", "en": "access {value}"},
        "audit.detail.total": {"ko": "합계 {value}명", "en": "{value} people"},
        "audit.detail.scheduled": {"ko": "일정에 따라", "en": "as scheduled"},
        "audit.detail.method": {"ko": "방식 {value}", "en": "method {value}"},
        "audit.detail.sheet": {"ko": "시트 {value}", "en": "sheet {value}"},
        "audit.detail.format": {"ko": "형식 {value}", "en": "format {value}"},
        "audit.detail.opens": {"ko": "시작 {value}", "en": "opens {value}"},
        "audit.detail.closes": {"ko": "마감 {value}", "en": "closes {value}"},
        "audit.detail.other": {"ko": "{field} {value}", "en": "{field} {value}"},
        "audit.detail.waves": {"ko": "차수 {value}", "en": "waves {value}"},
        "audit.detail.by": {"ko": "기준 {value}", "en": "by {value}"},
        "audit.detail.filter": {"ko": "필터 {value}", "en": "filter {value}"},
        "audit.detail.list": {"ko": "목록 {value}", "en": "list {value}"},
        "audit.wave": {"ko": "차수", "en": "Wave"},
        "audit.sentence_col": {"ko": "기록", "en": "Entry"},
        "audit.download": {
            "ko": "보이는 기록 CSV로 내려받기",
            "en": "Download the entries shown (CSV)",
        },
        "audit.by_cli": {"ko": "명령줄", "en": "command line"},
        "audit.by_schedule": {"ko": "예약 일정", "en": "schedule"},
        "dash.audit.action.export.slips": {
            "ko": "코드 쪽지 내려받기",
            "en": "Downloaded code slips",
        },
        "dash.audit.action.export.audit": {
            "ko": "감사 기록 내려받기",
            "en": "Downloaded the audit log",
        },
    }
)
