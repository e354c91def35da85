"""How big a synthetic organisation is, and the fixed vocabulary its names are drawn from.

An organisation is a few platform teams that reach every cluster plus business units. Each
business unit owns five clusters (two prod and two staging regions, one dev) and its teams, so
adding business units grows teams, principals and clusters together while every cluster stays
as dense as before: that is what "doubling the organisation" means in the scaling test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PLATFORM_TEAMS = ("platform-sre", "security-audit", "break-glass", "observability")
MONOLITH_CLUSTER = "legacy-monolith"


@dataclass(frozen=True)
class OrgShape:
    """`teams` counts every team, the platform teams included; the rest are spread over the units."""

    teams: int
    business_units: int
    # XL: every Nth business-unit team is also granted the one shared monolith cluster (0: no monolith).
    monolith_every: int = 0
    # IAM users per team, drawn uniformly: 21 on average, about 25 principals per team with the roles.
    users_per_team: tuple[int, int] = (12, 30)
    # Every business unit repeats the first one's random draws (names aside), so that an organisation
    # with twice the units is exactly twice the smaller one: the scaling test counts work on such pairs.
    uniform_units: bool = False

    @property
    def unit_teams(self) -> int:
        return self.teams - len(PLATFORM_TEAMS)

    def doubled(self) -> OrgShape:
        """Twice the business units and their teams: twice the clusters at the same density."""
        return replace(self, teams=len(PLATFORM_TEAMS) + 2 * self.unit_teams, business_units=2 * self.business_units)

    def denser(self) -> OrgShape:
        """Twice the business-unit teams on the same clusters: every cluster maps twice the principals."""
        return replace(self, teams=len(PLATFORM_TEAMS) + 2 * self.unit_teams)


SIZES: dict[str, OrgShape] = {
    "S": OrgShape(teams=10, business_units=1),
    "M": OrgShape(teams=500, business_units=4),
    "L": OrgShape(teams=5_000, business_units=20),
    "XL": OrgShape(teams=5_000, business_units=20, monolith_every=16),
}

UNIT_NAMES = (
    "payments", "search", "ads", "logistics", "identity", "media", "retail", "data", "risk", "growth",
    "maps", "music", "health", "travel", "insurance", "lending", "market", "devices", "gaming", "support",
)

TEAM_NOUNS = (
    "ledger", "checkout", "billing", "invoices", "refunds", "fraud", "catalog", "pricing", "inventory", "orders",
    "shipping", "tracking", "routing", "warehouse", "returns", "accounts", "profiles", "sessions", "tokens",
    "consent", "ingest", "indexer", "ranking", "query", "suggest", "crawler", "feeds", "recs", "experiments",
    "metrics", "alerts", "reports", "exports", "imports", "scheduler", "workers", "gateway", "edge", "cache",
    "storage", "streams", "events", "notifications", "email", "sms", "push", "chat", "media-upload",
    "transcode", "thumbnails", "player", "playlists", "licensing", "royalties", "quotes", "claims", "policies",
    "underwriting", "loans", "scoring", "kyc", "compliance", "audit-trail", "tax", "payouts", "wallet",
    "rewards", "coupons", "campaigns", "bidding", "budget", "audience", "creative", "attribution", "geo",
    "tiles", "places", "directions", "traffic", "firmware",
)

FIRST_NAMES = (
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "laura",
    "mallory", "nina", "oscar", "peggy", "quinn", "rupert", "sybil", "trent", "ursula", "victor", "wendy",
    "xavier", "yvonne", "zoe", "amir", "bea", "chen", "dmitri", "eva", "farid", "gita", "hiro", "ines",
    "jonas", "kofi", "lena", "mateo", "noor", "olga", "priya", "rafael", "sana", "tomas", "uma", "vera",
)

LAST_NAMES = (
    "smith", "jones", "garcia", "muller", "rossi", "kim", "nguyen", "okafor", "silva", "tanaka", "novak",
    "dubois", "larsen", "kowalski", "haddad", "ivanova", "moreau", "schmidt", "costa", "yilmaz", "sato",
    "fischer", "lopez", "wang", "singh", "brown", "taylor", "wilson", "khan", "ali", "berg", "petrov",
)

# (primary, secondary) regions of a business unit's clusters, with the short codes cluster names use.
REGION_PAIRS = (
    (("us-east-1", "use1"), ("us-west-2", "usw2")),
    (("eu-west-1", "euw1"), ("eu-central-1", "euc1")),
    (("us-east-2", "use2"), ("us-west-2", "usw2")),
    (("ap-southeast-1", "apse1"), ("ap-northeast-1", "apne1")),
)

SHARED_ROLE_SUFFIXES = ("oncall", "release-managers", "incident-commanders", "data-analysts", "support", "qa")
