"""Young employees: how they answered compared with everyone else, and what they wrote."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import plain
from scoring.index import Estimate
from survey import analysis, charts, comment_view, export, session, youth_view
from survey.i18n import current_lang, t

user = session.require_role("youth_panel", "hr")
st.set_page_config(layout="wide")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

st.title(t("youth.title"))
st.caption(t("youth.caption", k=survey.min_group_size))
if survey.youth is None:
    st.warning(t("youth.no_rule"))
    st.stop()
st.markdown(youth_view.markdown(youth_view.definition(survey, lang)))
if src.open:
    st.info(t("youth.open_wave_note", waves=", ".join(src.open)))
wave = analysis.select_wave(src, t("youth.wave"), key="youth_wave")
if wave is None:
    st.info(t("youth.no_closed_wave"))
    st.stop()

# What the panel can check about padding (threat model): codes against headcount.
chosen = src.wave(wave)
if chosen is not None and chosen.origin == "imported":
    st.caption(t("youth.wave_imported"))
elif chosen is not None and chosen.access_mode == "codes":
    headcount = chosen.headcount_total
    st.caption(
        t(
            "youth.codes_against" if headcount else "youth.codes_no_headcount",
            codes=charts.whole(chosen.codes_issued),
            headcount=charts.whole(headcount),
        )
    )

comparison = analysis.report(src, wave, youth=True).report.youth
page = youth_view.page_figures(src, wave)
figures = page.figures
analysis.audit_once(store, user.name, "report.view", {"page": "youth", "wave": wave})
# scoring.youth hides in every case the report's youth comparison hides, and more.
if figures.suppressed or comparison.suppressed:
    st.warning(t(f"youth.hidden.{figures.reason or 'few'}", k=figures.min_group))
    st.stop()

k = figures.min_group
target = float(survey.target)
youth_name, rest_name = t("youth.group.youth"), t("youth.group.rest")
target_label = t("youth.target_rule", target=charts.number(target, 0))
labels = {"index": t("youth.index"), **{d.id: d.label.get(lang) for d in survey.dimensions}}
rows = {row.id: row for row in comparison.rows}


def points(value: float) -> str:
    return t("youth.points", value=charts.number(value))


def interval(estimate: Estimate) -> str:
    return t("youth.ci", low=charts.number(estimate.ci_low), high=charts.number(estimate.ci_high))


# ---------------------------------------------------------------- headline
st.subheader(t("youth.headline"))
index_row, index_measure = rows["index"], figures.measure("index")
young_col, rest_col, diff_col = st.columns(3)
young_col.metric(t("youth.metric.youth", n=charts.whole(figures.n_youth)), points(index_row.mean_a))
young_col.caption(interval(index_measure.youth))
rest_col.metric(t("youth.metric.rest", n=charts.whole(figures.n_rest)), points(index_row.mean_b))
rest_col.caption(interval(index_measure.rest))
diff_col.metric(t("youth.metric.diff"), charts.signed(index_row.diff))
diff_col.caption(youth_view.significance(index_row, lang))
words = youth_view.effect_words(index_row.hedges_g, lang)
if words is not None:
    diff_col.caption(t("youth.effect", g=charts.number(index_row.hedges_g, 2), word=words))
st.markdown(
    youth_view.markdown(youth_view.sentences([index_row], labels, youth_name, rest_name, lang)[0])
)
st.caption(t("youth.method"))

# ---------------------------------------------------------------- dimensions
st.subheader(t("youth.dimensions"))
st.caption(t("youth.dimensions_caption"))
dimension_rows = [r for r in comparison.rows if r.id != "index"]
st.markdown(
    "\n".join(
        "- " + youth_view.markdown(line)
        for line in youth_view.sentences(dimension_rows, labels, youth_name, rest_name, lang)
    )
)
pairs = []
for row in comparison.rows:
    for group, value in ((youth_name, row.mean_a), (rest_name, row.mean_b)):
        pairs.append(
            {"label": labels[row.id], "group": group, "score": value, "text": points(value)}
        )
st.altair_chart(
    youth_view.dumbbell(
        pd.DataFrame(pairs),
        target,
        score_title=t("youth.score"),
        group_title=t("youth.group"),
        target_label=target_label,
    ),
    width="stretch",
)
with st.expander(t("youth.stats")):
    st.dataframe(youth_view.comparison_table(comparison, figures, labels, lang), hide_index=True)
    for line in plain.glossary(lang):
        st.markdown(line)

# ---------------------------------------------------------------- items
st.subheader(t("youth.items"))
st.caption(t("youth.items_caption"))
largest = figures.largest_gaps(5)
if largest:
    st.dataframe(youth_view.item_table(largest, survey, labels, lang), hide_index=True)
    shown = [g for g in figures.items if not g.suppressed]
    with st.expander(t("youth.items_all")):
        st.dataframe(youth_view.item_table(shown, survey, labels, lang), hide_index=True)
else:
    st.info(t("youth.items_none", k=charts.whole(k)))

# ---------------------------------------------------------------- the panel
panel = page.panel
if panel is not None:
    st.subheader(t("youth.panel"))
    if panel.suppressed:
        st.info(t(f"youth.hidden.{panel.reason}", k=k))
    else:
        demographic = survey.demographic(panel.demographic)
        member = next(o for o in demographic.options if o.id == panel.member)
        st.caption(
            t(
                "youth.panel_caption",
                demographic=demographic.label.get(lang),
                member=member.label.get(lang),
                members=charts.whole(panel.n_members),
                others=charts.whole(panel.n_others),
            )
        )
        members, others = t("youth.panel_members"), t("youth.panel_others")
        for line in youth_view.sentences(panel.rows, labels, members, others, lang):
            st.markdown("- " + youth_view.markdown(line))
        with st.expander(t("youth.stats")):
            st.dataframe(youth_view.panel_table(panel, labels, lang), hide_index=True)

# ---------------------------------------------------------------- across waves
st.subheader(t("youth.trend"))
st.caption(t("youth.trend_caption"))
trend = page.trend
st.altair_chart(
    youth_view.gap_chart(
        youth_view.trend_lines(trend, youth_name, rest_name, lang),
        target,
        score_title=t("youth.index"),
        wave_title=t("youth.wave"),
        group_title=t("youth.group"),
        target_label=target_label,
    ),
    width="stretch",
)
if not trend.changes:
    st.caption(t("youth.trend_one"))
for line in youth_view.change_sentences(trend, lang):
    st.markdown(line)
last = next((c for c in reversed(trend.changes) if not c.suppressed), None)
if last is not None:
    with st.expander(t("youth.change.dimensions", before=last.wave_before, after=last.wave_after)):
        st.dataframe(youth_view.change_table(last.rows, labels, lang), hide_index=True)

# ---------------------------------------------------------------- participation
st.subheader(t("youth.participation"))
share = page.participation
if share is None:
    st.info(t("youth.participation_unknown"))
else:
    first, second = st.columns(2)
    first.metric(t("youth.participation"), charts.percent(share.youth_rate))
    first.caption(
        t(
            "youth.participation_value",
            n=charts.whole(share.youth_respondents),
            headcount=charts.whole(share.youth_headcount),
        )
    )
    second.metric(t("youth.participation_all"), charts.percent(share.rate))
    second.caption(
        t(
            "youth.participation_all_value",
            n=charts.whole(share.respondents),
            headcount=charts.whole(share.headcount),
        )
    )
    st.caption(t("youth.participation_note"))

# ---------------------------------------------------------------- comments
# The same lists as HR's comments page (scoring.comments): the young or everyone else.
threshold = max(analysis.comment_threshold(), k)
st.subheader(t("youth.comments"))
st.caption(t("youth.comments_caption", threshold=charts.whole(threshold)))
side = st.radio(
    t("youth.comments_side"),
    ["youth", "rest"],
    format_func=lambda s: t(f"youth.comments_side.{s}", lang),
    horizontal=True,
    key="youth_comments_side",
)
found = analysis.comments(src, wave)[side]
analysis.audit_once(
    store, user.name, "comments.view", {"page": "youth", "wave": wave, "list": side}
)
if not found.shown:
    st.info(t("youth.comments_hidden", threshold=charts.whole(found.min_writers)))
else:
    for comment in survey.comments:
        texts = found.texts.get(comment.id, ())
        with st.expander(
            f"{comment.text.get(lang)} · {t('youth.comments_count', count=len(texts))}"
        ):
            if not texts:
                st.caption(t("youth.comments_none"))
            comment_view.show_themes(texts, k, key=f"youth_themes_{side}_{comment.id}")
            for text in texts:
                with st.container(border=True):
                    # st.text shows the characters as written: no Markdown, HTML or links.
                    st.text(text)

# ---------------------------------------------------------------- downloads
st.subheader(t("youth.downloads"))
st.caption(t("youth.downloads_caption"))
parts = youth_view.sections(page, comparison, survey, lang)
detail = {"page": "youth", "wave": wave}
left, right = st.columns(2)
left.download_button(
    t("youth.download_xlsx"),
    data=export.deferred(
        src.url, user.name, "export.xlsx", detail, lambda: youth_view.workbook(parts)
    ),
    file_name=export.file_name("youth", wave, "xlsx"),
    mime=export.XLSX_MIME,
    on_click="ignore",
    icon=":material/download:",
)
right.download_button(
    t("youth.download_csv"),
    data=export.deferred(
        src.url, user.name, "export.csv", detail, lambda: youth_view.csv_bytes(parts)
    ),
    file_name=export.file_name("youth", wave, "csv"),
    mime=export.CSV_MIME,
    on_click="ignore",
    icon=":material/download:",
)
