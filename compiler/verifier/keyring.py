"""Keyrings: test credentials, and what STS would answer for each, to check token signatures offline.

Format (YAML)::

    credentials:
      - accessKeyId: AKIAIOSFODNN7EXAMPLE
        secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        sessionToken: ...          # optional; temporary credentials carry one
        arn: arn:aws:iam::111122223333:user/alice
        userId: AIDACKCEVSQ6C2EXAMPLE

`arn` and `userId` are exactly what `sts:GetCallerIdentity` returns for that key (for a role
session: the `assumed-role` ARN and `ROLEID:SESSION`). Never put real credentials in a keyring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from compiler.errors import InputError
from compiler.verifier.arn import ArnError, canonicalize, parse_arn
from compiler.verifier.identity import StsAnswer, StsRejected, identity_from_sts_answer

_REQUIRED = ("accessKeyId", "secretAccessKey", "arn", "userId")
_OPTIONAL = ("sessionToken",)


@dataclass(frozen=True)
class Credential:
    """One test key and the identity STS reports for it."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None
    arn: str
    user_id: str

    @property
    def sts_answer(self) -> StsAnswer:
        return StsAnswer(self.arn, self.user_id, parse_arn(self.arn).account)


@dataclass(frozen=True)
class Keyring:
    """The credentials of one keyring file, in file order."""

    credentials: tuple[Credential, ...]
    source: str

    def by_access_key_id(self, access_key_id: str) -> Credential | None:
        return next((c for c in self.credentials if c.access_key_id == access_key_id), None)

    def by_principal(self, arn: str) -> Credential | None:
        """The credential whose STS ARN, or the role that ARN is a session of, is `arn` (any case)."""
        for credential in self.credentials:
            if arn.lower() in (credential.arn.lower(), canonicalize(credential.arn)[1].lower()):
                return credential
        return None


def load_keyring(path: Path) -> Keyring:
    """Read a keyring file; anything unreadable or malformed raises `InputError` naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the keyring: {err}", str(path)) from err
    return parse_keyring(text, str(path))


SAMPLE = "sample"


def keyring_named(path: Path) -> Keyring:
    """`--keyring FILE`, where a plain `sample` (with no such file here) is the bundled sample keyring."""
    if str(path) == SAMPLE and not path.exists():
        return sample_keyring()
    return load_keyring(path)


def sample_keyring() -> Keyring:
    """The keyring shipped with authmap: AWS's documented example keys, account 111122223333."""
    text = resources.files("compiler").joinpath("data/sample-keyring.yaml").read_text(encoding="utf-8")
    return parse_keyring(text, "sample-keyring.yaml")


def parse_keyring(text: str, source: str) -> Keyring:
    try:
        document = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError(f"the keyring is not valid YAML: {err}", source, line) from err
    entries = document.get("credentials") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError("a keyring is a mapping with a non-empty 'credentials' list", source)
    credentials = tuple(_credential(entry, index, source) for index, entry in enumerate(entries))
    _reject_duplicate_keys(credentials, source)
    return Keyring(credentials, source)


def _credential(entry: Any, index: int, source: str) -> Credential:
    where = f"credentials[{index}]"
    if not isinstance(entry, Mapping):
        raise InputError(f"{where} must be a mapping with {', '.join(_REQUIRED)}", source)
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    missing = [key for key in _REQUIRED if not isinstance(entry.get(key), str) or not entry[key]]
    token = entry.get("sessionToken")
    if unknown or missing or not isinstance(token, (str, type(None))):
        raise InputError(f"{where}: needs string {', '.join(_REQUIRED)} (and optionally sessionToken); "
                         f"missing or not a string: {missing}, unknown: {unknown}", source)
    credential = Credential(entry["accessKeyId"], entry["secretAccessKey"], token, entry["arn"],
                            entry["userId"])
    try:
        identity_from_sts_answer(credential.sts_answer)
    except (ArnError, StsRejected) as err:
        raise InputError(f"{where}: not an answer STS could give: {err}", source) from err
    return credential


def _reject_duplicate_keys(credentials: tuple[Credential, ...], source: str) -> None:
    seen: set[str] = set()
    for credential in credentials:
        if credential.access_key_id in seen:
            raise InputError(f"access key {credential.access_key_id} appears twice", source)
        seen.add(credential.access_key_id)
