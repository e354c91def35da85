"""Which STS hosts a token may name, per partition and region, as aws-iam-authenticator decides.

The authenticator accepts a host when the AWS SDK's STS endpoint rules produce it for the
region written in the host (plain, FIPS, dual-stack, FIPS + dual-stack), and the host's
domain is the verifier partition's STS domain (or its dual-stack domain); otherwise when it
is `sts.REGION.DOMAIN` for the verifier's own region. The global `sts.amazonaws.com` is only
valid in the `aws` partition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GLOBAL_HOST = "sts.amazonaws.com"
GLOBAL_REGION = "global"

# The authenticator's own partition -> STS domain tables (pkg/endpoints/partitions.go).
STS_DOMAINS = {
    "aws": "amazonaws.com",
    "aws-cn": "amazonaws.com.cn",
    "aws-us-gov": "amazonaws.com",
    "aws-iso": "c2s.ic.gov",
    "aws-iso-b": "sc2s.sgov.gov",
    "aws-iso-e": "cloud.adc-e.uk",
    "aws-iso-f": "csp.hci.ic.gov",
    "aws-eusc": "amazonaws.eu",
}
STS_DUAL_STACK_DOMAINS = {
    "aws": "api.aws",
    "aws-us-gov": "api.aws",
    "aws-cn": "api.amazonwebservices.com.cn",
    "aws-eusc": "api.amazonwebservices.eu",
}


@dataclass(frozen=True)
class SdkPartition:
    """One entry of the AWS SDKs' shared partitions.json: how a region maps to DNS suffixes."""

    name: str
    region_regex: str
    regions: frozenset[str]
    dns_suffix: str
    dual_stack_dns_suffix: str


def _sdk_partition(name: str, region_regex: str, dns_suffixes: str, regions: str) -> SdkPartition:
    dns_suffix, dual_stack_dns_suffix = dns_suffixes.split()
    return SdkPartition(name, region_regex, frozenset(regions.split()), dns_suffix, dual_stack_dns_suffix)


# The AWS SDKs' partitions.json (botocore/data/partitions.json; aws-sdk-go-v2
# internal/endpoints/awsrulesfn/partitions.json): name, region regex, DNS suffix and dual-stack
# DNS suffix, listed regions. Every partition supports FIPS and dual-stack.
SDK_PARTITIONS = (
    _sdk_partition("aws", r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", "amazonaws.com api.aws",
                   "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 "
                   "ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 "
                   "ap-southeast-5 ap-southeast-6 ap-southeast-7 aws-global ca-central-1 ca-west-1 "
                   "eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 "
                   "eu-west-3 il-central-1 me-central-1 me-south-1 me-west-1 mx-central-1 sa-east-1 "
                   "sa-west-1 us-east-1 us-east-2 us-west-1 us-west-2"),
    _sdk_partition("aws-cn", r"^cn\-\w+\-\d+$", "amazonaws.com.cn api.amazonwebservices.com.cn",
                   "aws-cn-global cn-north-1 cn-northwest-1"),
    _sdk_partition("aws-eusc", r"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu api.amazonwebservices.eu",
                   "eusc-de-east-1"),
    _sdk_partition("aws-iso", r"^us\-iso\-\w+\-\d+$", "c2s.ic.gov api.aws.ic.gov",
                   "aws-iso-global us-iso-east-1 us-iso-west-1"),
    _sdk_partition("aws-iso-b", r"^us\-isob\-\w+\-\d+$", "sc2s.sgov.gov api.aws.scloud",
                   "aws-iso-b-global us-isob-east-1 us-isob-west-1"),
    _sdk_partition("aws-iso-e", r"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk api.cloud-aws.adc-e.uk",
                   "aws-iso-e-global eu-isoe-west-1"),
    _sdk_partition("aws-iso-f", r"^us\-isof\-\w+\-\d+$", "csp.hci.ic.gov api.aws.hci.ic.gov",
                   "aws-iso-f-global us-isof-east-1 us-isof-south-1"),
    _sdk_partition("aws-us-gov", r"^us\-gov\-\w+\-\d+$", "amazonaws.com api.aws",
                   "aws-us-gov-global us-gov-east-1 us-gov-west-1"),
)

