"""The survey definition: reading `questions.yaml`, validating it, and its runtime model.

The YAML is parsed in three steps: PyYAML composes a node tree (kept for the
line of every key and list entry), pydantic models with no unknown keys check
the shape and the ranges, and a last pass checks what spans several places
(unique ids, weights adding up to 1, one label per scale point, the youth
rule). Every problem found by any step is reported in one `SurveyError`, each
with its YAML path and line. A valid file becomes a tree of frozen dataclasses
that the rest of the package reads.
"""

from __future__ import annotations

import difflib
import math
import os
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NoReturn, Union, get_args, get_origin

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from scoring.errors import Problem, SurveyError
from scoring.files import read_capped, utf8_line
from scoring.messages import quote

__all__ = [
    "MAX_SURVEY_BYTES",
    "Comment",
    "Demographic",
    "Dimension",
    "Item",
    "Option",
    "Outcome",
    "Panel",
    "Survey",
    "Text",
    "Youth",
    "load_survey",
    "parse_survey",
]

# Ids become column names in response files and databases (PostgreSQL cuts
# identifiers at 63 bytes), and option ids become cell values.
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"
RESERVED_IDS = frozenset({"wave"})
WEIGHT_TOLERANCE = 1e-6
RECOMMEND_LOW, RECOMMEND_HIGH = 0, 10


# ---------------------------------------------------------------- runtime model


@dataclass(frozen=True)
class Text:
    """A text in Korean and English; a plain string in the YAML gives both the same."""

    ko: str
    en: str

    def get(self, lang: str = "ko") -> str:
        """The text in `lang`, Korean for any language other than English."""
        return self.en if lang == "en" else self.ko


@dataclass(frozen=True)
class Item:
    """A Likert item of a dimension; `reverse` items are scored ``k + 1 - x``."""

    id: str
    text: Text
    reverse: bool
    dimension: str


@dataclass(frozen=True)
class Dimension:
    """A dimension of the index with its weight and items."""

    id: str
    label: Text
    weight: float
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Option:
    """One answer of a demographic question."""

    id: str
    label: Text


@dataclass(frozen=True)
class Demographic:
    """A demographic question; a missing answer means "prefer not to say"."""

    id: str
    label: Text
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Comment:
    """An open comment question."""

    id: str
    text: Text
    max_length: int


@dataclass(frozen=True)
class Outcome:
    """An outcome question outside the index: answers are integers `low`..`high`."""

    id: str
    text: Text
    kind: Literal["satisfaction", "recommend"]
    low: int
    high: int


@dataclass(frozen=True)
class Panel:
    """Youth panel membership: respondents who answer `option` to `demographic`."""

    demographic: str
    option: str


@dataclass(frozen=True)
class Youth:
    """The youth rule: respondents whose answer to `demographic` is one of `groups`.

    ``panel`` (``survey.youth.panel`` in questions.yaml) marks the youth panel's
    members, whom the youth page compares with the other young employees.
    """

    demographic: str
    groups: tuple[str, ...]
    panel: Panel | None = None


