"""Strings every page shares: the app's name, navigation, roles and the sign-in lock."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "app.title": {"ko": "조직문화 진단", "en": "Culture Survey"},
        "app.about": {
            "ko": "조직문화 진단: 공공기관을 위한 익명 조직문화 설문과 지수 분석 도구입니다.",
            "en": "Culture Survey: an anonymous organizational culture survey and index "
            "for public institutions.",
        },
        "nav.survey_form": {"ko": "설문 응답", "en": "Take the survey"},
        "nav.signin": {"ko": "계정·로그인", "en": "Account and sign-in"},
        "nav.section.survey": {"ko": "설문", "en": "Survey"},
        "nav.section.reports": {"ko": "결과 보기", "en": "Results"},
        "role.hr": {"ko": "인사 담당", "en": "HR"},
        "role.youth_panel": {"ko": "청년위원회", "en": "Youth panel"},
        "session.signin_required": {
            "ko": "이 화면은 로그인한 담당자만 볼 수 있습니다. 먼저 로그인해 주십시오.",
            "en": "Only signed-in staff can see this page. Please sign in first.",
        },
        "session.go_signin": {"ko": "로그인 화면으로 가기", "en": "Go to sign-in"},
        "session.forbidden": {
            "ko": "이 화면을 볼 권한이 없습니다. 권한이 필요하면 인사 담당 부서에 요청해 주십시오.",
            "en": "You do not have access to this page. Ask HR if you need it.",
        },
        "session.expired": {
            "ko": "{minutes}분 동안 활동이 없어 자동으로 로그아웃되었습니다. "
            "다시 로그인해 주십시오.",
            "en": "You were signed out after {minutes} idle minutes. Please sign in again.",
        },
        "session.signed_out": {"ko": "로그아웃되었습니다.", "en": "You have signed out."},
        "session.ended": {
            "ko": "로그인이 끝났습니다. 다른 창에서 로그아웃했거나, 계정이 사용 중지되었거나, "
            "비밀번호가 바뀌었습니다. 다시 로그인해 주십시오.",
            "en": "Your session has ended: you signed out in another tab, or the account was "
            "disabled or its password changed. Please sign in again.",
        },
        "session.sso_unknown": {
            "ko": "{email} 계정은 이 서비스에 등록되어 있지 않습니다. 인사 담당 부서에 "
            "등록을 요청해 주십시오.",
            "en": "The account {email} is not registered for this service. Ask HR to add it.",
        },
        "session.signed_in_as": {"ko": "{name} · {role}", "en": "{name} · {role}"},
        "session.sign_out": {"ko": "로그아웃", "en": "Sign out"},
    }
)
