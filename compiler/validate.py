"""Pass 2, validate: each document against its kind's JSON Schema.

Only documents without findings here go on to the model; every finding names the document path
and the line it is on, and says what was expected.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from compiler.lint.context import located
from compiler.lint.diagnostic import Diagnostic, format_path
from compiler.lint.rules import am101_schema, am102_unquoted_account_id, am104_not_a_policy
from compiler.load import Document, Path_
from compiler.schemas_store import KINDS, bundled

if TYPE_CHECKING:  # jsonschema is imported only when a document is invalid: it costs 50 ms to load
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

API_VERSION = "authmap/v1"
_INT_TAG = "tag:yaml.org,2002:int"
_ACCOUNT_FIELDS = frozenset({"accountID", "accounts"})


@dataclass(frozen=True)
class Validated:
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]


def validate(documents: list[Document]) -> Validated:
    valid: list[Document] = []
    diagnostics: list[Diagnostic] = []
    for document in documents:
        found = list(check_document(document))
        diagnostics.extend(found)
        if not found:
            valid.append(document)
    return Validated(tuple(valid), tuple(diagnostics))


def check_document(document: Document) -> Iterator[Diagnostic]:
    data = document.data
    header = _header_problem(data)
    if header is not None:
        path, message = header
        yield located(am104_not_a_policy.RULE, document, path, message, key=True)
        return
    if _fast_validator(data["kind"])(data):
        return
    for error in _validator(data["kind"]).iter_errors(data):
        yield _diagnostic(document, _most_specific(error))


def _header_problem(data: Any) -> tuple[Path_, str] | None:
    if not isinstance(data, dict):
        return (), (f"a policy document is a mapping with apiVersion, kind, metadata and spec; "
                    f"found a {_type_name(data)}")
    if data.get("apiVersion") != API_VERSION:
        return ("apiVersion",), (f"apiVersion must be {API_VERSION!r}, found {data.get('apiVersion')!r}; "
                                 "is this file an authmap policy?")
    kind = data.get("kind")
    if kind is None:
        return ("kind",), f"missing field 'kind': it is one of {', '.join(KINDS)}"
    if kind not in KINDS:
        guess = difflib.get_close_matches(str(kind), KINDS, n=1, cutoff=0.5)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        return ("kind",), f"kind must be one of {', '.join(KINDS)}; found {kind!r}{hint}"
    return None


@cache
def _validator(kind: str) -> Draft202012Validator:
    """The reference validator: it explains every violation, and is the one that decides."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(bundled(kind))


