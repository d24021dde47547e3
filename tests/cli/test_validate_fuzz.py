"""Whatever lands in an agreement file, ``slacheck validate`` answers with 0, 1 or 2 and never
a traceback: random bytes, random text, valid files with random edits, random valid TOML."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tomlkit
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slacheck.cli.main import cli
from unit.test_config_fixtures import BASE, build

KINDS = sorted(BASE)


def validate(kind: str, content: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = build(Path(folder), files={kind: content})
        for fmt in ("text", "json"):
            args = ["--workspace", str(root), "validate", "--format", fmt]
            result = CliRunner().invoke(cli, args)
            assert result.exit_code in (0, 1, 2), result.output
            assert not isinstance(result.exception, Exception), repr(result.exception)
            assert "Traceback" not in result.output and "Traceback" not in result.stderr


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(kind=st.sampled_from(KINDS), raw=st.binary(max_size=300))
def test_random_bytes(kind, raw):
    validate(kind, raw)


@FUZZ
@given(kind=st.sampled_from(KINDS), text=st.text(max_size=300))
def test_random_text(kind, text):
    validate(kind, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_valid_files_with_random_edits(kind, data):
    text = BASE[kind]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 12)))
    insert = data.draw(st.text(alphabet='[]{}"\'=.,#\n 0123456789-:%hdmwabc', max_size=8))
    validate(kind, text[:start] + insert + text[end:])


_scalars = st.one_of(st.integers(-10, 10), st.booleans(), st.dates(), st.floats(allow_nan=False),
                     st.sampled_from(["4h", "95%", "30d", "it", "sales", "office", "09:00-17:00",
                                      "Europe/Berlin", "DE", "x"]))
_keys = st.sampled_from(["id", "title", "provider", "consumers", "owner", "effective", "calendar",
                         "services", "escalations", "at", "to", "teams", "calendars", "hours",
                         "mon", "cards", "scale", "name", "priorities", "resolution", "health",
                         "min_votes", "timezone", "closed", "day", "holidays", "country"])
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_keys, inner, max_size=4), max_leaves=15)


@FUZZ
@given(kind=st.sampled_from(KINDS), document=st.dictionaries(_keys, _values, max_size=6))
def test_random_valid_toml(kind, document):
    validate(kind, tomlkit.dumps(document))