@dataclass(frozen=True)
class Survey:
    """A validated survey definition."""

    id: str
    title: Text
    target: float
    min_group_size: int
    points: int
    scale_labels: tuple[Text, ...]
    youth: Youth | None
    dimensions: tuple[Dimension, ...]
    outcomes: tuple[Outcome, ...]
    demographics: tuple[Demographic, ...]
    comments: tuple[Comment, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in dimension order."""
        return tuple(item for dimension in self.dimensions for item in dimension.items)

    def item(self, id: str) -> Item | None:
        """The item with this id, if any."""
        return next((item for item in self.items if item.id == id), None)

    def dimension(self, id: str) -> Dimension | None:
        """The dimension with this id, if any."""
        return next((d for d in self.dimensions if d.id == id), None)

    def demographic(self, id: str) -> Demographic | None:
        """The demographic with this id, if any."""
        return next((d for d in self.demographics if d.id == id), None)

    def outcome(self, kind: str) -> Outcome | None:
        """The outcome question of this kind ("satisfaction" or "recommend"), if any."""
        return next((o for o in self.outcomes if o.kind == kind), None)

    @property
    def columns(self) -> tuple[str, ...]:
        """The response frame's columns: wave, demographics, items, outcomes, comments."""
        return (
            "wave",
            *(d.id for d in self.demographics),
            *(i.id for i in self.items),
            *(o.id for o in self.outcomes),
            *(c.id for c in self.comments),
        )


# ---------------------------------------------------------------- file schema


def _scalar_text(value: object) -> object:
    # YAML reads `label: 2025` or `[1, 2, 3]` as numbers; as text they mean what they say.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


_Str = Annotated[str, BeforeValidator(_scalar_text), StringConstraints(min_length=1)]
_Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
_Number = Annotated[float, Field(allow_inf_nan=False)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class _TextIn(_Schema):
    ko: _Str
    en: _Str

    @model_validator(mode="before")
    @classmethod
    def _one_string(cls, value: object) -> object:
        value = _scalar_text(value)
        return {"ko": value, "en": value} if isinstance(value, str) else value


class _LabelsIn(_Schema):
    ko: list[_Str]
    en: list[_Str]

    @model_validator(mode="before")
    @classmethod
    def _one_list(cls, value: object) -> object:
        return {"ko": value, "en": value} if isinstance(value, list) else value


class _ScaleIn(_Schema):
    points: int = Field(ge=2, le=11)
    labels: _LabelsIn


class _PanelIn(_Schema):
    demographic: str
    option: str


class _YouthIn(_Schema):
    demographic: str
    groups: list[str] = Field(min_length=1)
    panel: _PanelIn | None = None


class _SurveyIn(_Schema):
    id: _Id
    title: _TextIn
    target: _Number = Field(ge=0, le=100)
    min_group_size: int = Field(default=5, ge=3)
    scale: _ScaleIn
    youth: _YouthIn | None = None


class _ItemIn(_Schema):
    id: _Id
    text: _TextIn
    reverse: bool = False


class _DimensionIn(_Schema):
    id: _Id
    label: _TextIn
    weight: _Number = Field(gt=0)
    items: list[_ItemIn] = Field(min_length=1)


class _QuestionIn(_Schema):
    id: _Id
    text: _TextIn


class _OutcomesIn(_Schema):
    satisfaction: _QuestionIn | None = None
    recommend: _QuestionIn | None = None


class _OptionIn(_Schema):
    id: _Id
    label: _TextIn


class _DemographicIn(_Schema):
    id: _Id
    label: _TextIn
    options: list[_OptionIn] = Field(min_length=1)


class _CommentIn(_Schema):
    id: _Id
    text: _TextIn
    max_length: int = Field(default=1000, ge=1)


class _FileIn(_Schema):
    version: Literal[1]
    survey: _SurveyIn
    dimensions: list[_DimensionIn] = Field(min_length=1)
    outcomes: _OutcomesIn | None = None
    demographics: list[_DemographicIn] = []
    comments: list[_CommentIn] = []


# A range or length error is named by the field it is on.
_CONSTRAINT_KEYS = {
    "weight": "survey.weight_positive",
    "points": "survey.points_range",
    "target": "survey.target_range",
    "min_group_size": "survey.min_group_size",
    "max_length": "survey.max_length",
    "version": "survey.version",
    "id": "survey.bad_id",
    "items": "survey.empty_dimension",
    "dimensions": "survey.no_dimensions",
    "options": "survey.empty_options",
    "groups": "survey.empty_groups",
}
_CONSTRAINT_TYPES = {
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "too_short",
    "literal_error",
    "string_pattern_mismatch",
}
_TYPE_KEYS = {
    "string_type": "survey.expected_string",
    "int_type": "cli.not_integer",
    "int_from_float": "cli.not_integer",
    "float_type": "survey.expected_number",
    "finite_number": "survey.expected_number",
    "bool_type": "survey.expected_bool",
    "list_type": "survey.expected_list",
    "dict_type": "survey.expected_mapping",
    "model_type": "survey.expected_mapping",
    "model_attributes_type": "survey.expected_mapping",
}
_MODEL_TYPE_KEYS = {"_TextIn": "survey.expected_text", "_LabelsIn": "survey.expected_labels"}

_YamlPath = tuple[str | int, ...]


# ---------------------------------------------------------------- loading


MAX_SURVEY_BYTES = 1_000_000
"""The largest survey file read, in bytes: about 70 times the bundled one.

A file past it is refused after reading one byte more than the limit, so a
huge or endless file (a wrong path, /dev/zero) costs neither time nor memory.
"""


def load_survey(path: str | os.PathLike[str]) -> Survey:
    """Read and validate a survey file.

    Raises
    ------
    SurveyError
        When the file cannot be read, is larger than `MAX_SURVEY_BYTES`, is
        not UTF-8, or holds any problem; every problem is listed.
    """
    source = os.fspath(path)
    data = read_capped(path, MAX_SURVEY_BYTES, "survey.file_too_big")
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SurveyError.single(
            "survey.not_utf8", source=source, line=utf8_line(data, exc), offset=exc.start + 1
        ) from None
    return parse_survey(content, source)


def parse_survey(text: str, source: str = "questions.yaml") -> Survey:
    """Validate the text of a survey file and build its model.

    Parameters
    ----------
    text
        The YAML text.
    source
        The name the messages give the file.

    Raises
    ------
    SurveyError
        Listing every problem found, each with its YAML path and line.
    """
    data, lines, duplicate_keys = _compose(text.removeprefix("\ufeff"), source)
    report = _Report(source, lines)
    report.problems.extend(duplicate_keys)
    if data is None:
        raise SurveyError([Problem(source, "", None, "survey.empty", {})])
    if not isinstance(data, dict):
        report.add((), "survey.not_mapping", value=quote(data))
        raise SurveyError(report.problems)
    parsed = None
    try:
        parsed = _FileIn.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _add_pydantic_error(report, error)
    _check_references(data, report)
    if report.problems or parsed is None:
        ordered = sorted(report.problems, key=lambda p: p.line if p.line is not None else 0)
        raise SurveyError(ordered)
    return _build(parsed)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with the line of a value its constructors cannot build."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            # Raised for values such as the date 2025-13-45; without the mark
            # the message could not say where.
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from exc


MAX_NODES = 100_000
"""Values a survey file may hold with YAML aliases expanded (a real survey holds a few thousand)."""


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds with every alias expanded.

    Counted over the node graph with each shared node's size remembered, so
    a file of nested aliases ("billion laughs") is measured without being
    expanded.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done or not children:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _compose(text: str, source: str) -> tuple[Any, dict[_YamlPath, int], list[Problem]]:
    """The YAML's data, the line of every key and list entry, and the keys given twice.

    Raises `SurveyError` when the text is not YAML at all.
    """

    def fail(line: int | None, key: str, **params: object) -> NoReturn:
        raise SurveyError([Problem(source, "", line, key, params)]) from None

    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        if _expanded_size(node) > MAX_NODES:
            fail(None, "survey.too_large", limit=f"{MAX_NODES:,}")
        lines, duplicates = _lines(node, source)
        return loader.construct_document(node), lines, duplicates
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        fail(line, "survey.bad_character", char=f"U+{exc.character:04X}")
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        fail(line, "survey.yaml_invalid", detail=exc.problem)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = "; ".join(part for part in (exc.context, exc.problem) if part)
        if mark is None:
            fail(None, "survey.yaml_invalid", detail=detail)
        fail(mark.line + 1, "survey.yaml_syntax", column=mark.column + 1, detail=detail)
    except yaml.YAMLError as exc:
        fail(None, "survey.yaml_invalid", detail=str(exc))
    except RecursionError:
        fail(None, "survey.too_deep")
    finally:
        if loader is not None:
            loader.dispose()


def _lines(root: yaml.Node, source: str) -> tuple[dict[_YamlPath, int], list[Problem]]:
    """Walk the node tree: path -> 1-based line, and the keys given twice in one mapping."""
    lines: dict[_YamlPath, int] = {(): root.start_mark.line + 1}
    duplicates: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[_YamlPath, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:  # an alias: its lines are those of the anchor
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                child = (*path, key_node.value)
                line = key_node.start_mark.line + 1
                if key_node.value in keys:
                    duplicates.append(
                        Problem(
                            source,
                            _place(child),
                            line,
                            "survey.duplicate_key",
                            {"name": key_node.value},
                        )
                    )
                    continue
                keys.add(key_node.value)
                lines[child] = line
                stack.append((child, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, value_node in enumerate(node.value):
                child = (*path, index)
                lines[child] = value_node.start_mark.line + 1
                stack.append((child, value_node))
    return lines, duplicates


def _place(path: _YamlPath) -> str:
    """``dimensions[2].items[0].id`` from ("dimensions", 2, "items", 0, "id")."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Report:
    """Problems of one file, placed by YAML path and line."""

    def __init__(self, source: str, lines: dict[_YamlPath, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, path: _YamlPath) -> int | None:
        """The line of `path`, or of its nearest ancestor present in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def add(self, path: _YamlPath, message: str, **params: object) -> None:
        self.problems.append(Problem(self.source, _place(path), self.line(path), message, params))


def _add_pydantic_error(report: _Report, error: Any) -> None:
    """Turn one pydantic error into a problem with our message."""
    path: _YamlPath = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    field = next((part for part in reversed(path) if isinstance(part, str)), "")
    if kind == "missing":
        report.add(path, "survey.missing_key", name=field)
    elif kind == "invalid_key":
        # pydantic puts the offending key itself at the end of the location
        report.add((*path[:-1], str(path[-1])), "survey.bad_key", value=quote(path[-1]))
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(path[:-1])
        hint = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        if hint:
            report.add(path, "survey.unknown_key_hint", name=path[-1], hint=hint[0])
        else:
            report.add(path, "survey.unknown_key", name=path[-1], allowed=", ".join(allowed))
    elif kind in _CONSTRAINT_TYPES and field in _CONSTRAINT_KEYS:
        report.add(path, _CONSTRAINT_KEYS[field], value=quote(value))
    elif kind in ("string_too_short", "too_short") and isinstance(value, str):
        report.add(path, "survey.empty_text")
    elif kind == "too_short":
        report.add(path, "survey.empty_list")
    elif value is None and kind in _TYPE_KEYS:
        report.add(path, "survey.empty_value")
    elif kind in ("model_type", "model_attributes_type"):
        class_name = error.get("ctx", {}).get("class_name", "")
        report.add(
            path, _MODEL_TYPE_KEYS.get(class_name, "survey.expected_mapping"), value=quote(value)
        )
    elif kind in _TYPE_KEYS:
        report.add(path, _TYPE_KEYS[kind], value=quote(value))
    else:
        report.add(path, "survey.invalid", detail=error["msg"])


def _allowed_keys(path: _YamlPath) -> list[str]:
    """The keys the schema allows in the mapping at `path`."""
    annotation: Any = _FileIn
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            if get_origin(annotation) is not list:
                return []
            annotation = get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if part not in annotation.model_fields:
                return []
            annotation = annotation.model_fields[part].annotation
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X` from ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


# ---------------------------------------------------------------- checks across places


def _check_references(data: dict, report: _Report) -> None:
    """What no single field can check: ids, weights, label counts, the youth rule.

    Runs on the raw data, so it also reports when the schema found problems;
    anything of the wrong type is skipped, having been reported already.
    """
    survey = _mapping(data.get("survey"))
    dimensions = _sequence(data.get("dimensions"))
    demographics = _sequence(data.get("demographics"))
    _check_ids(data, report)
    _check_weights(dimensions, report)
    _check_labels(_mapping(survey.get("scale")), report)
    youth = _mapping(survey.get("youth"))
    if youth:
        _check_youth(youth, demographics, report)


def _check_ids(data: dict, report: _Report) -> None:
    owners: list[tuple[_YamlPath, object]] = []
    for i, dimension in _entries(data.get("dimensions")):
        owners.append((("dimensions", i, "id"), dimension.get("id")))
        for j, item in _entries(dimension.get("items")):
            owners.append((("dimensions", i, "items", j, "id"), item.get("id")))
    for kind, question in _mapping(data.get("outcomes")).items():
        if isinstance(question, dict):
            owners.append((("outcomes", kind, "id"), question.get("id")))
    for i, demographic in _entries(data.get("demographics")):
        owners.append((("demographics", i, "id"), demographic.get("id")))
        _check_unique(
            [
                (("demographics", i, "options", j, "id"), o.get("id"))
                for j, o in _entries(demographic.get("options"))
            ],
            report,
            lambda path, first, value: report.add(
                path, "survey.duplicate_option", id=value, first=report.line(first)
            ),
        )
    for i, comment in _entries(data.get("comments")):
        owners.append((("comments", i, "id"), comment.get("id")))
    for path, value in owners:
        if isinstance(value, str) and value in RESERVED_IDS:
            report.add(path, "survey.reserved_id")
    _check_unique(
        owners,
        report,
        lambda path, first, value: report.add(
            path,
            "survey.duplicate_id",
            id=value,
            first=_place(first),
            first_line=report.line(first),
        ),
    )


def _check_unique(
    owners: list[tuple[_YamlPath, object]],
    report: _Report,
    complain: Callable[[_YamlPath, _YamlPath, str], None],
) -> None:
    """Call `complain(path, first_path, id)` for every id used again, in file order."""
    first: dict[str, _YamlPath] = {}
    for path, value in sorted(owners, key=lambda owner: report.line(owner[0]) or 0):
        if not isinstance(value, str):
            continue
        if value in first:
            complain(path, first[value], value)
        else:
            first[value] = path


def _check_weights(dimensions: list, report: _Report) -> None:
    weights = [d.get("weight") if isinstance(d, dict) else None for d in dimensions]
    numeric = all(
        isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w) for w in weights
    )
    if weights and numeric:
        total = math.fsum(weights)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            report.add(("dimensions",), "survey.weights_sum", total=format(total, ".10g"))


def _check_labels(scale: dict, report: _Report) -> None:
    points = scale.get("points")
    labels = scale.get("labels")
    if not isinstance(points, int) or isinstance(points, bool) or not 2 <= points <= 11:
        return
    if isinstance(labels, list):
        places = [(("survey", "scale", "labels"), labels)]
    else:
        places = [
            (("survey", "scale", "labels", lang), _mapping(labels).get(lang))
            for lang in ("ko", "en")
        ]
    for path, value in places:
        if isinstance(value, list) and len(value) != points:
            report.add(path, "survey.label_count", points=points, count=len(value))


def _check_youth(youth: dict, demographics: list, report: _Report) -> None:
    name = youth.get("demographic")
    if not isinstance(name, str):
        return
    known = {
        d.get("id"): d for d in demographics if isinstance(d, dict) and isinstance(d.get("id"), str)
    }
    if name not in known:
        report.add(
            ("survey", "youth", "demographic"),
            "survey.youth_demographic",
            value=name,
            known=", ".join(known) or "-",
        )
        return
    options = [o.get("id") for _, o in _entries(known[name].get("options"))]
    for index, group in enumerate(_sequence(youth.get("groups"))):
        if isinstance(group, str) and group not in options:
            report.add(
                ("survey", "youth", "groups", index),
                "survey.youth_option",
                demographic=name,
                value=group,
                known=", ".join(str(o) for o in options) or "-",
            )
    _check_panel(_mapping(youth.get("panel")), name, known, report)


def _check_panel(panel: dict, youth: str, known: dict, report: _Report) -> None:
    name, option = panel.get("demographic"), panel.get("option")
    if not isinstance(name, str):
        return
    place = ("survey", "youth", "panel", "demographic")
    if name not in known:
        report.add(place, "survey.panel_demographic", value=name, known=", ".join(known) or "-")
        return
    if name == youth:
        report.add(place, "survey.panel_same", value=youth)
        return
    options = [o.get("id") for _, o in _entries(known[name].get("options"))]
    if isinstance(option, str) and option not in options:
        report.add(
            ("survey", "youth", "panel", "option"),
            "survey.panel_option",
            demographic=name,
            value=option,
            known=", ".join(str(o) for o in options) or "-",
        )


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _sequence(value: object) -> list:
    return value if isinstance(value, list) else []


def _entries(value: object) -> list[tuple[int, dict]]:
    """(index, entry) for the mappings of a list, skipping whatever else it holds."""
    return [(i, entry) for i, entry in enumerate(_sequence(value)) if isinstance(entry, dict)]


# ---------------------------------------------------------------- building the model


def _text(value: _TextIn) -> Text:
    return Text(ko=value.ko, en=value.en)


def _build(parsed: _FileIn) -> Survey:
    meta = parsed.survey
    points = meta.scale.points
    dimensions = tuple(
        Dimension(
            id=d.id,
            label=_text(d.label),
            weight=float(d.weight),
            items=tuple(Item(i.id, _text(i.text), i.reverse, d.id) for i in d.items),
        )
        for d in parsed.dimensions
    )
    outcomes: list[Outcome] = []
    if parsed.outcomes and parsed.outcomes.satisfaction:
        q = parsed.outcomes.satisfaction
        outcomes.append(Outcome(q.id, _text(q.text), "satisfaction", 1, points))
    if parsed.outcomes and parsed.outcomes.recommend:
        q = parsed.outcomes.recommend
        outcomes.append(Outcome(q.id, _text(q.text), "recommend", RECOMMEND_LOW, RECOMMEND_HIGH))
    return Survey(
        id=meta.id,
        title=_text(meta.title),
        target=float(meta.target),
        min_group_size=meta.min_group_size,
        points=points,
        scale_labels=tuple(
            Text(ko, en) for ko, en in zip(meta.scale.labels.ko, meta.scale.labels.en, strict=True)
        ),
        youth=Youth(
            meta.youth.demographic,
            tuple(meta.youth.groups),
            Panel(meta.youth.panel.demographic, meta.youth.panel.option)
            if meta.youth.panel
            else None,
        )
        if meta.youth
        else None,
        dimensions=dimensions,
        outcomes=tuple(outcomes),
        demographics=tuple(
            Demographic(
                d.id, _text(d.label), tuple(Option(o.id, _text(o.label)) for o in d.options)
            )
            for d in parsed.demographics
        ),
        comments=tuple(Comment(c.id, _text(c.text), c.max_length) for c in parsed.comments),
    )
