"""Strings of the employee survey form."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        # choosing the wave
        "form.survey_broken": {
            "ko": "설문 정의 파일에 문제가 있어 설문을 열 수 없습니다. 담당 부서에 알려 주십시오.",
            "en": "The survey cannot open because its definition file has a problem. "
            "Please tell the survey team.",
        },
        "form.no_open_wave": {
            "ko": "현재 진행 중인 설문이 없습니다. 설문이 시작되면 안내받은 주소로 다시 "
            "접속해 주십시오.",
            "en": "There is no survey open right now. Please come back through the link you "
            "receive when one starts.",
        },
        "form.wave_unknown": {
            "ko": "'{name}' 설문을 찾을 수 없습니다. 안내받은 주소가 맞는지 확인해 주십시오.",
            "en": "There is no survey called '{name}'. Please check the link you received.",
        },
        "form.wave_closed": {
            "ko": "'{name}' 설문은 마감되어 더 이상 응답을 받지 않습니다.",
            "en": "The survey '{name}' has closed and takes no more responses.",
        },
        "form.wave_draft": {
            "ko": "'{name}' 설문은 아직 시작되지 않았습니다. 시작 안내를 받은 뒤 다시 "
            "접속해 주십시오.",
            "en": "The survey '{name}' has not started yet. Please come back once it opens.",
        },
        "form.wave_choose": {"ko": "응답할 설문", "en": "Survey to answer"},
        # the opening page
        "form.intro.purpose": {
            "ko": "이 설문은 우리 기관의 조직문화를 함께 점검하는 익명 설문입니다. 응답은 "
            "0~100점의 '조직문화 지수'로 모이며, 기관은 이 지수를 {target}점까지 높이는 것을 "
            "목표로 삼고 있습니다. 솔직한 응답이 무엇부터 바꿔야 하는지 알려 줍니다.",
            "en": "This anonymous survey looks at our organization's culture together. The "
            "answers add up to a culture index from 0 to 100, and the organization aims to "
            "raise it to {target}. Honest answers show what to change first.",
        },
        "form.intro.time": {
            "ko": "응답에는 10분 정도 걸립니다. 문항은 {questions}개이며, 답하기 어려운 문항은 "
            "비워 둘 수 있습니다.",
            "en": "It takes about 10 minutes. There are {questions} questions, and you may "
            "leave out any you find hard to answer.",
        },
        "form.intro.privacy_title": {"ko": "익명성 약속", "en": "Our promise of anonymity"},
        "form.intro.stored": {
            "ko": "**저장하는 것**: 문항별 응답, 직접 고른 경우에만 응답자 특성(부서, 연령대 "
            "등), 자유 의견.",
            "en": "**What is stored**: your answers, the background questions (department, "
            "age and so on) only if you choose to answer them, and your comments.",
        },
        "form.intro.not_stored": {
            "ko": "**저장하지 않는 것**: 이름, 사번, 이메일, IP 주소, 사용한 기기나 브라우저, "
            "응답한 시각.",
            "en": "**What is never stored**: your name, employee number, e-mail, IP address, "
            "device or browser, and the time you answered.",
        },
        "form.intro.codes": {
            "ko": "접근 코드는 사용했다는 표시만 남고, 어떤 응답에 쓰였는지는 기록되지 않습니다. "
            "코드와 응답은 서로 연결할 수 없습니다.",
            "en": "An access code is only marked as used; which response it went with is never "
            "recorded, so codes cannot be linked to answers.",
        },
        "form.intro.open": {
            "ko": "이 설문은 공개 주소로 진행되며, 누가 응답했는지 알 수 있는 정보는 "
            "받지 않습니다.",
            "en": "This survey runs on an open link and asks for nothing that tells who answered.",
        },
        "form.intro.groups": {
            "ko": "결과는 집단 단위로만 보고되며, 응답자가 {k}명 미만인 집단의 결과는 어떤 "
            "화면이나 보고서에도 나타나지 않습니다. 자유 의견은 응답자 특성 없이 무작위 "
            "순서로만 보여 줍니다.",
            "en": "Results are reported for groups only, and no result of a group with fewer "
            "than {k} respondents is ever shown on any page or report. Comments are shown "
            "without any background answers and in random order.",
        },
        "form.code.label": {"ko": "접근 코드", "en": "Access code"},
        "form.code.help": {
            "ko": "안내받은 8자리 코드를 입력해 주십시오(예: K7M2-QX9P). 대소문자와 하이픈은 "
            "구분하지 않습니다.",
            "en": "Enter the 8-character code you received (for example K7M2-QX9P). Case and "
            "dashes do not matter.",
        },
        "form.code.submit": {"ko": "코드 확인하고 시작하기", "en": "Check the code and start"},
        "form.code.missing": {
            "ko": "접근 코드를 입력해 주십시오.",
            "en": "Please enter your access code.",
        },
        # One message for an unknown and a used code: telling them apart would
        # tell whoever holds someone's code whether that person has answered.
        "form.code.invalid": {
            "ko": "이 코드로는 응답할 수 없습니다. 받은 코드를 다시 확인해 주십시오. 코드 하나로는 "
            "한 번만 응답할 수 있으며, 응답한 적이 없는데도 이 안내가 나오면 인사 담당 부서에 새 "
            "코드를 요청해 주십시오.",
            "en": "This code cannot be used. Please check the code you received. Each code "
            "answers once; if you have not answered and still see this, ask HR for a new code.",
        },
        "form.code.cooldown": {
            "ko": "잘못된 코드를 여러 번 입력했습니다. {seconds}초 뒤에 다시 시도해 주십시오.",
            "en": "Too many wrong codes. Please try again in {seconds} seconds.",
        },
        "form.code.accepted": {
            "ko": "접근 코드가 확인되었습니다.",
            "en": "Your access code is confirmed.",
        },
        "form.code.again": {
            "ko": "제출하려면 사용하지 않은 접근 코드가 필요합니다. 입력한 응답은 그대로 있습니다.",
            "en": "Submitting needs an unused access code. Your answers are still here.",
        },
        "form.start": {"ko": "설문 시작하기", "en": "Start the survey"},
        "form.resume": {"ko": "이어서 응답하기", "en": "Continue"},
        # unsent answers kept in the browser (survey/draft.py)
        "form.unsent.note": {
            "ko": "**제출하기 전의 응답**: 서버에 저장하지 않고 이 기기의 브라우저에만 "
            "보관합니다. 새로 고침하거나 창을 닫았다가 1시간 안에 다시 열면 이어서 응답할 수 "
            "있으며, 제출하거나 '응답 지우기'를 누르면 바로 지웁니다. 접근 코드는 보관하지 "
            "않습니다.",
            "en": "**Answers not yet submitted**: never stored on the server, only kept by "
            "this browser on this device, so after a reload, or if you close the tab and come "
            "back within an hour, you can carry on. They are removed as soon as you submit or "
            "choose 'Discard my answers'. Your access code is not kept.",
        },
        "form.unsent.discard": {"ko": "응답 지우기", "en": "Discard my answers"},
        "form.unsent.discard_help": {
            "ko": "여러 사람이 함께 쓰는 컴퓨터라면 자리를 뜨기 전에 응답을 지우십시오.",
            "en": "On a shared computer, discard your answers before you leave it.",
        },
        "form.unsent.confirm": {
            "ko": "지금까지 입력한 응답을 이 화면과 브라우저에서 모두 지웁니다. 되돌릴 수 "
            "없습니다.",
            "en": "This removes every answer you have given from this page and this browser. "
            "It cannot be undone.",
        },
        "form.unsent.confirm_yes": {"ko": "모두 지우기", "en": "Discard them all"},
        "form.unsent.confirm_no": {"ko": "계속 응답하기", "en": "Keep answering"},
        "form.unsent.discarded": {
            "ko": "응답을 지웠습니다. 이 브라우저에도 남아 있지 않습니다.",
            "en": "Your answers were discarded. Nothing of them is left in this browser.",
        },
        "form.unsent.restored": {
            "ko": "이 브라우저에 보관된 응답을 불러왔습니다. 이어서 응답해 주십시오.",
            "en": "The answers this browser kept are back. Please carry on.",
        },
        "form.unsent.code_again": {
            "ko": "접근 코드는 보관하지 않으므로, 제출하기 전에 코드를 다시 입력해 주십시오.",
            "en": "Your access code is not kept, so please enter it again before you submit.",
        },
        "form.staff_link": {"ko": "담당자 로그인", "en": "Staff sign-in"},
        # the question steps
        "form.progress": {"ko": "{step}/{total} 단계", "en": "Step {step} of {total}"},
        "form.step.outcomes": {"ko": "전반적인 생각", "en": "Overall"},
        "form.step.demographics": {"ko": "응답자 특성(선택)", "en": "About you (optional)"},
        "form.step.comments": {"ko": "자유 의견(선택)", "en": "Comments (optional)"},
        "form.step.review": {"ko": "검토 및 제출", "en": "Review and submit"},
        "form.likert_help": {
            "ko": "각 문장에 얼마나 동의하는지 골라 주십시오.",
            "en": "How much do you agree with each statement?",
        },
        "form.recommend_end": {"ko": "{value} ({anchor})", "en": "{value} ({anchor})"},
        "form.recommend_low": {"ko": "전혀 추천하지 않음", "en": "not at all likely"},
        "form.recommend_high": {"ko": "매우 추천함", "en": "extremely likely"},
        "form.recommend_scale": {
            "ko": "0 = 전혀 추천하지 않음, 10 = 매우 추천함",
            "en": "0 = not at all likely, 10 = extremely likely",
        },
        "form.demographics_help": {
            "ko": "모두 선택 문항입니다. 답하고 싶지 않으면 '응답하지 않음'을 고르거나 비워 "
            "두십시오. 이 답은 {k}명 이상인 집단의 결과를 나누어 볼 때만 쓰입니다.",
            "en": "All optional. Choose 'Prefer not to say' or leave a question blank if you "
            "wish. These answers are only used to show results of groups of {k} or more.",
        },
        "form.no_answer": {"ko": "응답하지 않음", "en": "Prefer not to say"},
        "form.comments_help": {
            "ko": "자유롭게 적어 주십시오. 이름, 연락처, 특정인을 알아볼 수 있는 일화처럼 나나 "
            "다른 사람을 드러낼 수 있는 내용은 적지 마십시오.",
            "en": "Write freely, but leave out names, contact details and anything else, such "
            "as a particular incident, that could identify you or someone else.",
        },
        "form.masking.notice": {
            "ko": "저장할 때 아래 부분은 개인정보 보호를 위해 가려집니다. 원하시면 직접 고쳐 "
            "주십시오.",
            "en": "To protect personal data, the parts below will be masked when your answer is "
            "stored. You can edit them yourself if you prefer.",
        },
        "form.masking.part": {
            "ko": "“{part}” → {placeholder} ({reason})",
            "en": "“{part}” → {placeholder} ({reason})",
        },
        "form.prev": {"ko": "이전", "en": "Back"},
        "form.next": {"ko": "다음", "en": "Next"},
        "form.to_review": {"ko": "검토하기", "en": "Review"},
        # review and submission
        "form.review.count": {
            "ko": "{total}개 문항 중 {answered}개에 응답했습니다.",
            "en": "You have answered {answered} of {total} questions.",
        },
        "form.review.complete": {
            "ko": "모든 문항에 응답했습니다. 제출하기 전에는 이전 단계로 돌아가 응답을 고칠 수 "
            "있습니다.",
            "en": "You have answered every question. You can still go back and change any "
            "answer before submitting.",
        },
        "form.review.missing_title": {
            "ko": "응답하지 않은 문항",
            "en": "Questions without an answer",
        },
        "form.review.go_to": {"ko": "'{section}' 단계로 돌아가기", "en": "Back to '{section}'"},
        "form.submit": {"ko": "제출하기", "en": "Submit"},
        "form.confirm": {
            "ko": "응답하지 않은 문항이 {count}개 있습니다. 그대로 제출하시겠습니까?",
            "en": "{count} questions have no answer. Submit anyway?",
        },
        "form.confirm_yes": {"ko": "그대로 제출하기", "en": "Submit anyway"},
        "form.confirm_no": {"ko": "돌아가서 답하기", "en": "Go back and answer"},
        "form.kept": {
            "ko": "입력한 응답은 이 화면에 그대로 남아 있습니다. 잠시 후 다시 제출해 주십시오.",
            "en": "Your answers are still here. Please try submitting again in a moment.",
        },
        "form.thanks.title": {"ko": "응답해 주셔서 감사합니다", "en": "Thank you for answering"},
        "form.thanks.body": {
            "ko": "응답이 저장되었습니다. 응답은 누구의 것인지 알 수 없는 형태로만 보관되며, "
            "결과는 집단 단위로만 공유됩니다. 이 창을 닫으셔도 됩니다.",
            "en": "Your response has been stored. It is kept in a form that cannot be traced "
            "to you, and results are shared for groups only. You may close this window.",
        },
    }
)
