"""Population sizes (N) that HR records per wave, for participation and the
finite population correction. Pure: shared by the pages and the command line."""

from __future__ import annotations

from scoring.questionnaire import Survey
from survey.store import Wave

__all__ = ["headcount_for"]


def headcount_for(
    the_survey: Survey, wave: Wave | None, filter: tuple[str, str] | None
) -> int | None:
    """The population size N of a view: the wave's total, or one option's headcount.

    HR records headcounts per option of one demographic (usually the
    department) and per age band; a filter on one of those demographics
    takes that option's headcount, any other filter has no known N.
    """
    if wave is None:
        return None
    if filter is None:
        return wave.headcount_total
    demographic = the_survey.demographic(filter[0])
    if demographic is None:
        return None
    options = {o.id for o in demographic.options}
    for counts in (wave.headcount, wave.headcount_by_age):
        if counts and set(counts) <= options:
            return counts.get(filter[1])
    return None