@cache
def _fast_validator(kind: str) -> Callable[[Any], bool]:
    """A compiled validator for the common case, a valid document (about five times faster).

    The schemas use only keywords whose meaning draft-07 and 2020-12 share, so the same schema is
    compiled as draft-07; anything it refuses goes to the reference validator, which reports it.
    """
    schema = _inline_local_refs(bundled(kind))
    compiled = fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})

    def is_valid(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def _inline_local_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each `$ref` (all are `#/$defs/NAME`) replaced by its definition.

    The compiled validator calls a function per reference and formats the item's name for it
    (`.spec.members[7]`) even when the item is valid; inlined, a valid principal costs no call.
    The schemas' definitions are not recursive, so inlining ends.
    """
    definitions = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            rest = {key: inline(value) for key, value in node.items() if key not in ("$defs", "$ref")}
            if not isinstance(ref, str):
                return rest
            # Beside $ref, other keywords apply too (2020-12), as they would in an allOf.
            definition = inline(definitions[ref.removeprefix("#/$defs/")])
            return {"allOf": [definition], **rest} if rest else definition
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    result: dict[str, Any] = inline(schema)
    return result


def _most_specific(error: ValidationError) -> ValidationError:
    """For `oneOf`/`anyOf` failures, the error inside the branch the author evidently meant.

    When some branch failed deeper down (a bad rule inside `rules:`), that is the one to report;
    when every branch failed at the top (both or neither alternative given), the schema's own
    `x-message` says what the alternatives are.
    """
    if not error.context:
        return error
    from jsonschema.exceptions import best_match

    deeper = [e for e in error.context if e.relative_path]
    if deeper:
        return _most_specific(best_match(deeper))
    if "x-message" in error.schema:
        return error
    return _most_specific(best_match(error.context))


def _diagnostic(document: Document, error: ValidationError) -> Diagnostic:
    path: Path_ = tuple(error.absolute_path)
    if _is_unquoted_account(document, error, path):
        return _account_diagnostic(document, path)
    key = error.validator in ("additionalProperties", "required")
    target = (*path, _extra_key(error)) if error.validator == "additionalProperties" else path
    return located(am101_schema.RULE, document, target, _describe(error, path), key=key)


def _is_unquoted_account(document: Document, error: ValidationError, path: Path_) -> bool:
    in_account_field = any(step in _ACCOUNT_FIELDS for step in path if isinstance(step, str))
    return error.validator == "type" and in_account_field and document.value_tag(path) == _INT_TAG


def _account_diagnostic(document: Document, path: Path_) -> Diagnostic:
    written = document.locate_node(path).value
    message = (f"{format_path(path)}: account ID {written} is not quoted, so YAML reads it as the number "
               f"{document_value(document, path)}; write it as \"{written}\"")
    return located(am102_unquoted_account_id.RULE, document, path, message)


def document_value(document: Document, path: Path_) -> Any:
    value: Any = document.data
    for step in path:
        value = value[step]
    return value


def _extra_key(error: ValidationError) -> str:
    extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
    return str(extras[0]) if extras else ""


def _describe(error: ValidationError, path: Path_) -> str:
    where = format_path(path) or "document"
    if error.validator in ("oneOf", "anyOf") and "x-message" in error.schema:
        return f"{where}: {error.schema['x-message']}"
    describe = _DESCRIBERS.get(str(error.validator), _default_description)
    return f"{where}: {describe(error)}"


def _default_description(error: ValidationError) -> str:
    return str(error.message)


def _describe_required(error: ValidationError) -> str:
    missing = [k for k in error.validator_value if k not in error.instance]
    return f"missing required field {missing[0]!r}" if missing else str(error.message)


def _describe_additional(error: ValidationError) -> str:
    allowed = ", ".join(sorted(error.schema.get("properties", {})))
    extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
    guess = difflib.get_close_matches(str(extras[0]), list(error.schema.get("properties", {})), n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    return f"unknown field {extras[0]!r}{hint}; allowed here: {allowed}"


_SCHEMA_TYPES = {"array": "list", "object": "mapping", "integer": "number"}
_MAX_SHOWN = 80


def _describe_type(error: ValidationError) -> str:
    expected = error.validator_value
    names = [_SCHEMA_TYPES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected])]
    found = _type_name(error.instance)
    shown = "" if error.instance is None else f" {_shown(error.instance)}"
    return f"expected {_article(' or '.join(names))}, found {found}{shown}"


def _shown(value: Any) -> str:
    """A value quoted in a message, cut short: a hostile file can hold megabytes in one string."""
    text = _as_written(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _describe_enum(error: ValidationError) -> str:
    options = ", ".join(repr(v) for v in error.validator_value)
    return f"{_shown(error.instance)} is not one of {options}"


def _describe_const(error: ValidationError) -> str:
    return f"must be {_as_written(error.validator_value)}, found {_shown(error.instance)}"


def _as_written(value: Any) -> str:
    """A value as YAML spells it: `true`, not Python's `True`."""
    return json.dumps(value) if isinstance(value, bool) or value is None else repr(value)


def _describe_pattern(error: ValidationError) -> str:
    if error.schema.get("description"):
        return f"{_shown(error.instance)} is not valid: {error.schema['description']}"
    return f"{_shown(error.instance)} does not match {error.validator_value!r}"


def _describe_min_items(error: ValidationError) -> str:
    return f"needs at least {error.validator_value} item(s)"


def _describe_unique(error: ValidationError) -> str:
    return "lists the same item more than once; remove the duplicate"


def _describe_max_length(error: ValidationError) -> str:
    return f"is {len(error.instance):,} characters long; at most {error.validator_value} are allowed"


_DESCRIBERS = {
    "maxLength": _describe_max_length,
    "required": _describe_required,
    "additionalProperties": _describe_additional,
    "type": _describe_type,
    "enum": _describe_enum,
    "const": _describe_const,
    "pattern": _describe_pattern,
    "minItems": _describe_min_items,
    "uniqueItems": _describe_unique,
}


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _type_name(value: Any) -> str:
    names = {dict: "mapping", list: "list", str: "string", bool: "boolean", int: "number", float: "number",
             type(None): "null"}
    return names.get(type(value), type(value).__name__)
