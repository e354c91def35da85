"""PolicyRules and how a request is matched against one, with Kubernetes' RBAC semantics.

A rule grants a resource request when the verb, the API group, the resource (with its
subresource) and the object name all match; a non-resource request (a URL path such as
`/healthz`) is granted on verb and path alone. `*` in any list means "every value", with one
subtlety kept from Kubernetes: `*/scale` in `resources` grants the `scale` subresource of every
resource, while `*` grants every resource *and* every subresource.

`CompiledRule` turns a rule's lists into sets once, when the manifests are loaded, so that each
decision is a handful of set lookups.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = "*"

# (attribute, Kubernetes field name) for every PolicyRule list, in the order Kubernetes declares them.
RULE_FIELDS = (
    ("verbs", "verbs"),
    ("api_groups", "apiGroups"),
    ("resources", "resources"),
    ("resource_names", "resourceNames"),
    ("non_resource_urls", "nonResourceURLs"),
)


@dataclass(frozen=True)
class PolicyRule:
    """One entry of a Role's or ClusterRole's `rules`, lists kept in their written order."""

    verbs: tuple[str, ...] = ()
    api_groups: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    resource_names: tuple[str, ...] = ()
    non_resource_urls: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        """The rule as Kubernetes writes it: `verbs` always, other fields only when non-empty."""
        out: dict[str, list[str]] = {}
        for attr, k8s_name in RULE_FIELDS:
            values: tuple[str, ...] = getattr(self, attr)
            if values or k8s_name == "verbs":
                out[k8s_name] = list(values)
        return out


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A PolicyRule precomputed for matching: sets for membership, flags for `*`."""

    rule: PolicyRule
    verbs: frozenset[str]
    any_verb: bool
    groups: frozenset[str]
    any_group: bool
    resources: frozenset[str]
    any_resource: bool
    star_subresources: frozenset[str]
    names: frozenset[str]
    urls: frozenset[str]
    any_url: bool
    url_prefixes: tuple[str, ...]

    @classmethod
    def of(cls, rule: PolicyRule) -> CompiledRule:
        urls = rule.non_resource_urls
        return cls(
            rule=rule,
            verbs=frozenset(rule.verbs), any_verb=ALL in rule.verbs,
            groups=frozenset(rule.api_groups), any_group=ALL in rule.api_groups,
            resources=frozenset(rule.resources), any_resource=ALL in rule.resources,
            # "*/" + sub grants that subresource of every resource; a bare "*/" adds "" here, which
            # never matches because only requests that name a subresource look in this set.
            star_subresources=frozenset(r[2:] for r in rule.resources if r.startswith("*/")),
            names=frozenset(rule.resource_names),
            urls=frozenset(urls), any_url=ALL in urls,
            # A trailing "*" (or several) turns the rest of the URL into a prefix.
            url_prefixes=tuple(sorted({u.rstrip(ALL) for u in urls if u.endswith(ALL) and u != ALL})),
        )

    def allows_verb(self, verb: str) -> bool:
        return self.any_verb or verb in self.verbs

    def allows_resource(self, group: str, resource: str, subresource: str, name: str) -> bool:
        """Group, resource and name matching for a resource request whose verb already matched."""
        if not (self.any_group or group in self.groups):
            return False
        combined = f"{resource}/{subresource}" if subresource else resource
        if not (self.any_resource or combined in self.resources
                or (subresource and subresource in self.star_subresources)):
            return False
        # An empty resourceNames list means every name, including requests that carry none.
        return not self.names or name in self.names

    def allows_url(self, path: str) -> bool:
        """Path matching for a non-resource request whose verb already matched."""
        if self.any_url or path in self.urls:
            return True
        return any(path.startswith(prefix) for prefix in self.url_prefixes)


class RoleRules:
    """A role's compiled rules, filed by verb on first use and shared by every binding of the role.

    Each file keeps the rules' written order, so the first rule found is the one Kubernetes
    would report; a rule with verb `*` is filed under every verb.
    """

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.rules = rules
        self._resource_rules = tuple(rule for rule in rules if rule.rule.resources)
        self._url_rules = tuple(rule for rule in rules if rule.rule.non_resource_urls)
        self._resource_by_verb: dict[str, tuple[CompiledRule, ...]] = {}
        self._url_by_verb: dict[str, tuple[CompiledRule, ...]] = {}

    def resource_rules(self, verb: str) -> tuple[CompiledRule, ...]:
        """The rules that could grant a resource request with this verb."""
        return _filed(verb, self._resource_rules, self._resource_by_verb)

    def url_rules(self, verb: str) -> tuple[CompiledRule, ...]:
        """The rules that could grant a non-resource request with this verb."""
        return _filed(verb, self._url_rules, self._url_by_verb)


def _filed(verb: str, rules: tuple[CompiledRule, ...],
           by_verb: dict[str, tuple[CompiledRule, ...]]) -> tuple[CompiledRule, ...]:
    filed = by_verb.get(verb)
    if filed is None:
        filed = by_verb[verb] = tuple(rule for rule in rules if rule.allows_verb(verb))
    return filed