# The region format the AWS SDK for Go v1 accepted; Go's [[:alnum:]] is ASCII only.
_REGION_FORMAT = re.compile(r"[A-Za-z0-9]([A-Za-z0-9\-]*[A-Za-z0-9])?")


class HostRejected(ValueError):
    """A token host that the authenticator would not send a request to."""


def is_valid_region_format(region: str) -> bool:
    """Whether `region` looks like a region identifier (letters, digits, inner dashes)."""
    return _REGION_FORMAT.fullmatch(region) is not None


def sts_region(host: str) -> str:
    """The region a host names: `global` for sts.amazonaws.com, else its second label."""
    if not host:
        raise HostRejected("the pre-signed URL has no host")
    labels = host.split(".")
    if len(labels) < 3:
        raise HostRejected(f"host {host!r} is not an STS host (too few labels)")
    return GLOBAL_REGION if host == GLOBAL_HOST else labels[1]


def sdk_partition(region: str) -> SdkPartition:
    """The SDK partition of a region: listed regions first, then the regex, else `aws`."""
    for partition in SDK_PARTITIONS:
        if region in partition.regions:
            return partition
    for partition in SDK_PARTITIONS:
        if re.search(partition.region_regex, region, flags=re.ASCII):
            return partition
    return SDK_PARTITIONS[0]


def sdk_sts_host(region: str, *, fips: bool = False, dual_stack: bool = False) -> str:
    """The host the SDK's STS endpoint rules give for a region (regional, not the legacy global)."""
    partition = sdk_partition(region)
    suffix = partition.dual_stack_dns_suffix if dual_stack else partition.dns_suffix
    if fips and not dual_stack and partition.name == "aws-us-gov":
        return f"sts.{region}.amazonaws.com"
    if fips:
        return f"sts-fips.{region}.{suffix}"
    if region == "aws-global" and not dual_stack:
        return GLOBAL_HOST
    return f"sts.{region}.{suffix}"


def sdk_sts_hosts(region: str) -> tuple[str, ...]:
    """Every host the SDK resolves for a region: FIPS and dual-stack on and off."""
    switches = (True, False)
    return tuple(sdk_sts_host(region, fips=fips, dual_stack=dual) for fips in switches for dual in switches)


def default_sts_hosts(partition: str, region: str) -> tuple[str, ...]:
    """`sts.REGION.DOMAIN` (and its dual-stack twin) for the verifier's own partition and region."""
    if not is_valid_region_format(region):
        raise HostRejected(f"region {region!r} is not a region identifier")
    if partition not in STS_DOMAINS:
        raise HostRejected(f"partition {partition!r} is not known")
    hosts = [f"sts.{region}.{STS_DOMAINS[partition]}"]
    if partition in STS_DUAL_STACK_DOMAINS:
        hosts.append(f"sts.{region}.{STS_DUAL_STACK_DOMAINS[partition]}")
    return tuple(hosts)


def verify_sts_host(host: str, *, partition: str, region: str | None = None) -> None:
    """Accept `host` as the authenticator of `partition` running in `region` would, else raise."""
    host_region = sts_region(host)
    if host_region == GLOBAL_REGION:
        if partition != "aws":
            raise HostRejected(f"the global endpoint {GLOBAL_HOST} is valid in partition aws only")
        return
    if not is_valid_region_format(host_region):
        raise HostRejected(f"host {host!r} names {host_region!r}, which is not a region identifier")
    if host not in sdk_sts_hosts(host_region):
        _verify_default_host(host, partition, region or "")
        return
    _verify_partition_domain(host, partition)


def _verify_default_host(host: str, partition: str, region: str) -> None:
    try:
        accepted = default_sts_hosts(partition, region)
    except HostRejected:
        accepted = ()
    if host not in accepted:
        raise HostRejected(f"host {host!r} is not an STS endpoint of partition {partition}")


def _verify_partition_domain(host: str, partition: str) -> None:
    labels = host.split(".")
    if len(labels) < 4:
        raise HostRejected(f"host {host!r} is not an STS host (too few labels)")
    domain = ".".join(labels[2:])
    expected = {STS_DOMAINS.get(partition), STS_DUAL_STACK_DOMAINS.get(partition)}
    if partition not in STS_DOMAINS or domain not in expected:
        raise HostRejected(f"host {host!r} belongs to another partition than {partition}")
