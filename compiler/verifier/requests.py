"""Requests written the way `kubectl auth can-i` reads them.

A TokenTest check string (SPEC §1) is `parse_check`'s input:

    VERB RESOURCE[.GROUP][/SUBRESOURCE] [NAME] [-n NAMESPACE]      get pods/log web -n shop
    VERB /NONRESOURCE/URL                                          get /healthz

Words are split as a shell would (quotes allowed, e.g. `'*'`). The namespace is given as
`-n NS`, `-nNS`, `-n=NS`, `--namespace NS` or `--namespace=NS`, anywhere after the verb, and
`--subresource SUB` may stand in for `/SUBRESOURCE`, as in kubectl. Without a namespace a
request is cluster-wide, never an implicit `default`.

`request_from_cli` takes `authmap can-i`'s arguments (SPEC §3) and mirrors kubectl exactly:
there `RESOURCE/X` means the object named X (`kubectl auth can-i get pods/web`), and a
subresource comes only from `--subresource`.

Resources resolve as kubectl resolves them against a cluster: lower-cased; `TYPE.GROUP`, or
`TYPE.VERSION.GROUP` when the middle part is an API version (`deployments.v1.apps`); a
built-in resource typed without its group, as a short name or in the singular gets its
plural and group (`deploy` is `deployments.apps`, see k8s_resources); anything else without
a group is in the core group. `*` means every resource.
"""

from __future__ import annotations

import re
import shlex

from compiler.verifier.k8s_resources import builtin_resource
from compiler.verifier.rbac import Request

CHECK_FORMS = ('"VERB RESOURCE[.GROUP][/SUBRESOURCE] [NAME] [-n NAMESPACE]" '
               'or "VERB /NONRESOURCE/URL", e.g. "get pods/log web -n shop"')
CLI_FORMS = '"VERB TYPE[.GROUP][/NAME] [NAME] [-n NAMESPACE] [--subresource SUB]" or "VERB /NONRESOURCE/URL"'
_FLAGS = {"-n": "namespace", "--namespace": "namespace", "--subresource": "subresource"}
_API_VERSION = re.compile(r"v[0-9]+((alpha|beta)[0-9]+)?")


def parse_check(text: str) -> Request:
    """The request a TokenTest check string describes; `ValueError` says what form is expected."""
    where = f"check {text!r}"
    try:
        words = shlex.split(text)
    except ValueError as err:
        raise ValueError(f"{where}: {err}; expected {CHECK_FORMS}") from err
    positional, flags = _split_flags(words, where, CHECK_FORMS)
    if not 2 <= len(positional) <= 3:
        raise ValueError(f"{where} has {len(positional)} word(s) besides flags; expected {CHECK_FORMS}")
    verb, target, *rest = positional
    name = rest[0] if rest else ""
    if target.startswith("/"):
        return _non_resource(verb, target, name, flags, where)
    return _resource_check(verb, target, name, flags, where)


def _resource_check(verb: str, target: str, name: str, flags: dict[str, str], where: str) -> Request:
    resource_arg, slash, subresource = target.partition("/")
    if slash and not subresource:
        raise ValueError(f"{where}: nothing follows the / in {target!r}; expected {CHECK_FORMS}")
    if subresource and "subresource" in flags:
        raise ValueError(f"{where} names a subresource twice ({target!r} and --subresource)")
    resource, group = resolve_resource(resource_arg, where)
    return Request(verb, resource, group, subresource or flags.get("subresource", ""), name,
                   flags.get("namespace", ""))


