"""Read the YAML embedded in ConfigMaps the way aws-iam-authenticator's Go libraries read it.

`aws-auth`'s `mapRoles`/`mapUsers`/`mapAccounts` go through go-yaml v2 (YAML 1.1 scalars:
`yes`, `on`, `y` are booleans; `0123` is octal, `012345678912` a float); the authenticator's
`config.yaml` goes through go-yaml v3 (only `true`/`false` are booleans, duplicate keys are an
error). What matters downstream is which plain scalars are strings and which are not, and the
number Go reads, so numbers come back as `GoNumber`. Timestamps are left as strings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_V3_TRUE, _V3_FALSE = frozenset({"true", "True", "TRUE"}), frozenset({"false", "False", "FALSE"})
_V2_TRUE = _V3_TRUE | frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})
_V2_FALSE = _V3_FALSE | frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF"})
_SPECIAL_FLOATS = {".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}
_SPECIAL_FLOATS.update({sign + inf: (-math.inf if sign == "-" else math.inf)
                        for sign in ("", "+", "-") for inf in (".inf", ".Inf", ".INF")})
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_INT_BODY = re.compile(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*")
_INT64_RANGE = range(-(1 << 63), 1 << 64)


@dataclass(frozen=True)
class GoNumber:
    """A plain scalar Go reads as a number: its text, and the value Go gets."""

    text: str
    value: int | float


def _go_parse_int(text: str) -> int | None:
    """Go's strconv.ParseInt/ParseUint with base 0, after go-yaml drops underscores."""
    plain = text.replace("_", "")
    sign, body = (plain[0], plain[1:]) if plain[:1] in ("+", "-") else ("", plain)
    if not _GO_INT_BODY.fullmatch(body):
        return None
    prefix = body[:2].lower()
    base = {"0x": 16, "0o": 8, "0b": 2}.get(prefix, 8 if len(body) > 1 and body[0] == "0" else 10)
    digits = body[2:] if prefix in ("0x", "0o", "0b") else body
    value = int(digits, base) * (-1 if sign == "-" else 1)
    return value if value in _INT64_RANGE else None


def _number(text: str) -> GoNumber | None:
    if text in _SPECIAL_FLOATS:
        return GoNumber(text, _SPECIAL_FLOATS[text])
    if not text or text[0] not in "0123456789+-.":
        return None
    integer = _go_parse_int(text) if text[0] != "." else None
    if integer is not None:
        return GoNumber(text, integer)
    plain = text.replace("_", "") if text[0] != "." else text
    if _YAML_STYLE_FLOAT.fullmatch(plain):
        return GoNumber(text, float(plain))
    return None


def _plain_scalar_tag(value: str, trues: frozenset[str], falses: frozenset[str]) -> str:
    if value in _NULLS:
        return _NULL
    if value in trues or value in falses:
        return _BOOL
    if value == "<<":
        return _MERGE
    number = _number(value)
    if number is None:
        return _STR
    return _INT if isinstance(number.value, int) else _FLOAT


class _GoYamlV2Loader(yaml.CSafeLoader):
    """PyYAML with go-yaml v2's reading of plain scalars."""

    true_words = _V2_TRUE
    false_words = _V2_FALSE

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _plain_scalar_tag(value, self.true_words, self.false_words)
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def construct_go_bool(self, node: yaml.ScalarNode) -> bool:
        return node.value in self.true_words

    def construct_go_number(self, node: yaml.ScalarNode) -> GoNumber | str:
        return _number(node.value) or node.value


class _GoYamlV3Loader(_GoYamlV2Loader):
    """PyYAML with go-yaml v3's reading: fewer booleans, and duplicate keys refused."""

    true_words = _V3_TRUE
    false_words = _V3_FALSE

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool, GoNumber)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"mapping key {key!r} already defined at line {seen[key].line + 1}",
                    key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


for _loader in (_GoYamlV2Loader, _GoYamlV3Loader):
    _loader.add_constructor(_BOOL, _GoYamlV2Loader.construct_go_bool)
    _loader.add_constructor(_INT, _GoYamlV2Loader.construct_go_number)
    _loader.add_constructor(_FLOAT, _GoYamlV2Loader.construct_go_number)


def load_goyaml_v2(text: str) -> Any:
    """The first document of `text` as go-yaml v2 reads it; raises `yaml.YAMLError`."""
    return _first_document(_GoYamlV2Loader(text))


def load_goyaml_v3(text: str) -> Any:
    """The first document of `text` as go-yaml v3 reads it; raises `yaml.YAMLError`."""
    return _first_document(_GoYamlV3Loader(text))


def first_node_goyaml_v2(text: str) -> yaml.Node | None:
    """The node tree of the first document, tags resolved as go-yaml v2 does; raises `yaml.YAMLError`."""
    loader = _GoYamlV2Loader(text)
    try:
        return loader.get_node() if loader.check_node() else None
    finally:
        loader.dispose()


def is_null_node(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _first_document(loader: _GoYamlV2Loader) -> Any:
    # PyYAML's loader API is untyped; only the first document counts, as in yaml.Unmarshal.
    try:
        return loader.get_data() if loader.check_data() else None  # type: ignore[no-untyped-call]
    finally:
        loader.dispose()


def go_scalar_text(value: Any) -> str | None:
    """The text Go's weakly typed decoding gives a scalar (`1`/`0` for booleans), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, GoNumber):
        return _go_number_text(value.value)
    return None


def _go_number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
    # strconv.FormatFloat(f, 'f', -1, 64): the shortest round-trip digits, never an exponent.
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
