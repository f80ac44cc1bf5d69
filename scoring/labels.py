"""Labels of a report's outputs: a survey's ids and the report's words, in Korean or English."""

from __future__ import annotations

from typing import Any

from scoring import messages
from scoring.questionnaire import Survey

__all__ = ["Labels", "ReportLabels"]


class Labels:
    """Korean or English labels of a survey's ids, and words by message key.

    A key is looked up as ``prefix + key`` (`scoring.messages`); the missing
    answers' group and the index are named by the keys ``no_answer_key`` and
    ``index_key``. An id the survey does not hold is shown as it is.
    """

    no_answer_key = "no_answer"
    index_key = "index"

    def __init__(self, survey: Survey, lang: str, prefix: str = "render.") -> None:
        self.survey = survey
        self.lang = lang
        self.prefix = prefix

    def __call__(self, key: str, **params: Any) -> str:
        return messages.text(self.prefix + key, self.lang, **params)

    def dimension(self, dimension_id: str) -> str:
        dimension = self.survey.dimension(dimension_id)
        return dimension.label.get(self.lang) if dimension else dimension_id

    def item(self, item_id: str) -> str:
        item = self.survey.item(item_id)
        return item.text.get(self.lang) if item else item_id

    def demographic(self, demographic_id: str) -> str:
        demographic = self.survey.demographic(demographic_id)
        return demographic.label.get(self.lang) if demographic else demographic_id

    def option(self, demographic_id: str, option_id: str | None) -> str:
        if option_id is None:
            return self(self.no_answer_key)
        demographic = self.survey.demographic(demographic_id)
        for option in demographic.options if demographic else ():
            if option.id == option_id:
                return option.label.get(self.lang)
        return option_id

    def measure(self, row_id: str) -> str:
        return self(self.index_key) if row_id == "index" else self.dimension(row_id)


class ReportLabels(Labels):
    """The renderers' labels: the survey's ids and the report's words (``render.*``).

    The methods taking a report read the dictionary of `Report.to_dict()`
    (METHOD.md's JSON).
    """

    def suppressed(self, report: dict) -> str:
        return self("suppressed_group", k=report.get("min_group") or self.survey.min_group_size)

    def projection(self, report: dict) -> str:
        """The projection's sentence, as the pages and the PDF say it (`scoring.index.outlook`)."""
        from scoring.index import Projection, outlook_text

        projection = Projection(**report["projection"])
        waves = [point["wave"] for point in report.get("trend") or []]
        return outlook_text(projection, waves, self.lang)[1]
