"""Strings of the users page, the account page and the forced password change."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "users.nav": {"ko": "사용자 관리", "en": "Users"},
        "users.title": {"ko": "사용자 관리", "en": "Users"},
        "users.caption": {
            "ko": "인사 담당자와 청년위원회 계정을 만들고, 사용을 중지하거나, 잠금을 풀거나, "
            "비밀번호를 초기화합니다. 모든 조치는 감사 기록에 남습니다.",
            "en": "Create HR and youth panel accounts, disable them, lift lockouts or reset "
            "passwords. Every action is in the audit log.",
        },
        "users.name": {"ko": "사용자 이름", "en": "User name"},
        "users.role": {"ko": "역할", "en": "Role"},
        "users.state": {"ko": "상태", "en": "State"},
        "users.state_active": {"ko": "사용 중", "en": "Active"},
        "users.state_disabled": {"ko": "사용 중지", "en": "Disabled"},
        "users.state_locked": {"ko": "{time}까지 잠김", "en": "Locked until {time}"},
        "users.state_must_change": {
            "ko": "다음 로그인에서 비밀번호 변경",
            "en": "Must change password at next sign-in",
        },
        "users.add": {"ko": "새 사용자", "en": "Add a user"},
        "users.add_caption": {
            "ko": "일회용 비밀번호를 만들어 한 번만 보여 드립니다. 본인에게 직접 전해 주십시오. "
            "처음 로그인할 때 자신의 비밀번호로 바꾸게 됩니다.",
            "en": "A one-time password is made and shown once: hand it to the person "
            "directly. They choose their own at the first sign-in.",
        },
        "users.add_button": {"ko": "사용자 만들기", "en": "Create the user"},
        "users.added": {
            "ko": "사용자 {name}을(를) 만들었습니다.",
            "en": "Created the user {name}.",
        },
        "users.manage": {"ko": "계정 조치", "en": "Account actions"},
        "users.pick": {"ko": "사용자", "en": "User"},
        "users.state_of": {"ko": "{name}의 상태: {state}", "en": "State of {name}: {state}"},
        "users.disable": {"ko": "사용 중지", "en": "Disable"},
        "users.enable": {"ko": "다시 사용", "en": "Enable"},
        "users.unlock": {"ko": "잠금 풀기", "en": "Lift the lockout"},
        "users.reset": {"ko": "비밀번호 초기화", "en": "Reset the password"},
        "users.disabled": {
            "ko": "사용자 {name}을(를) 사용 중지했습니다.",
            "en": "Disabled the user {name}.",
        },
        "users.enabled": {
            "ko": "사용자 {name}을(를) 다시 쓸 수 있게 했습니다.",
            "en": "Enabled the user {name}.",
        },
        "users.unlocked": {
            "ko": "사용자 {name}의 잠금을 풀었습니다.",
            "en": "Lifted the lockout of {name}.",
        },
        "users.reset_done": {
            "ko": "사용자 {name}의 비밀번호를 초기화했습니다.",
            "en": "Reset the password of {name}.",
        },
        "users.not_self": {
            "ko": "자기 계정은 여기서 사용 중지할 수 없습니다.",
            "en": "You cannot disable your own account here.",
        },
        "users.once": {
            "ko": "{name}의 일회용 비밀번호입니다. 본인에게 전한 뒤 '전달했습니다'를 눌러 "
            "주십시오. 그 뒤에는 다시 볼 수 없습니다.",
            "en": "The one-time password of {name}. Hand it over, then press 'Handed over'; "
            "after that it cannot be seen again.",
        },
        "users.once_forget": {"ko": "전달했습니다", "en": "Handed over"},
        "account.section": {"ko": "내 계정", "en": "Your account"},
        "account.nav": {"ko": "비밀번호 변경", "en": "Change password"},
        "account.title": {"ko": "비밀번호 변경", "en": "Change your password"},
        "account.caption": {
            "ko": "비밀번호는 {length}자 이상이어야 하며, 흔히 쓰이는 비밀번호나 사용자 이름이 "
            "들어간 비밀번호는 쓸 수 없습니다.",
            "en": "A password needs at least {length} characters and may not be a common "
            "password or contain the user name.",
        },
        "account.current": {"ko": "지금 비밀번호", "en": "Current password"},
        "account.new": {"ko": "새 비밀번호", "en": "New password"},
        "account.again": {"ko": "새 비밀번호 확인", "en": "New password again"},
        "account.submit": {"ko": "비밀번호 바꾸기", "en": "Change the password"},
        "account.mismatch": {
            "ko": "새 비밀번호 두 칸이 다릅니다.",
            "en": "The two new passwords differ.",
        },
        "account.changed": {
            "ko": "비밀번호를 바꿨습니다. 다른 창과 기기의 로그인은 끝났습니다.",
            "en": "Your password was changed. Your other tabs and devices are signed out.",
        },
        "account.must_change": {
            "ko": "초기화된 일회용 비밀번호로 로그인했습니다. 계속하려면 자신의 비밀번호를 "
            "정해 주십시오.",
            "en": "You signed in with a one-time password. Choose your own password to go on.",
        },
        "account.once": {"ko": "일회용 비밀번호", "en": "One-time password"},
        "dash.audit.action.user.add": {"ko": "사용자 생성", "en": "Created a user"},
        "dash.audit.action.user.disable": {"ko": "사용자 사용 중지", "en": "Disabled a user"},
        "dash.audit.action.user.enable": {"ko": "사용자 다시 사용", "en": "Enabled a user"},
        "dash.audit.action.user.unlock": {"ko": "계정 잠금 해제", "en": "Lifted a lockout"},
        "dash.audit.action.user.reset": {"ko": "비밀번호 초기화", "en": "Reset a password"},
        "dash.audit.action.user.password": {
            "ko": "비밀번호 변경",
            "en": "Changed a password",
        },
    }
)
