"""Strings of the sign-in page."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "signin.title": {"ko": "담당자 로그인", "en": "Staff sign-in"},
        "signin.demo": {
            "ko": "데모 모드입니다. 데모 계정 hr(인사 담당)과 youth(청년위원회)의 비밀번호는 "
            "앱을 시작한 터미널에 표시됩니다.",
            "en": "This is demo mode. The passwords of the demo accounts hr (HR) and youth "
            "(youth panel) are shown in the terminal that started the app.",
        },
        "signin.account_title": {"ko": "내 계정", "en": "Your account"},
        "signin.intro": {
            "ko": "결과 화면은 인사 담당자와 청년위원회만 볼 수 있습니다. 설문에 응답하는 데에는 "
            "로그인이 필요하지 않습니다.",
            "en": "Only HR and the youth panel can see the results. You do not need to sign in "
            "to answer the survey.",
        },
        "signin.name": {"ko": "사용자 이름", "en": "User name"},
        "signin.password": {"ko": "비밀번호", "en": "Password"},
        "signin.submit": {"ko": "로그인", "en": "Sign in"},
        "signin.missing": {
            "ko": "사용자 이름과 비밀번호를 모두 입력해 주십시오.",
            "en": "Please enter both your user name and your password.",
        },
        "signin.lock_note": {
            "ko": "비밀번호를 5번 잘못 입력하면 계정이 15분 동안 잠깁니다.",
            "en": "Five wrong passwords in a row lock the account for 15 minutes.",
        },
        "signin.sso": {"ko": "기관 통합 로그인(SSO)", "en": "Sign in with single sign-on"},
        "signin.or": {
            "ko": "또는 기관 계정으로 로그인할 수 있습니다.",
            "en": "Or use your organization account.",
        },
        "signin.signed_in": {
            "ko": "{name} 님({role})으로 로그인되어 있습니다.",
            "en": "You are signed in as {name} ({role}).",
        },
        "signin.your_pages": {"ko": "볼 수 있는 화면", "en": "Your pages"},
        "signin.idle_note": {
            "ko": "새로 고침하거나 새 탭을 열어도 로그인이 유지됩니다. 모든 창에서 {minutes}분 "
            "동안 활동이 없으면 자동으로 로그아웃되고, 한 창에서 로그아웃하면 모든 창에서 "
            "로그아웃됩니다. 브라우저를 닫으면 로그인 정보도 지워집니다.",
            "en": "You stay signed in when you reload or open a new tab. You are signed out "
            "automatically after {minutes} idle minutes in all your tabs, and signing out in "
            "one tab signs you out in all of them. Closing the browser forgets the sign-in.",
        },
        "signin.back_to_survey": {"ko": "설문 응답 화면으로", "en": "Back to the survey"},
    }
)
