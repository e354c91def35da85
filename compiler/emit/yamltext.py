"""YAML text that every reader reads the same way, and the check that it does.

`aws-auth` is read by the authenticator with a YAML 1.1-style reader (go-yaml v2 through
sigs.k8s.io/yaml, where `y`, `no` and `on` are booleans) while editors and newer tools read YAML
1.2 (where `0o17` and `1e3` are numbers). A username that one of them reads as a number or a
boolean breaks the whole `mapRoles` string for everybody, node roles included. So every string
that any of these readers could take for something else is quoted, and the emitted text is read
back with PyYAML (1.1) and ruamel.yaml (1.2) before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_YAML11_EXTRA = r"y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE"
_YAML12_SCALARS = (
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
    r"|null|Null|NULL|~"
)
_AMBIGUOUS = re.compile(rf"(?:{_YAML11_EXTRA}|{_YAML12_SCALARS})")


class EmitError(Exception):
    """Emitted text that would not read back as intended: compile refuses to write it."""


class _Dumper(yaml.CSafeDumper):
    """The C emitter with authmap's quoting: strings that any reader could misread are quoted.

    Anchors and aliases are never written (a value used twice is written twice): readers of
    `aws-auth` do not all resolve them, and not tracking objects makes dumping cheaper.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if _AMBIGUOUS.fullmatch(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(value: Any) -> str:
    """Block-style YAML, keys in the order given, wide lines (ARNs are long and never folded)."""
    text: str = yaml.dump(value, Dumper=_Dumper, default_flow_style=False, sort_keys=False, width=4096,
                          allow_unicode=True)
    return text


def dump_all(values: list[Any]) -> str:
    return "---\n".join(dump(v) for v in values)
