"""The validate pass and `authmap schema`: every document against its kind's JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from compiler.cli import cli
from compiler.lint.diagnostic import Diagnostic
from compiler.load import load_paths, load_text
from compiler.validate import validate

KINDS = ("Cluster", "Role", "Team", "TokenTest")
EXAMPLE_ORG = Path(__file__).resolve().parent.parent / "policies"


def _validate(text: str) -> list[Diagnostic]:
    return list(validate(load_text(text, "policy.yaml")).diagnostics)


def _lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}" for d in diagnostics]


def _printed_schema(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = _printed_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["kind"] == {"const": kind}


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_output_is_self_contained(kind: str) -> None:
    schema = _printed_schema(kind)
    refs = sorted(set(_refs(schema)))
    assert refs, "every kind refers to shared definitions"
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in schema["$defs"], ref


def test_schema_command_takes_the_kind_in_any_case_and_refuses_unknown_kinds() -> None:
    assert CliRunner().invoke(cli, ["schema", "team"]).stdout == CliRunner().invoke(cli, ["schema", "Team"]).stdout
    result = CliRunner().invoke(cli, ["schema", "ConfigMap"])
    assert result.exit_code == 2
    assert "'ConfigMap' is not one of 'cluster', 'role', 'team', 'tokentest'" in result.output


def test_example_org_documents_validate_against_the_printed_schemas() -> None:
    documents = load_paths(EXAMPLE_ORG)
    assert {d.data["kind"] for d in documents} == {"Cluster", "Role", "Team", "TokenTest"}
    validators = {kind: Draft202012Validator(_printed_schema(kind)) for kind in KINDS}
    for document in documents:
        errors = [e.message for e in validators[document.data["kind"]].iter_errors(document.data)]
        assert errors == [], document.file
    assert validate(documents).diagnostics == ()


MESSAGES = {
    "unknown-field-with-did-you-mean": (
        "apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  memebers: []\n",
        ["policy.yaml:5:3: error AM101 spec: unknown field 'memebers' (did you mean 'members'?); allowed here: "
         "access, members, roles, systemMasters"]),
    "missing-required-field": (
        "apiVersion: authmap/v1\nkind: Cluster\nmetadata: {name: prod-use1}\nspec:\n  accountID: \"111122223333\"\n",
        ["policy.yaml:4:1: error AM101 spec: missing required field 'clusterID'"]),
    "wrong-type": (
        "apiVersion: authmap/v1\nkind: Cluster\nmetadata: {name: prod-use1}\nspec:\n  clusterID: 5\n"
        "  accountID: \"111122223333\"\n",
        ["policy.yaml:5:14: error AM101 spec.clusterID: expected a string, found number 5"]),
    "enum": (
        "apiVersion: authmap/v1\nkind: Cluster\nmetadata: {name: prod-use1}\nspec:\n  clusterID: prod-use1\n"
        "  accountID: \"111122223333\"\n  partition: aws-mars\n",
        ["policy.yaml:7:14: error AM101 spec.partition: 'aws-mars' is not one of 'aws', 'aws-cn', 'aws-us-gov', "
         "'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'"]),
    "grant-with-namespaces-and-cluster-wide": (
        "apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  access:\n"
        "    - clusters: [prod-use1]\n      namespaces: [payments]\n      clusterWide: true\n      role: view\n",
        ["policy.yaml:6:7: error AM101 spec.access[0]: a grant takes either namespaces: [NS, ...] or clusterWide: "
         "true (exactly one of the two)"]),
    "grant-with-neither": (
        "apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  access:\n"
        "    - clusters: [prod-use1]\n      role: view\n",
        ["policy.yaml:6:7: error AM101 spec.access[0]: a grant takes either namespaces: [NS, ...] or clusterWide: "
         "true (exactly one of the two)"]),
    "role-with-rules-and-builtin": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec:\n  builtin: view\n  rules:\n"
        "    - {apiGroups: [\"\"], resources: [pods], verbs: [get]}\n",
        ["policy.yaml:5:3: error AM101 spec: a Role's spec takes either rules: [...] or builtin: "
         "view|edit|admin|cluster-admin (exactly one)"]),
    "role-with-neither-rules-nor-builtin": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec: {}\n",
        ["policy.yaml:4:7: error AM101 spec: a Role's spec takes either rules: [...] or builtin: "
         "view|edit|admin|cluster-admin (exactly one)"]),
    "misspelled-field-inside-a-rule": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec:\n  rules:\n"
        "    - apiGroups: [\"\"]\n      resources: [pods]\n      verbs: [get]\n      verb: [list]\n",
        ["policy.yaml:9:7: error AM101 spec.rules[0]: unknown field 'verb' (did you mean 'verbs'?); allowed here: "
         "apiGroups, nonResourceURLs, resourceNames, resources, verbs"]),
    "wrong-type-inside-a-rule": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec:\n  rules:\n"
        "    - apiGroups: [\"\"]\n      resources: [pods]\n      verbs: get\n",
        ["policy.yaml:8:14: error AM101 spec.rules[0].verbs: expected a list, found string 'get'"]),
    "rule-with-resources-and-non-resource-urls": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec:\n  rules:\n"
        "    - apiGroups: [\"\"]\n      resources: [pods]\n      nonResourceURLs: [/healthz]\n      verbs: [get]\n",
        ["policy.yaml:6:7: error AM101 spec.rules[0]: a rule takes apiGroups and resources (and optionally "
         "resourceNames), or nonResourceURLs alone; plus verbs"]),
    "name-not-a-dns-label": (
        "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: Read_Only}\nspec: {builtin: view}\n",
        ["policy.yaml:3:18: error AM101 metadata.name: 'Read_Only' is not valid: A DNS-1123 label: lower-case "
         "letters, digits and '-', starting and ending with a letter or digit, at most 63 characters."]),
    "wrong-api-version": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth}\n",
        ["policy.yaml:1:1: error AM104 apiVersion must be 'authmap/v1', found 'v1'; is this file an authmap "
         "policy?"]),
    "unknown-kind-with-did-you-mean": (
        "apiVersion: authmap/v1\nkind: Cluter\nmetadata: {name: prod-use1}\n",
        ["policy.yaml:2:1: error AM104 kind must be one of Cluster, Role, Team, TokenTest; found 'Cluter' "
         "(did you mean 'Cluster'?)"]),
    "missing-kind": (
        "apiVersion: authmap/v1\nmetadata: {name: payments}\nspec: {}\n",
        ["policy.yaml:1:1: error AM104 missing field 'kind': it is one of Cluster, Role, Team, TokenTest"]),
    "non-mapping-document": (
        "- apiVersion: authmap/v1\n  kind: Team\n",
        ["policy.yaml:1:1: error AM104 a policy document is a mapping with apiVersion, kind, metadata and spec; "
         "found a list"]),
    "unquoted-octal-account-id": (
        "apiVersion: authmap/v1\nkind: Cluster\nmetadata: {name: prod-use1}\nspec:\n  clusterID: prod-use1\n"
        "  accountID: 011122223333\n  accounts: [444455556666, \"777788889999\"]\n",
        ["policy.yaml:6:14: error AM102 spec.accountID: account ID 011122223333 is not quoted, so YAML reads it as "
         "the number 1229530843; write it as \"011122223333\"",
         "policy.yaml:7:14: error AM102 spec.accounts[0]: account ID 444455556666 is not quoted, so YAML reads it "
         "as the number 444455556666; write it as \"444455556666\""]),
    "empty-label-selector": (
        "apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  access:\n"
        "    - clusters: {matchLabels: {}}\n      clusterWide: true\n      role: view\n",
        ["policy.yaml:6:31: error AM101 spec.access[0].clusters.matchLabels: {} should be non-empty"]),
    "constant-spelled-as-yaml": (
        "apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  access:\n"
        "    - clusters: [prod-use1]\n      clusterWide: false\n      role: view\n",
        ["policy.yaml:7:20: error AM101 spec.access[0].clusterWide: must be true, found false"]),
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_validation_message(name: str) -> None:
    text, expected = MESSAGES[name]
    assert _lines(_validate(text)) == expected


def test_only_documents_without_findings_go_on_to_the_model() -> None:
    text = ("apiVersion: authmap/v1\nkind: Role\nmetadata: {name: reader}\nspec: {builtin: view}\n---\n"
            "apiVersion: authmap/v1\nkind: Role\nmetadata: {name: writer}\nspec: {builtin: editor}\n")
    validated = validate(load_text(text, "roles.yaml"))
    assert [d.data["metadata"]["name"] for d in validated.documents] == ["reader"]
    assert [(d.code, d.line) for d in validated.diagnostics] == [("AM101", 9)]


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_the_compiled_validator_refuses_whatever_the_reference_validator_refuses(name: str) -> None:
    """Only documents the compiled validator refuses reach the reference one, so it must never be laxer."""
    from compiler.validate import _fast_validator

    for document in load_text(MESSAGES[name][0], "policy.yaml"):
        kind = document.data.get("kind") if isinstance(document.data, dict) else None
        if kind in ("Cluster", "Role", "Team", "TokenTest"):
            reference = Draft202012Validator(_printed_schema(kind))
            assert _fast_validator(kind)(document.data) == reference.is_valid(document.data), name
