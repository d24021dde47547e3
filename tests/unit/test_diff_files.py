"""Diffs of real files through the loader: layout, order and comments mean nothing."""

from datetime import date
from pathlib import Path

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import Workspace
from slacheck.domain.diff import diff_catalogs

TODAY = date(2026, 3, 1)

# it-for-sales.toml of the example company, rewritten: keys reordered, comments gone or new,
# inline tables, durations in other units (3d = 24h, 1w = 5d on an 8 h day), services and
# priorities in another order.
REWRITTEN = '''\
# rewritten by hand
title = "IT support for the Sales team"
id = "it-for-sales"
objective = "95%"
window = "30d"
calendar = "berlin-service-desk"
consumers = [ "sales" ]
provider = "it"
owner = "Dana Ruiz"
review_by = 2027-01-31
effective = 2026-01-01
description = """
Laptops, phones and access to the CRM for the account managers. Sales raises requests through
the service desk portal; "urgent" is for anything that stops a customer meeting or a bid today."""

[[escalations]]
to = "it-oncall"
at = "75%"
[[escalations]]
to = "it"
at = "100%"
[[escalations]]
to = "cio"
at = "150%"

[[services]]
id = "mobile-devices"
name = "Phones, tablets and mobile data"
resolution = "16h"
first_response = "240m"
priorities = { low = { resolution = "5d" } }

[[services]]
id = "crm-access"
name = "CRM and sales-tool accounts and permissions"
first_response = "2h"
resolution = "8h"
priorities.urgent = { resolution = "2h", first_response = "30m" }

[[services]]
id = "laptop-repair"
name = "Laptop repair and replacement"
resolution = "24h"
first_response = "4h"
[services.priorities.low]
resolution = "1w"
[services.priorities.high]
resolution = "1d"
first_response = "60m"
[services.priorities.urgent]
resolution = "4h"
first_response = "30m"
'''


def load(root: Path):
    result = load_catalog(Workspace(root), today=TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return result.catalog


def test_rewritten_file_has_no_change_in_meaning(example_workspace):
    old = load(example_workspace)
    (example_workspace / "agreements" / "it-for-sales.toml").write_text(REWRITTEN, encoding="utf-8")
    result = diff_catalogs(old, load(example_workspace))
    assert not result.has_meaning_changes, [c.text() for c in result.changes]


def test_one_edited_value_is_one_sentence(example_workspace):
    old = load(example_workspace)
    path = example_workspace / "agreements" / "it-for-sales.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('resolution = "4h"                # a loan',
                                 'resolution = "2h"                # a loan'), encoding="utf-8")
    result = diff_catalogs(old, load(example_workspace))
    assert [c.text() for c in result.changes] == [
        "Laptop repair and replacement (urgent): resolution 4h → 2h (stricter)"]


def test_a_shared_priority_means_the_same_priority_on_every_service(tmp_path):
    from unit.test_config_fixtures import load as load_fixture
    from unit.test_config_loader import SHARED_URGENT

    a = "agreements/it-for-sales.toml"
    per_service = load_fixture(tmp_path / "old").catalog
    shared = load_fixture(tmp_path / "new", files={a: SHARED_URGENT}).catalog
    assert not diff_catalogs(per_service, shared).has_meaning_changes
    changed = SHARED_URGENT.replace('resolution = "4h"', 'resolution = "2h"')
    result = diff_catalogs(shared, load_fixture(tmp_path / "changed", files={a: changed}).catalog)
    assert [c.text() for c in result.changes] == [
        "Laptop repair (urgent): resolution 4h → 2h (stricter)"]
