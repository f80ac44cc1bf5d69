"""Strings of the accessibility statement (접근성 안내) and the page-wide accessibility fixes."""

from __future__ import annotations

from survey.i18n import register

register(
    {
        "a11y.nav": {"ko": "접근성 안내", "en": "Accessibility"},
        "a11y.title": {"ko": "접근성 안내", "en": "Accessibility statement"},
        "a11y.intro": {
            "ko": "이 설문은 장애가 있는 직원을 포함해 모든 직원이 응답할 수 있어야 익명 "
            "설문이라고 할 수 "
            "있습니다. 한국형 웹 콘텐츠 접근성 지침(KWCAG 2.2)과 이 지침이 따르는 WCAG 2.1 AA "
            "수준을 "
            "목표로 만들었습니다.",
            "en": "A survey is only anonymous for everyone if every employee can answer it, "
            "including colleagues with disabilities. It is built to the Korean web content "
            "accessibility guidelines (KWCAG 2.2) and WCAG 2.1 level AA, which they follow.",
        },
        "a11y.met_title": {"ko": "지키고 있는 것", "en": "What is met"},
        "a11y.met": {
            "ko": "- 화면의 언어(한국어·영어)를 페이지에 표시해 화면 낭독기가 알맞은 발음으로 "
            "읽습니다.\n"
            "- 설문 전체를 키보드만으로 응답할 수 있습니다(Tab, 화살표, Space, Enter). 초점이 있는 "
            "곳에는 굵은 테두리가 보입니다.\n"
            "- 좁은 화면(휴대전화)에서는 응답 척도를 한 줄에 하나씩 세로로 보여 드려 척도의 순서가 "
            "흐트러지지 않습니다. 0~10점 척도도 같습니다.\n"
            "- 글자와 배경의 명도 대비는 4.5:1 이상, 입력 요소의 테두리는 3:1 이상입니다. 도표의 "
            "가린 칸(회색)도 포함합니다.\n"
            "- 도표의 장식용 선(목표선 등)은 화면 낭독기가 건너뛰고, 목표와 수치는 도표 옆의 글과 "
            "표로 함께 보여 드립니다.\n"
            "- 모든 도표 아래에 한 문장 요약이 있고(화면 낭독기는 이 문장을 도표의 이름으로 "
            "읽습니다), 도표의 값은 바로 옆의 표나 '차트의 값을 표로 보기'에서 한 번에 볼 수 "
            "있습니다.\n"
            "- 제출하기 전의 응답은 이 기기의 브라우저에만 1시간 동안 보관되어, 새로 고침하거나 "
            "창을 닫았다가 다시 열어도 이어서 응답할 수 있습니다. 서버에는 제출하기 전까지 "
            "아무것도 저장하지 않으며, '응답 지우기'로 언제든 지울 수 있습니다.\n"
            "- 담당자는 새로 고침하거나 새 탭을 열어도 로그인이 유지되고, 한 창에서 로그아웃하면 "
            "모든 창에서 로그아웃됩니다.\n"
            "- 인쇄하면 메뉴와 버튼 없이 내용만 A4 용지에 나옵니다.\n"
            "- 모든 화면을 axe-core(WCAG 2.1 A·AA 규칙)로 한국어와 영어, 375px와 1280px 너비에서 "
            "자동 점검하며, 심각(serious)·치명(critical) 수준의 위반이 없어야 배포합니다.",
            "en": "- The page declares its language (Korean or English), so screen readers "
            "pronounce it correctly.\n"
            "- The whole survey can be answered with the keyboard alone (Tab, arrows, Space, "
            "Enter), with a clearly visible focus ring.\n"
            "- On narrow screens (phones) the answer scale is a vertical list, one point a line, "
            "so its order is never broken; the 0 to 10 scale too.\n"
            "- Text contrast is at least 4.5:1 and control borders at least 3:1, grey hidden "
            "cells in charts included.\n"
            "- Screen readers skip the charts' decorative lines (the target line and the like); "
            "the target and the figures are also given as text and tables beside the charts.\n"
            "- Every chart has a one-sentence summary under it (screen readers read it as the "
            "chart's name), and its figures are one click away, in the table beside it or "
            "under 'The chart's figures as a table'.\n"
            "- Answers not yet submitted are kept by this browser on this device for an hour, "
            "so a reload or a closed tab loses nothing; nothing is stored on the server before "
            "you submit, and 'Discard my answers' removes them at any time.\n"
            "- Staff stay signed in across reloads and new tabs, and signing out in one tab "
            "signs out all of them.\n"
            "- Printed pages hold the content only, on A4, without menus or buttons.\n"
            "- Every page is checked automatically with axe-core (WCAG 2.1 A and AA rules) in "
            "Korean and English at 375 and 1280 px wide; nothing of impact serious or critical "
            "may remain.",
        },
        "a11y.limits_title": {"ko": "알려진 한계", "en": "Known limits"},
        "a11y.limits": {
            "ko": "- 이 앱은 Streamlit으로 만들어졌습니다. Streamlit의 일부 구성 요소(메뉴 목록 "
            "구조, 표의 가상 스크롤)는 화면 낭독기에서 자연스럽지 않을 수 있어, 메뉴는 목록 대신 "
            "링크 묶음으로 고쳐 보여 드립니다.\n"
            "- 자동 점검은 문제의 일부만 찾아냅니다. 화면 낭독기(NVDA, VoiceOver, TalkBack)로 직접 "
            "확인하지 못한 부분이 있을 수 있습니다.\n"
            "- Streamlit이 영어로만 쓰는 말은 저희 말로 바꿔 보여 드리지만(파일 올리기, 메뉴 더 "
            "보기, 표와 도표의 도구 모음, 선택 상자의 안내, 입력 안내 등), 달력의 월·요일 이름과 "
            "표의 열 메뉴(정렬 등)는 영어로 남아 있습니다. Streamlit에 다국어 지원이 아직 없기 "
            "때문입니다(streamlit/streamlit#1353). 날짜는 달력 대신 YYYY/MM/DD 형식으로 직접 "
            "입력할 수 있습니다.\n"
            "- 응답 분포 도표의 가운데(보통) 색은 배경과의 대비가 3:1에 못 미칩니다. 각 칸의 "
            "비율은 도표 아래 '차트의 값을 표로 보기'에 있습니다.",
            "en": "- The app is built with Streamlit. Some of its parts (the menu's list "
            "structure, virtual scrolling in tables) may read awkwardly with a screen reader; "
            "the menu is shown as groups of links instead of a list.\n"
            "- Automatic checks find only part of the problems; not every page has been tried "
            "with a screen reader (NVDA, VoiceOver, TalkBack).\n"
            "- Streamlit's English-only words are replaced by ours on Korean pages (the file "
            "uploader, the menu's 'View more', the table and chart toolbars, select and input "
            "hints), but the date picker's month and day names and the table's column menu "
            "(sorting) stay in English: Streamlit has no translations yet "
            "(streamlit/streamlit#1353). A date can be typed as YYYY/MM/DD instead.\n"
            "- The middle (neutral) colour of the answer distribution charts is below 3:1 "
            "against the background; every share is in the chart's table right under it.",
        },
        "a11y.report_title": {"ko": "문제 알리기", "en": "How to report a problem"},
        "a11y.report": {
            "ko": "응답하거나 결과를 읽는 데 불편한 점이 있으면 인사 담당 부서에 알려 주십시오. "
            "어느 화면에서 어떤 기기·브라우저·보조 기술로 무엇이 어려웠는지 적어 주시면 빨리 고칠 "
            "수 있습니다. 설문 응답은 다른 방법(종이 설문지 등)으로도 받을 수 있도록 요청할 수 "
            "있습니다. 알려 주실 때 설문에 어떻게 답했는지는 적지 마십시오.",
            "en": "If anything makes answering or reading results hard, tell HR: which page, "
            "which device, browser or assistive technology, and what went wrong, so it can be "
            "fixed quickly. You can also ask to answer in another way (a paper form, for "
            "example). Please do not say how you answered the survey when you report.",
        },
        "a11y.checked": {
            "ko": "점검 기준: KWCAG 2.2, WCAG 2.1 AA. 점검 도구: axe-core(브라우저 자동 점검).",
            "en": "Checked against KWCAG 2.2 and WCAG 2.1 AA with axe-core (automatic browser "
            "checks).",
        },
        "a11y.upload.drop": {
            "ko": "파일을 여기로 끌어 놓으십시오",
            "en": "Drag and drop a file here",
        },
        "a11y.upload.limit": {
            "ko": "파일 하나에 200MB까지",
            "en": "Up to 200 MB per file",
        },
        "a11y.upload.browse": {"ko": "파일 선택", "en": "Choose a file"},
        "a11y.nav.more": {"ko": "메뉴 {n}개 더 보기", "en": "View {n} more"},
        "a11y.nav.less": {"ko": "메뉴 접기", "en": "View less"},
        # Streamlit's own words on our pages (survey.style.STREAMLIT_WORDS)
        "a11y.st.skip": {"ko": "본문으로 바로 가기", "en": "Skip to main content"},
        "a11y.st.sidebar": {"ko": "사이드바", "en": "Sidebar"},
        "a11y.st.collapse": {"ko": "사이드바 접기", "en": "Collapse sidebar"},
        "a11y.st.expand": {"ko": "사이드바 펼치기", "en": "Expand sidebar"},
        "a11y.st.pages": {"ko": "화면 목록", "en": "App pages"},
        "a11y.st.menu": {"ko": "주 메뉴", "en": "Main menu"},
        "a11y.st.heading_link": {"ko": "이 제목으로 가는 링크", "en": "Link to heading"},
        "a11y.st.open": {"ko": "열기", "en": "Open"},
        "a11y.st.close": {"ko": "닫기", "en": "Close"},
        "a11y.st.choose": {"ko": "선택해 주십시오", "en": "Choose an option"},
        "a11y.st.choose_many": {"ko": "하나 이상 선택해 주십시오", "en": "Choose options"},
        "a11y.st.no_results": {"ko": "찾는 항목이 없습니다", "en": "No results"},
        "a11y.st.clear_all": {"ko": "모두 지우기", "en": "Clear all"},
        "a11y.st.show_data": {"ko": "데이터 보기", "en": "Show data"},
        "a11y.st.png": {"ko": "PNG로 내려받기", "en": "Download as PNG"},
        "a11y.st.svg": {"ko": "SVG로 내려받기", "en": "Download as SVG"},
        "a11y.st.spec": {"ko": "차트 명세(Vega-Lite) 복사", "en": "Copy Vega-Lite spec"},
        "a11y.st.fullscreen": {"ko": "전체 화면", "en": "Fullscreen"},
        "a11y.st.fullscreen_close": {"ko": "전체 화면 닫기", "en": "Close fullscreen"},
        "a11y.st.columns": {"ko": "열 보이기·숨기기", "en": "Show/hide columns"},
        "a11y.st.csv": {"ko": "CSV로 내려받기", "en": "Download as CSV"},
        "a11y.st.search": {"ko": "검색", "en": "Search"},
        "a11y.st.date": {"ko": "날짜 선택", "en": "Choose date"},
        "a11y.st.copy": {"ko": "클립보드에 복사", "en": "Copy to clipboard"},
        "a11y.st.show_password": {"ko": "비밀번호 보기", "en": "Show password"},
        "a11y.st.hide_password": {"ko": "비밀번호 숨기기", "en": "Hide password"},
        "a11y.st.running": {"ko": "실행 중...", "en": "Running..."},
        "a11y.st.stop": {"ko": "중지", "en": "Stop"},
        "a11y.st.enter_apply": {"ko": "Enter 키를 누르면 적용됩니다", "en": "Press Enter to apply"},
        "a11y.st.enter_submit": {
            "ko": "Enter 키를 누르면 제출됩니다",
            "en": "Press Enter to submit form",
        },
        "a11y.st.ctrl_apply": {
            "ko": "Ctrl+Enter 키를 누르면 적용됩니다",
            "en": "Press Ctrl+Enter to apply",
        },
        "a11y.st.ctrl_submit": {
            "ko": "Ctrl+Enter 키를 누르면 제출됩니다",
            "en": "Press Ctrl+Enter to submit form",
        },
        "a11y.st.cmd_apply": {
            "ko": "⌘+Enter 키를 누르면 적용됩니다",
            "en": "Press ⌘+Enter to apply",
        },
        "a11y.st.cmd_submit": {
            "ko": "⌘+Enter 키를 누르면 제출됩니다",
            "en": "Press ⌘+Enter to submit form",
        },
        # every chart's text alternative (survey.style.chart)
        "a11y.chart.extremes": {
            "ko": "{name}: 가장 높은 값은 {top}({top_value}), 가장 낮은 값은 {low}({low_value})"
            "입니다.",
            "en": "{name}: the highest is {top} ({top_value}), the lowest {low} ({low_value}).",
        },
        "a11y.chart.ends": {
            "ko": "{name}: 처음 {first}에 {first_value}, 마지막 {last}에 {last_value}입니다.",
            "en": "{name}: {first_value} in {first}, {last_value} in {last}.",
        },
        "a11y.chart.empty": {
            "ko": "{name}: 보여 줄 수 있는 값이 없습니다.",
            "en": "{name}: there is no figure that may be shown.",
        },
        "a11y.chart.table": {"ko": "차트의 값을 표로 보기", "en": "The chart's figures as a table"},
    }
)