def request_from_cli(verb: str, resource: str, name: str | None = None, namespace: str | None = None,
                     subresource: str | None = None) -> Request:
    """The request `authmap can-i VERB RESOURCE [NAME] [-n NS] [--subresource SUB]` asks about."""
    where = f"can-i {verb} {resource}"
    if not verb or not resource:
        raise ValueError(f"can-i needs a verb and a resource or URL; expected {CLI_FORMS}")
    flags = {key: value for key, value in (("namespace", namespace), ("subresource", subresource)) if value}
    if resource.startswith("/"):
        return _non_resource(verb, resource, name or "", flags, where)
    type_arg, slash, name_in_type = resource.partition("/")
    if slash and not name_in_type:
        raise ValueError(f"{where}: nothing follows the / in {resource!r}; expected {CLI_FORMS}")
    if name_in_type and name:
        raise ValueError(f"{where}: the name is given twice ({name_in_type!r} after the /, and {name!r})")
    plural, group = resolve_resource(type_arg, where)
    return Request(verb, plural, group, subresource or "", name_in_type or name or "", namespace or "")


# Subresources of built-in resources that people reach for as `TYPE/SUB`, which kubectl reads as a name.
_COMMON_SUBRESOURCES = frozenset({"approval", "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log",
                                  "portforward", "proxy", "resize", "scale", "status", "token"})


def subresource_hint(resource: str, subresource: str | None) -> str | None:
    """When `RESOURCE` is `TYPE/SUB` for a well-known subresource, how to ask about the subresource."""
    type_arg, slash, name_in_type = resource.partition("/")
    if resource.startswith("/") or not slash or subresource or name_in_type.lower() not in _COMMON_SUBRESOURCES:
        return None
    return (f"as in kubectl, {resource!r} asks about the {type_arg} object named {name_in_type!r}; to ask about "
            f"the subresource, give {type_arg} --subresource {name_in_type}")


def resolve_resource(arg: str, where: str = "resource") -> tuple[str, str]:
    """(plural resource, API group) for what a user typed, resolved as kubectl would."""
    typed = arg.lower()
    if typed == "*":
        return "*", ""
    name, dot, group = typed.partition(".")
    if not dot:
        return builtin_resource(name, None) or (name, "")
    version, dot, rest = group.partition(".")
    if dot and _API_VERSION.fullmatch(version):
        group = rest
    if not name or not group or group.startswith(".") or group.endswith("."):
        raise ValueError(f"{where}: {arg!r} is not a resource; "
                         "expected TYPE or TYPE.GROUP, e.g. deployments.apps")
    return builtin_resource(name, group) or (name, group)


def _non_resource(verb: str, path: str, name: str, flags: dict[str, str], where: str) -> Request:
    found = {"name": name, **flags}
    extras = [f"{part} {value!r}" for part, value in found.items() if value]
    if extras:
        raise ValueError(f"{where}: a non-resource URL such as {path!r} is cluster-wide and takes no name, "
                         f"namespace or subresource (found {', '.join(extras)})")
    return Request(verb, path=path)


def _split_flags(words: list[str], where: str, forms: str) -> tuple[list[str], dict[str, str]]:
    """Positional words, and flag values by flag name; each flag at most once."""
    positional: list[str] = []
    flags: dict[str, str] = {}
    remaining = iter(words)
    for word in remaining:
        flag, value = _flag(word, where, forms)
        if flag is None:
            positional.append(word)
            continue
        value = next(remaining, "") if value is None else value
        if not value:
            raise ValueError(f"{where}: {word} needs a value; expected {forms}")
        if flag in flags:
            raise ValueError(f"{where} gives the {flag} twice")
        flags[flag] = value
    return positional, flags


def _flag(word: str, where: str, forms: str) -> tuple[str | None, str | None]:
    """(flag name, value if attached) for a flag word, (None, None) for any other word."""
    if not word.startswith("-") or word == "-":
        return None, None
    for spelling, flag in _FLAGS.items():
        if word == spelling:
            return flag, None
        if word.startswith(f"{spelling}="):
            return flag, word[len(spelling) + 1:]
    if word.startswith("-n") and not word.startswith("--"):
        return "namespace", word[2:]
    raise ValueError(f"{where}: unknown flag {word!r}; expected {forms}")
