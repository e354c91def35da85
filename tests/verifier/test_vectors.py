"""Every section of every upstream vector file is run by a test; files cite their upstream source."""

from __future__ import annotations

import pytest

from .support import UPSTREAM_COMMIT, VECTORS, load_vectors

# The sections each vector file holds, and the test module that runs them.
RUN_BY = {
    "authenticator_arn.json": {"canonicalize": "test_arn", "strip_path": "test_arn", "arn_like": "test_arn",
                               "quote_meta": "test_arn"},
    "authenticator_token.json": {"verify": "test_token", "hosts": "test_token", "sts_region": "test_token",
                                 "region_format": "test_token", "default_hosts": "test_token",
                                 "sts_answers": "test_token", "sts_http": "test_sts_live",
                                 "presign": "test_sigv4", "exec_credential": "test_mint"},
    "authenticator_mapper.json": {"file_mapper": "test_mapper", "configmap_parse": "test_mapper",
                                  "configmap_store": "test_mapper", "configmap_fixtures": "test_mapper",
                                  "reserved_prefix_config": "test_mapper", "config_roles": "test_mapper",
                                  "config_users": "test_mapper", "backend_modes": "test_mapper"},
    "authenticator_server.json": {"reserved_prefix": "test_server", "scrubbed_accounts": "test_server",
                                  "render_template": "test_server", "authenticate": "test_server",
                                  "chain": "test_server"},
}


def test_every_vector_file_is_accounted_for() -> None:
    assert sorted(path.name for path in VECTORS.glob("authenticator_*.json")) == sorted(RUN_BY)


@pytest.mark.parametrize("name", sorted(RUN_BY))
def test_every_case_list_is_run_by_a_test(name: str) -> None:
    document = load_vectors(name)
    case_lists = {key for key, value in document.items() if isinstance(value, list) and key != "not_ported"}
    assert case_lists == set(RUN_BY[name])
    for section, module in RUN_BY[name].items():
        source = (VECTORS.parent / f"{module}.py").read_text(encoding="utf-8")
        assert f'"{section}"' in source, f"{module} does not read section {section} of {name}"
    assert all(case["from"] for section in case_lists for case in document[section])


@pytest.mark.parametrize("name", sorted(RUN_BY))
def test_vector_files_cite_the_upstream_commit(name: str) -> None:
    source = load_vectors(name)["source"]
    assert source["repository"] == "kubernetes-sigs/aws-iam-authenticator"
    assert source["commit"] == UPSTREAM_COMMIT
    assert all(path.startswith("pkg/") for path in source["paths"])
