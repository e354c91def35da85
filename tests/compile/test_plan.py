"""Mapping and RBAC planning: one entry per principal, groups united, defaults per principal kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.compile import compile_path
from compiler.plan import ClusterPlan, Mapping
from tests.compile.helpers import CLUSTER, team, write_repo


def plan_of(tmp_path: Path, files: dict[str, str]) -> ClusterPlan:
    compiled = compile_path(write_repo(tmp_path, {"clusters/prod.yaml": CLUSTER, **files}))
    assert compiled.ok, compiled.lint.errors
    (only,) = compiled.plans
    return only


def mapping(plan: ClusterPlan, arn: str) -> Mapping:
    (found,) = [m for m in plan.role_mappings + plan.user_mappings if m.arn == arn]
    return found


def test_a_principal_listed_by_two_teams_gets_one_entry_with_both_groups(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, {
        "teams/a.yaml": team("a", "roles: [{arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/Eng'}]"
                             ),
        "teams/b.yaml": team("b", "roles: [{arn: 'arn:aws:iam::111122223333:role/eng'}]"),
    })
    entries = [m for m in plan.role_mappings if m.key == "arn:aws:iam::111122223333:role/eng"]
    assert len(entries) == 1
    assert entries[0].groups == ("authmap:team:a", "authmap:team:b")
    assert entries[0].sources == ("teams/a.yaml", "teams/b.yaml")


def test_default_usernames_follow_the_eks_access_entry_defaults(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, {"teams/a.yaml": team("a", """members: [{arn: 'arn:aws:iam::111122223333:user/ops/alice'}]
  roles: [{arn: 'arn:aws:iam::111122223333:role/team/Dev'}]""")})
    assert mapping(plan, "arn:aws:iam::111122223333:user/ops/alice").username == \
        "arn:aws:iam::111122223333:user/ops/alice"
    assert mapping(plan, "arn:aws:iam::111122223333:role/Dev").username == \
        "arn:aws:sts::111122223333:assumed-role/Dev/{{SessionName}}"
    node = mapping(plan, "arn:aws:iam::111122223333:role/nodes")
    assert (node.username, node.groups) == ("system:node:{{EC2PrivateDNSName}}",
                                            ("system:bootstrappers", "system:nodes"))


def test_an_assumed_role_arn_maps_its_role_and_a_given_username_is_kept(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, {"teams/a.yaml": team(
        "a", "roles: [{arn: 'arn:aws:sts::111122223333:assumed-role/Engineering/garland.kan@example.com', "
             "username: 'okta:{{SessionName}}'}]")})
    entry = mapping(plan, "arn:aws:iam::111122223333:role/Engineering")
    assert (entry.kind, entry.username) == ("role", "okta:{{SessionName}}")


def test_system_masters_only_for_a_team_that_asks(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, {
        "teams/a.yaml": team("a", "roles: [{arn: 'arn:aws:iam::111122223333:role/admin'}]",
                             extra="systemMasters: {justification: 'cluster bootstrap until RBAC lands'}"),
        "teams/b.yaml": team("b", "roles: [{arn: 'arn:aws:iam::111122223333:role/dev'}]"),
    })
    assert mapping(plan, "arn:aws:iam::111122223333:role/admin").groups == ("authmap:team:a", "system:masters")
    assert mapping(plan, "arn:aws:iam::111122223333:role/dev").groups == ("authmap:team:b",)


def test_a_team_without_a_grant_on_the_cluster_is_not_mapped_there(tmp_path: Path) -> None:
    other = CLUSTER.replace("name: prod, labels: {env: prod}", "name: dev, labels: {env: dev}") \
        .replace("clusterID: prod", "clusterID: dev")
    compiled = compile_path(write_repo(tmp_path, {
        "clusters/prod.yaml": CLUSTER, "clusters/dev.yaml": other,
        "teams/a.yaml": team("a", "roles: [{arn: 'arn:aws:iam::111122223333:role/dev'}]",
                             access="[{clusters: {matchLabels: {env: dev}}, clusterWide: true, role: edit}]"),
    }))
    by_name = {p.cluster.name: p for p in compiled.plans}
    assert [m.arn for m in by_name["dev"].role_mappings] == ["arn:aws:iam::111122223333:role/dev",
                                                              "arn:aws:iam::111122223333:role/nodes"]
    assert [m.arn for m in by_name["prod"].role_mappings] == ["arn:aws:iam::111122223333:role/nodes"]
    assert by_name["prod"].bindings == ()


@pytest.mark.parametrize(("access", "expected"), [
    ("[{clusters: [prod], namespaces: [apps, web], role: dev}]",
     [("Role", "apps", "authmap:dev"), ("Role", "web", "authmap:dev"),
      ("RoleBinding", "apps", "authmap:a:dev", "Role", "authmap:dev"),
      ("RoleBinding", "web", "authmap:a:dev", "Role", "authmap:dev")]),
    ("[{clusters: [prod], clusterWide: true, role: dev}]",
     [("ClusterRole", None, "authmap:dev"),
      ("ClusterRoleBinding", None, "authmap:a:dev", "ClusterRole", "authmap:dev")]),
    ("[{clusters: [prod], namespaces: [apps], role: admin}]",
     [("RoleBinding", "apps", "authmap:a:admin", "ClusterRole", "admin")]),
    ("[{clusters: [prod], clusterWide: true, role: view}]",
     [("ClusterRoleBinding", None, "authmap:a:view", "ClusterRole", "view")]),
])
def test_grants_become_roles_and_bindings_of_the_team_group(tmp_path: Path, access: str,
                                                             expected: list[tuple[object, ...]]) -> None:
    plan = plan_of(tmp_path, {
        "roles/dev.yaml": """
            apiVersion: authmap/v1
            kind: Role
            metadata: {name: dev}
            spec: {rules: [{apiGroups: [apps], resources: [deployments], verbs: [get]}]}
            """,
        "teams/a.yaml": team("a", "roles: [{arn: 'arn:aws:iam::111122223333:role/dev'}]", access=access),
    })
    found = [(r.kind, r.namespace, r.name) for r in plan.roles] + \
        [(b.kind, b.namespace, b.name, b.role_kind, b.role_name) for b in plan.bindings]
    assert found == expected
    assert {b.group for b in plan.bindings} == {"authmap:team:a"}


def test_example_org_plans_keep_both_invariants() -> None:
    from compiler.plan import check_invariants
    from tests.conftest import EXAMPLE_POLICIES

    compiled = compile_path(EXAMPLE_POLICIES)
    for cluster_plan in compiled.plans:
        check_invariants(cluster_plan)
        mapped = {g for m in cluster_plan.role_mappings + cluster_plan.user_mappings for g in m.groups
                  if g.startswith("authmap:team:")}
        assert mapped == {b.group for b in cluster_plan.bindings}


def test_a_principal_written_in_two_letter_cases_is_spelled_the_same_whatever_the_order(tmp_path: Path) -> None:
    def plan_with(first: str, second: str) -> Mapping:
        plan = plan_of(tmp_path / f"{first}-{second}", {
            "teams/a.yaml": team("a", f"roles: [{{arn: 'arn:aws:iam::111122223333:role/{first}'}}]"),
            "teams/b.yaml": team("b", f"roles: [{{arn: 'arn:aws:iam::111122223333:role/{second}'}}]"),
        })
        (entry,) = [m for m in plan.role_mappings if m.key == "arn:aws:iam::111122223333:role/deploy"]
        return entry

    one, other = plan_with("Deploy", "deploy"), plan_with("deploy", "Deploy")
    assert one == other
    assert (one.arn, one.username) == ("arn:aws:iam::111122223333:role/Deploy",
                                       "arn:aws:sts::111122223333:assumed-role/Deploy/{{SessionName}}")
