"""``slacheck diff``: every kind of change on copies of the example, no-op reformatting, git
revisions in a temporary repository, and the replay on a small history checked by hand.

Calendar berlin-service-desk (it-for-sales): Mon-Thu 07:30-18:30, Fri 07:30-16:00, Europe/Berlin
(the workspace zone, so a naive ``--at`` is Berlin time); ``1d`` is 8 working hours.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slacheck.cli.main import cli
from clihelpers import run, run_process

EXAMPLE = Path(__file__).resolve().parents[2] / "agreements"
SALES = "it-for-sales.toml"
URGENT_4H = 'resolution = "4h"                # a loan laptop'
CRM_TARGETS = 'first_response = "2h"\nresolution = "1d"'
AS_OF = "2026-11-20T10:00:00Z"  # Friday 11:00 in Berlin


def edit(path: Path, old: str, new: str, occurrences: int = 1) -> None:
    """Replace every occurrence of ``old`` in ``path`` (there must be ``occurrences``)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == occurrences, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy_workspace(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root / "agreements")
    return root


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """Two copies of the example (old, new); the current folder holds both."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACHECK_WORKSPACE", raising=False)
    monkeypatch.delenv("SLACHECK_DB", raising=False)
    return copy_workspace(tmp_path / "old"), copy_workspace(tmp_path / "new")


def invoke(*args: str, cwd_workspace: Path | None = None):
    runner = CliRunner()
    prefix = ["--workspace", str(cwd_workspace)] if cwd_workspace else []
    return runner.invoke(cli, [*prefix, "diff", *args], catch_exceptions=False)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


# ---------------------------------------------------------------- each kind of change
ESCALATION_150 = ('[[escalations]]\nat = "150%"                      # long overdue: the CIO\'s '
                  'office hears of it\nto = "cio"\n')
HIGH = '[services.priorities.high]\nfirst_response = "1h"\nresolution = "1d"\n'
PRINTERS = '\n[[services]]\nid = "printers"\nname = "Printers"\nresolution = "1d"\n'

#: (file, old text, new text, occurrences, change kind, direction, sentence)
KINDS = [
    (SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"), 1, "target-changed", "stricter",
     "Laptop repair and replacement (urgent): resolution 4h → 2h"),
    (SALES, CRM_TARGETS, CRM_TARGETS.replace('"1d"', '"2d"'), 1, "target-changed", "looser",
     "CRM and sales-tool accounts and permissions: resolution 1d → 2d"),
    (SALES, CRM_TARGETS, 'resolution = "1d"', 1, "target-removed", "looser",
     "CRM and sales-tool accounts and permissions: first response target 2h removed"),
    (SALES, 'objective = "95%"', 'objective = "98%"', 1, "objective", "stricter",
     "objective 95 % → 98 %"),
    (SALES, 'window = "30d"', 'window = "month"', 1, "window", "neutral", "window 30d → month"),
    (SALES, 'title = "IT support for the Sales team"', 'title = "IT for Sales"', 1, "title",
     "neutral", 'title "IT support for the Sales team" → "IT for Sales"'),
    (SALES, 'consumers = ["sales"]', 'consumers = ["sales", "finance"]', 1, "consumer-added",
     "neutral", "finance added as consumer"),
    (SALES, 'calendar = "berlin-service-desk"', 'calendar = "berlin-office"', 1,
     "calendar-switched", "looser", "calendar berlin-service-desk → berlin-office"),
    (SALES, ESCALATION_150, ESCALATION_150 + PRINTERS, 1, "service-added", "stricter",
     'new service "Printers" (resolution 1d)'),
    (SALES, HIGH, "", 1, "priority-removed", "looser",
     "Laptop repair and replacement: priority high removed (first response 1h, resolution 1d)"),
    (SALES, 'at = "75%"', 'at = "50%"', 1, "escalation-moved", "stricter",
     "escalation to it-oncall at 75 % → 50 %"),
    (SALES, ESCALATION_150, "", 1, "escalation-removed", "looser",
     "escalation at 150 % to cio removed"),
    ("calendars.toml", 'fri = "07:30-16:00"', 'fri = "07:30-18:30"', 1, "calendar-hours",
     "stricter", "calendar berlin-service-desk: Friday 07:30-16:00 → 07:30-18:30"),
    ("calendars.toml", 'day = "7h15m"', 'day = "8h"', 1, "calendar-day", "looser",
     "calendar berlin-office: day 7h15m → 8h"),
    ("calendars.toml", "closed = [2026-12-24, 2026-12-31, 2027-12-24, 2027-12-31]",
     "closed = [2026-12-23, 2026-12-24, 2026-12-31, 2027-12-24, 2027-12-31]", 2,
     "calendar-closed-added", "looser", "calendar berlin-service-desk: closed on 2026-12-23"),
    ("calendars.toml", 'holidays = { country = "US", subdivision = "IL" }\n', "", 2,
     "calendar-holidays", "stricter", "calendar chicago-plant: holidays US-IL → none"),
    ("teams.toml", 'name = "IT Service Desk"', 'name = "IT Desk"', 1, "team-renamed", "neutral",
     'team it renamed "IT Service Desk" → "IT Desk"'),
    ("slacheck.toml", 'timezone = "Europe/Berlin"', 'timezone = "Europe/Paris"', 1, "setting",
     "neutral", "workspace time zone Europe/Berlin → Europe/Paris"),
]


@pytest.mark.parametrize("file, old, new, occurrences, kind, direction, sentence", KINDS,
                         ids=[k[4] + "-" + k[5] for k in KINDS])
def test_each_kind_of_change(pair, file, old, new, occurrences, kind, direction, sentence):
    before, after = pair
    edit(after / "agreements" / file, old, new, occurrences)
    result = invoke("old", "new", "--format", "json", "--no-replay")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["has_meaning_changes"] and data["replay"] is None
    found = [c for c in data["changes"] if c["text"].startswith(sentence)]
    assert found and {(c["kind"], c["direction"]) for c in found} == {(kind, direction)}
    text = invoke("old", "new", "--no-replay")
    assert text.exit_code == 1 and sentence in text.output


def test_an_agreement_added_and_one_removed(pair):
    _, after = pair
    folder = after / "agreements"
    copy = (folder / SALES).read_text().replace('id = "it-for-sales"', 'id = "it-for-sales-2"')
    (folder / "it-for-sales-2.toml").write_text(copy)
    (folder / "hr-for-staff.toml").unlink()
    data = json.loads(invoke("old/agreements", "new/agreements", "-f", "json",
                             "--no-replay").output)
    kinds = {(c["agreement"], c["kind"], c["direction"]) for c in data["changes"]}
    assert kinds == {("it-for-sales-2", "agreement-added", "stricter"),
                     ("hr-for-staff", "agreement-removed", "looser")}


def test_markdown_is_ready_for_a_pull_request_comment(pair):
    _, after = pair
    edit(after / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    result = invoke("old", "new", "--format", "markdown")
    assert result.exit_code == 1
    assert result.output.startswith("## slacheck diff\n\n1 change in meaning (1 stricter)\n")
    assert "- ⬆ **stricter**: Laptop repair and replacement (urgent): resolution 4h → 2h" \
        in result.output


def test_two_files(pair):
    _, after = pair
    edit(after / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    edit(after / "agreements" / "teams.toml", 'name = "IT Service Desk"', 'name = "IT"')
    result = invoke(f"old/agreements/{SALES}", f"new/agreements/{SALES}", "--no-replay")
    assert result.exit_code == 1
    assert "resolution 4h → 2h (stricter)" in result.output and "renamed" not in result.output


# ---------------------------------------------------------------- no change in meaning
def reformat(path: Path) -> None:
    """Reorder keys and tables, add comments, respell durations: the same meaning."""
    text = path.read_text()
    head, _, rest = text.partition("[[services]]")
    lines = head.splitlines()
    keys = [line for line in lines if "=" in line and not line.startswith("#")
            and '"""' not in line and not line.startswith(("Laptops", "the service"))]
    others = [line for line in lines if line not in keys]
    blocks = rest.split("[[services]]")
    shuffled = "[[services]]".join([blocks[0]] + blocks[:0:-1])  # services in reverse order
    path.write_text("# reviewed in the retro\n" + "\n".join(reversed(keys)) + "\n"
                    + "\n".join(others) + "\n[[services]]" + shuffled.replace('"3d"', '"24h"')
                    + "\n# the end\n")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_reformatting_is_no_change_in_meaning(pair, fmt):
    _, after = pair
    reformat(after / "agreements" / SALES)
    edit(after / "agreements" / "teams.toml", "[teams.it]", "# IT\n[teams.it]")
    result = invoke("old", "new", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert not data["has_meaning_changes"] and data["changes"] == [] and data["replay"] is None
    else:
        assert "No change in meaning." in result.output


def test_reformatted_file_is_valid_and_really_different(pair):
    before, after = pair
    reformat(after / "agreements" / SALES)
    assert (after / "agreements" / SALES).read_text() != (before / "agreements" / SALES).read_text()
    assert run(after, "validate").exit_code == 0


# ---------------------------------------------------------------- errors
def test_problems_on_either_side_exit_2_with_their_paths(pair):
    before, after = pair
    edit(before / "agreements" / SALES, 'objective = "95%"', 'objective = "95"')
    edit(after / "agreements" / "teams.toml", "[teams.it]", "[teams.it")
    result = invoke("old", "new")
    assert result.exit_code == 2
    assert "old/agreements/it-for-sales.toml:20:13: bad percentage '95'" in result.output
    assert "new/agreements/teams.toml:19:" in result.output
    assert "slacheck: cannot compare: 1 error(s) in old" in result.output


@pytest.mark.parametrize("args, message", [
    ((), "give OLD and NEW"),
    (("old",), "give OLD and NEW"),
    (("--git", "HEAD", "a", "b"), "at most one more revision"),
    (("--to", "2026-11-20", "old", "new"), "--to needs --from"),
    (("--no-replay", "--fail-on", "stricter-breaches", "old", "new"), "needs the replay"),
    (("--textconv", "x.toml", "old"), "--textconv takes one FILE"),
    (("old", "nope"), "no such file or folder: nope"),
    (("old", f"new/agreements/{SALES}"), "a file with a file or a folder with a folder"),
])
def test_usage_errors_exit_2(pair, args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output


def test_output_file(pair, tmp_path):
    _, after = pair
    edit(after / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    result = invoke("old", "new", "-f", "markdown", "--output", "diff.md", "--no-replay")
    assert result.exit_code == 1 and result.output == ""
    assert (tmp_path / "diff.md").read_text().startswith("## slacheck diff")
    failed = invoke("old", "new", "--output", str(tmp_path / "no" / "such" / "diff.md"))
    assert failed.exit_code == 2 and "cannot write" in failed.output


# ---------------------------------------------------------------- git
@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository holding the example at its root, committed once; the current folder."""
    root = copy_workspace(tmp_path / "repo")
    (root / "docs").mkdir()
    (root / "docs" / "README").write_text("docs\n")
    git(root, "init", "-q")
    commit_all(root, "example")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SLACHECK_WORKSPACE", raising=False)
    monkeypatch.delenv("SLACHECK_DB", raising=False)
    return root


def test_git_head_against_the_working_tree(repo):
    assert invoke("--git", "HEAD").exit_code == 0
    edit(repo / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    result = invoke("--git", "HEAD")
    assert result.exit_code == 1
    assert "resolution 4h → 2h (stricter)" in result.output
    assert "no logged history to replay (no database at .slacheck/slacheck.db)" in result.output
    assert not (repo / ".slacheck").exists()


def test_git_two_revisions(repo):
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / "agreements" / SALES, 'objective = "95%"', 'objective = "90%"')
    commit_all(repo, "looser")
    edit(repo / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    result = invoke("--git", first, "HEAD", "--no-replay")
    assert result.exit_code == 1
    assert "objective 95 % → 90 % (looser)" in result.output and "4h → 2h" not in result.output
    back = invoke("--git", "HEAD", first, "--no-replay")
    assert "objective 90 % → 95 % (stricter)" in back.output


def test_git_from_a_subfolder_of_the_repository(repo, monkeypatch):
    edit(repo / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    monkeypatch.chdir(repo / "docs")
    result = invoke("--git", "HEAD", "--no-replay")
    assert result.exit_code == 1 and "4h → 2h" in result.output


def test_git_finds_a_workspace_nested_below_the_current_folder(tmp_path, monkeypatch):
    top = tmp_path / "repo"
    nested = copy_workspace(top / "company")
    (top / "docs").mkdir()
    git(top, "init", "-q")
    commit_all(top, "example")
    edit(nested / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    monkeypatch.chdir(nested / "agreements" / "health")
    result = invoke("--git", "HEAD", "--no-replay")
    assert result.exit_code == 1 and "4h → 2h" in result.output
    monkeypatch.chdir(top / "docs")
    assert invoke("--git", "HEAD").exit_code == 2  # no workspace here or above


def test_git_errors(repo, tmp_path, monkeypatch):
    bad = invoke("--git", "no-such-branch")
    assert bad.exit_code == 2 and "unknown revision 'no-such-branch'" in bad.output
    loose = copy_workspace(tmp_path / "loose")
    outside = invoke("--git", "HEAD", cwd_workspace=loose)
    assert outside.exit_code == 2 and "is not in a git repository" in outside.output
    edit(repo / "agreements" / SALES, 'objective = "95%"', 'objective = "95"')
    commit_all(repo, "broken")
    git(repo, "checkout", "-q", "HEAD~1", "--", "agreements")
    broken = invoke("--git", "HEAD")
    assert broken.exit_code == 2
    assert "HEAD:agreements/it-for-sales.toml:20:13: bad percentage '95'" in broken.output
    assert "cannot compare: 1 error(s) in HEAD" in broken.output


def test_git_textconv_driver_shows_meaning_only(repo):
    """The documented setup, run by real git: comments and layout vanish, a change shows."""
    (repo / ".gitattributes").write_text("agreements/*.toml diff=slacheck\n")
    command = f"'{sys.executable}' -c 'from slacheck.cli.main import main; main()' diff --textconv"
    git(repo, "config", "diff.slacheck.textconv", command)
    edit(repo / "agreements" / SALES, "[[services]]\nid = \"crm-access\"",
         "# reviewed\n[[services]]\nid   =   \"crm-access\"")
    assert git(repo, "diff") == ""
    edit(repo / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    shown = [line for line in git(repo, "diff").splitlines() if line[:1] in "+-"]
    assert shown[2:] == ["-services[laptop-repair].priorities.urgent.resolution = 4h",
                         "+services[laptop-repair].priorities.urgent.resolution = 2h"]


# ---------------------------------------------------------------- replay, checked by hand
HISTORY = [
    # 1: CRM, 3 h: met under 1d and under 4h
    ("2026-11-16T09:00", "09:30", "2026-11-16T12:00"),
    # 2: 5 h: met under 1d (8 h), breached under 4h -> the met -> breached flip
    ("2026-11-16T10:00", "10:15", "2026-11-16T15:00"),
    # 3: exactly 4 h: a tie is met under both
    ("2026-11-17T08:00", "08:30", "2026-11-17T12:00"),
    # 4: first response after 3 h (target 2h): breached under both
    ("2026-11-17T09:00", "12:00", "2026-11-17T13:00"),
    # 5: 9 h: breached under both
    ("2026-11-18T08:00", "08:10", "2026-11-18T17:00"),
    # 6: open; at Fri 11:00 2.5 h + 3.5 h = 6 h elapsed: open under 1d, breached under 4h
    ("2026-11-19T16:00", "16:30", None),
    # 7: overnight, 1.5 h Monday + 2 h Tuesday = 3.5 h: met under both
    ("2026-11-16T17:00", "17:30", "2026-11-17T09:30"),
]


def log_history(ws: Path) -> None:
    for number, (opened, responded, resolved) in enumerate(HISTORY, start=1):
        steps = [["log", "it-for-sales", "crm-access", "--title", f"request {number}",
                  "--ref", f"T-{number}", "--at", opened],
                 ["respond", str(number), "--at", f"{opened[:10]}T{responded}"]]
        if resolved:
            steps.append(["resolve", str(number), "--at", resolved])
        for step in steps:
            result = run(ws, *step)
            assert result.exit_code == 0, (step, result.output)


@pytest.fixture
def logged(pair):
    """``old`` holds the history; ``new`` tightens CRM resolution from 1d to 4h."""
    before, after = pair
    log_history(before)
    edit(after / "agreements" / SALES, CRM_TARGETS, CRM_TARGETS.replace('"1d"', '"4h"'))
    return before, after


def test_replay_figures_by_hand(logged):
    before, _ = logged
    result = invoke("old", "new", "-f", "json", "--as-of", AS_OF, cwd_workspace=before)
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)["replay"]
    (agreement,) = data["agreements"]
    assert agreement["id"] == "it-for-sales"
    old, new = agreement["old"], agreement["new"]
    assert (old["met"], old["breached"], old["open"]) == (4, 2, 1)
    assert (new["met"], new["breached"], new["open"]) == (3, 4, 0)
    assert old["compliance"] == pytest.approx(4 / 6) and new["compliance"] == pytest.approx(3 / 7)
    assert old["error_budget"]["allowed"] == pytest.approx(0.05 * 6)
    assert old["error_budget"]["remaining"] == pytest.approx(0.05 * 6 - 2)
    assert new["error_budget"]["remaining"] == pytest.approx(0.05 * 7 - 4)
    crm = next(s for s in agreement["services"] if s["id"] == "crm-access")
    assert crm["old"]["met"] == 4 and crm["new"]["breached"] == 4
    assert data["flip_counts"] == [{"old": "met", "new": "breached", "count": 1},
                                   {"old": "open", "new": "breached", "count": 1}]
    assert [(f["ref"], f["old"], f["new"]) for f in data["flips"]] == [
        ("T-2", "met", "breached"), ("T-6", "open", "breached")]
    assert data["stricter_breaches"] == 1


def test_replay_text_lists_the_flips(logged):
    before, _ = logged
    result = invoke("old", "new", "--as-of", AS_OF, cwd_workspace=before)
    assert "66.7 % → 42.9 %" in result.output and "-1.7 → -3.6" in result.output
    assert "flips: 1 met → breached, 1 open → breached" in result.output
    assert "T-2  it-for-sales  crm-access" in result.output


def test_fail_on_stricter_breaches(logged):
    before, _ = logged
    gate = ("--as-of", AS_OF, "--fail-on", "stricter-breaches")
    tightened = invoke("old", "new", *gate, cwd_workspace=before)
    assert tightened.exit_code == 1
    assert "1 interaction(s) met under the old agreements would be breached" in tightened.output
    loosened = invoke("new", "old", *gate, cwd_workspace=before)
    assert loosened.exit_code == 0  # changes, but nothing met is breached now
    # a window that leaves out request 2 (opened Monday) leaves only the open -> breached flip
    window = invoke("old", "new", *gate, "--from", "2026-11-17T00:00", "--to", "2026-11-20T11:00",
                    cwd_workspace=before)
    assert window.exit_code == 0


def test_no_database_is_never_created_and_db_is_honoured(pair, tmp_path):
    before, after = pair
    edit(after / "agreements" / SALES, URGENT_4H, URGENT_4H.replace("4h", "2h"))
    runner = CliRunner()
    elsewhere = tmp_path / "elsewhere.db"
    result = runner.invoke(cli, ["--workspace", str(before), "--db", str(elsewhere), "diff",
                                 "old", "new", "-f", "json", "--fail-on", "stricter-breaches"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["replay"] is None and "no database at elsewhere.db" in data["replay_note"]
    assert "nothing to check" in result.stderr
    assert not elsewhere.exists() and not (before / ".slacheck").exists()
    markdown = invoke("old", "new", "-f", "markdown", cwd_workspace=before).output
    assert markdown.endswith("### Replay\n\nNo logged history to replay (no database at "
                             "old/.slacheck/slacheck.db).\n")


def test_real_process_diff_json(logged):
    before, _ = logged
    done = run_process(before, "diff", "old", "new", "--format", "json", "--as-of", AS_OF,
                       "--fail-on", "stricter-breaches")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["replay"]["stricter_breaches"] == 1
    assert "would be breached" in done.stderr


def test_textconv_from_the_command_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "--textconv", str(EXAMPLE / SALES)])
    assert result.exit_code == 0 and "objective = 95 %" in result.output
    missing = runner.invoke(cli, ["diff", "--textconv", str(tmp_path / "gone.toml")])
    assert missing.exit_code == 2


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["diff", "--help"])
    assert result.exit_code == 0 and "slacheck diff --git HEAD" in result.output
