"""The newcomer's path: every command and code snippet of README.md and of
examples/ runs as written, against a meridiand started exactly as `make run`
starts it.

What counts as a snippet (`collect()`):
- README.md and examples/**/*.md: every fenced block. A ```sh block is split
  into command lines (backslash continuations joined, comments dropped); any
  other block (python, xml, plain) is one snippet, named by its first line.
- examples/**/*.xml: each `span in backticks` inside an XML comment.
- examples/**/*.py: the command lines of the module docstring (lines that
  start with `.venv/bin/python`, `python3 `, `./`, `make ` or `examples/`).
- what `make run` prints before it starts meridiand (`make banner`): its
  command lines, which must be commands of the README (run there).

Each snippet is run by one of the tests below (RUN) or listed in NOT_RUN with
the reason it cannot run here (and what of it is checked instead).
`test_every_snippet_is_run_or_listed` fails on a snippet that is neither and
on an entry of RUN or NOT_RUN that no longer matches a snippet.

The daemon is the `meridiand run` line of the Makefile's `run` recipe with
$(MERIDIAND), $(STATE) and $(PORT) replaced by $MERIDIAND, a fresh temporary
directory and a free port, started from the repository root. In the snippets
only make run's port 8830 becomes that port and `<admin password>` the
password, which the test reads as a newcomer would: from
STATE/admin-password, written on the first run. The ncclient scripts take
the port from $MERIDIAN_PORT (their --port default); `make user` takes the
state directory from $STATE (the Makefile's `STATE ?= .state`). Outside the
daemon nothing of the user's is touched: $HOME is a temporary directory, and
`ssh` is the system's ssh with a temporary known_hosts and no ssh config,
answered by an SSH_ASKPASS script ("yes" to the new host key, then the
password) as a newcomer would type.

examples/ansible/ is not collected here: its playbooks and their commands are
run by the Ansible tests of their own issue.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import harness
from harness import Daemon
from ntp_lab import udp_port_free

REPO = Path(__file__).resolve().parents[2]
README = "README.md"
NCCLIENT = "examples/ncclient/README.md"
SEEDLAB = "examples/seed-lab/README.md"
BANNER = "Makefile (make run's banner)"
DEFAULT_CONFIG = "examples/default-config.xml"
NTP_QUERY = "examples/ntp-query.py"
EXCLUDED_DIRS = ("examples/ansible",)

PORT_IN_DOCS = "8830"
PASSWORD_PLACEHOLDER = "<admin password>"
NTP_PORT = 10123  # examples/default-config.xml; make run's daemon serves NTP there
SEED_LAB_ADDRESSES = ("127.0.1.31", "127.0.1.32", "127.0.1.33")

# Bounds. A command of the snippets talks to a local daemon: seconds each.
COMMAND_TIMEOUT_S = 60.0
SEED_LAB_TIMEOUT_S = 120.0  # run.sh's own convergence timeout is 60 s; three first runs before it


# -- what happens to each snippet ---------------------------------------------

def ncclient_docstring(script: str, rest: str) -> tuple[str, str, str]:
    return (f"examples/ncclient/{script}", "docstring",
            f".venv/bin/python examples/ncclient/{script} --password '<admin password>' {rest}")


# Run by the tests of this file (the test that runs each is named).
RUN: set[tuple[str, str, str]] = {
    # test_readme_snippets_against_make_run
    (README, "sh", "make user NAME=alice"),
    (README, "sh", "make user NAME=bob KEY=~/.ssh/id_ed25519.pub"),
    (README, "sh", "ssh -p 8830 admin@127.0.0.1 -s netconf"),
    (README, "xml", '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>'
                    'urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'),  # ssh's input
    (README, "python", "from ncclient import manager"),
    (README, "sh", ".venv/bin/netconf-console2 --host 127.0.0.1 --port 8830 -u admin -p '<admin password>' --hello"),
    (README, "sh", "python3 examples/ntp-query.py 127.0.0.1 10123"),
    (DEFAULT_CONFIG, "xml-comment", "python3 examples/ntp-query.py 127.0.0.1 10123"),
    (NTP_QUERY, "docstring", "python3 examples/ntp-query.py 127.0.0.1 10123"),
    # test_ncclient_examples_as_written
    (NCCLIENT, "sh", "cd examples/ncclient"),
    (NCCLIENT, "sh", "export MERIDIAN_PASSWORD='<admin password>'"),
    (NCCLIENT, "sh", "PY=../../.venv/bin/python"),
    (NCCLIENT, "sh", "$PY set-refclock-master.py --stratum 3"),
    (NCCLIENT, "sh", "$PY add-server.py --address 192.0.2.10 --iburst"),
    (NCCLIENT, "sh", "$PY add-peer-with-key.py --address 192.0.2.20 --key-id 8 --algorithm aes-cmac "
                     "--hex-key 000102030405060708090a0b0c0d0e0f --enable-authentication"),
    (NCCLIENT, "sh", "$PY set-source-interface.py --interface lo --address 127.0.0.1 --prefix-length 8"),
    (NCCLIENT, "sh", "$PY read-status.py"),
    (NCCLIENT, "sh", "$PY watch-events.py --since 3600 --count 3"),
    (NCCLIENT, "sh", "$PY delete-server.py --name 192.0.2.10"),
    (NCCLIENT, "sh", "$PY reset-statistics.py"),
    (NCCLIENT, "sh", "$PY add-server.py --address 224.0.1.1"),
    (NCCLIENT, "text", "clock: synchronized, stratum 3, reference-id LOCL, offset 0.0 ms, root-delay 0.0 ms, "
                       "sync-state freq-set-by-cfg"),  # read-status.py's output, compared
    (NCCLIENT, "text", "validate refused:"),  # the refused commit's stderr, compared
    ncclient_docstring("add-peer-with-key.py", "--address 192.0.2.20 --key-id 7 --algorithm md5 --ascii-key s3cret"),
    ncclient_docstring("add-peer-with-key.py", "--address 192.0.2.20 --key-id 8 --algorithm aes-cmac "
                                               "--hex-key 000102030405060708090a0b0c0d0e0f --enable-authentication"),
    ncclient_docstring("add-server.py", "--address 192.0.2.10 --iburst"),
    ncclient_docstring("add-server.py", "--name lab --address 192.0.2.11 --udp-port 10123 --iburst "
                                        "--minpoll -1 --maxpoll 0"),
    ncclient_docstring("delete-server.py", "--name 192.0.2.10"),
    ncclient_docstring("history.py", "list"),
    ncclient_docstring("history.py", "compare 1 running"),
    ncclient_docstring("history.py", "label 1 base --comment 'first servers'"),
    ncclient_docstring("history.py", "rollback --last 1 --confirm-timeout 120 --yes"),
    ncclient_docstring("nacm-readonly-operator.py", "olga"),
    ncclient_docstring("nacm-readonly-operator.py", "--dry-run olga"),
    ncclient_docstring("read-status.py", ""),
    ncclient_docstring("read-status.py", "--xml"),
    ncclient_docstring("reset-statistics.py", ""),
    ncclient_docstring("watch-events.py", "--since 3600 --count 2"),
    ncclient_docstring("watch-events.py", "--only config --count 1 --timeout 1"),
    ncclient_docstring("set-refclock-master.py", "--stratum 2"),
    ncclient_docstring("set-source-interface.py", "--interface lo --address 127.0.0.1 --prefix-length 8"),
    # test_seed_lab_as_written
    (SEEDLAB, "sh", "examples/seed-lab/run.sh"),
    (SEEDLAB, "sh", "examples/seed-lab/run.sh --auth"),
    (SEEDLAB, "text", "started C: pid 13739, NETCONF 127.0.1.31:38685, state /tmp/seed-lab-b61u5faq/C/state"),
    (SEEDLAB, "text", "configured C (master, key 10 aes-cmac) over NETCONF"),
}
# An empty docstring argument list leaves a trailing space in ncclient_docstring(): trim it.
RUN = {(f, k, t.rstrip()) for f, k, t in RUN}

# Not run, with the reason; the comment says what is checked instead.
NOT_RUN: dict[tuple[str, str, str], str] = {
    (README, "sh", 'curl -O https://download.swift.org/swiftly/linux/swiftly-$(uname -m).tar.gz && '
                   'tar zxf swiftly-$(uname -m).tar.gz && ./swiftly init --quiet-shell-followup && '
                   '. "${SWIFTLY_HOME_DIR:-$HOME/.local/share/swiftly}/env.sh" && hash -r'):
        "downloads and installs a Swift toolchain into $HOME from the network "
        "(checked: it is swift.org's documented swiftly installer for Linux)",
    (README, "sh", "make run"):
        "blocks until Ctrl-C: the tests start meridiand with the run recipe's own command line "
        "and check the banner it prints (make banner)",
    (README, "sh", "make test"):
        "this test is part of it",
    (README, "sh", "make clients"):
        "installs from PyPI into the repository's .venv, the one this test runs in "
        "(checked: make -n shows the venv and the pinned ncclient, netconf-console2 and six)",
    (README, "text", "meridiand run  [--state-dir DIR] [--netconf-listen ADDR:PORT]... [--ntp-port N]"):
        "a synopsis, not a command (checked: each option is in meridiand SUBCOMMAND --help)",
    (README, "text", "2026-12-07T23:17:09.691268Z  session start: admin (session 1 from 127.0.0.1)"):
        "output of watch-events.py, shown (checked: test_ncclient_examples_as_written runs watch-events.py, "
        "and test_notifications.py checks each event's content)",
    (DEFAULT_CONFIG, "xml-comment", "make run"):
        "names the command that loads this file; see README.md's make run",
    (NCCLIENT, "sh", "make clients"):
        "as in README.md",
    (NCCLIENT, "sh", "make run"):
        "blocks until Ctrl-C: the test starts meridiand with the run recipe's command line instead",
    (README, "text", "<meridian> system-view"):
        "a transcript with the lab's addresses (checked: test_meridian_cli.py runs the guide's "
        "C/D/E example with these commands)",
    (SEEDLAB, "sh", "swift build --product meridiand"):
        "builds the binary under test: make test has built it ($MERIDIAND), which run.sh uses",
    (SEEDLAB, "text", "C 127.0.1.31  refclock-master stratum 2, listens on its interface"):
        "a diagram",
    (SEEDLAB, "xml", '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'):
        "the configuration lab.py sends to D, shown; run.sh sends it",
    (SEEDLAB, "xml", '<authentication xmlns="urn:meridian:params:xml:ns:yang:meridian-ntp">'):
        "a fragment of the --auth configuration (its secret elided); run.sh --auth sends it",
    (SEEDLAB, "xml", "<server>"):
        "a fragment with elisions; run.sh --auth sends it",
}


# -- collecting the snippets --------------------------------------------------

@dataclass
class Snippet:
    file: str
    kind: str  # sh (one command); python, xml, text... (a fenced block); xml-comment; docstring
    key: str  # the command, or the block's first line
    body: str  # the whole block (fenced non-sh blocks); the command otherwise
    line: int
    block: int = -1  # which fenced block of the file (sh commands of one block share it)

    @property
    def id(self) -> tuple[str, str, str]:
        return (self.file, self.kind, self.key)


def strip_comment(line: str) -> str:
    """The line without a shell comment (a # at the start or after a blank, outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def shell_commands(text: str) -> list[tuple[int, str]]:
    """(line offset, command) of each command line: continuations joined, comments dropped."""
    out, pending, start = [], "", 0
    for n, raw in enumerate(text.splitlines()):
        line = raw.strip() if pending else raw.rstrip()
        if not pending:
            start = n
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        command = strip_comment(pending + line).strip()
        pending = ""
        if command:
            out.append((start, re.sub(r"[ \t]+", " ", command) if "'" not in command and '"' not in command
                        else command))
    return out


def fenced_blocks(path: Path) -> list[tuple[int, str, str]]:
    """(line, language, text) of each fenced block of a Markdown file."""
    blocks, lines = [], path.read_text().splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^\s*```(\w*)\s*$", lines[i])
        if m:
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith("```"):
                j += 1
            blocks.append((i + 1, m.group(1) or "text", "\n".join(lines[i + 1:j]) + "\n"))
            i = j
        i += 1
    return blocks


COMMAND_PREFIXES = (".venv/bin/", "python3 ", "./", "make ", "examples/", "ssh ", "meridiand ")


def docstring_commands(path: Path) -> list[tuple[int, str]]:
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    picked = [(n, line) for n, line in shell_commands(doc)
              if line.lstrip().startswith(COMMAND_PREFIXES)]
    return [(n, line.strip()) for n, line in picked]


def rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def excluded(path: Path) -> bool:
    return any(rel(path).startswith(d + "/") for d in EXCLUDED_DIRS) or "__pycache__" in path.parts


def collect() -> list[Snippet]:
    snippets: list[Snippet] = []
    docs = [REPO / README] + sorted(p for p in (REPO / "examples").rglob("*.md") if not excluded(p))
    for path in docs:
        for block, (line, lang, text) in enumerate(fenced_blocks(path)):
            if lang in ("sh", "bash", "shell", "console"):
                snippets += [Snippet(rel(path), "sh", c, c, line + 1 + n, block) for n, c in shell_commands(text)]
            else:
                first = next((l.strip() for l in text.splitlines() if l.strip()), "")
                snippets.append(Snippet(rel(path), lang, first, text, line + 1, block))
    for path in sorted(p for p in (REPO / "examples").rglob("*.xml") if not excluded(p)):
        text = path.read_text()
        for comment in re.finditer(r"<!--(.*?)-->", text, re.S):
            for span in re.findall(r"`([^`]+)`", comment.group(1)):
                command = re.sub(r"\s+", " ", span.strip())
                line = text[:comment.start()].count("\n") + 1
                snippets.append(Snippet(rel(path), "xml-comment", command, command, line))
    for path in sorted(p for p in (REPO / "examples").rglob("*.py") if not excluded(p)):
        for n, command in docstring_commands(path):
            snippets.append(Snippet(rel(path), "docstring", command, command, n + 2))
    return snippets


def snippet(file: str, kind: str, key: str) -> Snippet:
    found = [s for s in collect() if s.id == (file, kind, key)]
    assert found, f"no {kind} snippet {key!r} in {file} any more: update RUN in {Path(__file__).name}"
    return found[0]


def block_commands(file: str, command: str) -> list[Snippet]:
    """The commands of the ```sh block of FILE that holds COMMAND, in order."""
    snippets = [s for s in collect() if s.file == file]
    block = next(s.block for s in snippets if s.kind == "sh" and s.key == command)
    return [s for s in snippets if s.kind == "sh" and s.block == block]


# -- running commands -----------------------------------------------------------

@dataclass
class Result:
    command: str
    rc: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"$ {self.command}\nexit {self.rc}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def substitute(text: str, port: int, password: str) -> str:
    return text.replace(PORT_IN_DOCS, str(port)).replace(PASSWORD_PLACEHOLDER, password)


def run_session(commands: list[tuple[str, bytes | None]], env: dict, work: Path,
                timeout: float = COMMAND_TIMEOUT_S) -> list[Result]:
    """Runs the commands in order in one bash (cd, export and variables carry over), each with
    its own stdin, stdout and stderr; returns their results."""
    work.mkdir(parents=True, exist_ok=True)
    script = ["set +e"]
    for i, (command, stdin) in enumerate(commands):
        source = "/dev/null"
        if stdin is not None:
            (work / f"{i}.in").write_bytes(stdin)
            source = str(work / f"{i}.in")
        script.append(f"{{\n{command}\n}} <{shlex.quote(source)} >{work}/{i}.out 2>{work}/{i}.err; echo $? >{work}/{i}.rc")
    (work / "session.sh").write_text("\n".join(script) + "\n")
    subprocess.run(["bash", str(work / "session.sh")], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                   timeout=timeout * max(1, len(commands)), check=False, start_new_session=True)
    results = []
    for i, (command, _) in enumerate(commands):
        rc_file = work / f"{i}.rc"
        rc = int(rc_file.read_text()) if rc_file.exists() else -1
        results.append(Result(command, rc, (work / f"{i}.out").read_text(errors="replace") if rc_file.exists() else "",
                              (work / f"{i}.err").read_text(errors="replace") if rc_file.exists() else ""))
    return results


def shape(line: str) -> str:
    """A line with paths, numbers and runs of blanks made uniform, to compare example output."""
    line = re.sub(r"/[\w./-]+", "PATH", line.strip())
    line = re.sub(r"\d+(\.\d+)?", "N", line)
    return re.sub(r"\s+", " ", line)


def assert_output_like(example: str, actual: str, what: str) -> None:
    """Every line of EXAMPLE (but `...`) appears in ACTUAL, in order, up to numbers and paths.
    A `statistics: k v, ...` line: every counter of the example is in the actual line."""
    actual_lines = [l for l in actual.splitlines() if l.strip()]
    position = 0
    for expected in (l for l in example.splitlines() if l.strip() and l.strip() != "..."):
        if expected.startswith("statistics:"):
            keys = re.findall(r"([\w-]+) \d+", expected)
            found = next((l for l in actual_lines if l.startswith("statistics:")), "")
            missing = [k for k in keys if not re.search(rf"\b{k} \d+", found)]
            assert not missing, f"{what}: counters {missing} of the example are not in {found!r}"
            continue
        for i in range(position, len(actual_lines)):
            if shape(actual_lines[i]) == shape(expected):
                position = i + 1
                break
        else:
            raise AssertionError(f"{what}: the example's line\n  {expected}\nis not in the output "
                                 f"(after line {position}):\n{actual}")


def rpc_error_fields(text: str) -> dict[str, str]:
    """name -> quoted value of the `error-tag='...' error-path="..."` fields the ncclient scripts print."""
    return dict(re.findall(r"""([\w-]+)=('[^']*'|"[^"]*")""", text))


# -- the daemon, as `make run` starts it -------------------------------------

def make_run_argv(port: int, state: Path) -> list[str]:
    """The `meridiand run` line of the Makefile's run recipe, with only the variables replaced."""
    recipe, inside = [], False
    for line in (REPO / "Makefile").read_text().splitlines():
        if re.match(r"^run:", line):
            inside = True
            continue
        if inside:
            if not line.startswith("\t"):
                break
            recipe.append(line.strip())
    lines = [l for l in recipe if " run --state-dir" in l]
    assert len(lines) == 1, f"no single `meridiand run` line in the Makefile's run recipe: {recipe}"
    line = (lines[0].replace("$(MERIDIAND)", harness.meridiand_binary())
            .replace("$(STATE)", str(state)).replace("$(PORT)", str(port)))
    assert "$(" not in line, f"the run recipe uses a variable this test does not know: {line}"
    return shlex.split(line)


class MakeRunDaemon(Daemon):
    """meridiand started with the run recipe's command line, from the repository root."""

    def _spawn(self) -> None:
        args = make_run_argv(self.port, self.state_dir)
        self.log("[harness] $ " + " ".join(args))
        self._ready.clear()
        self.exit_code = None
        self.proc = subprocess.Popen(args, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True)
        harness._LIVE.add(self)
        self._readers = [threading.Thread(target=self._pump, args=(self.proc.stderr, ""), daemon=True),
                         threading.Thread(target=self._pump, args=(self.proc.stdout, "[stdout] "), daemon=True)]
        for t in self._readers:
            t.start()


@pytest.fixture
def make_run(tmp_path):
    """A first run of `make run`'s daemon on a fresh state directory; stopped at the end."""
    if not udp_port_free("127.0.0.1", NTP_PORT):
        pytest.skip(f"UDP 127.0.0.1:{NTP_PORT} is in use (a `make run` of yours?): "
                    f"the daemon of {DEFAULT_CONFIG} serves NTP there")
    d = MakeRunDaemon(tmp_path / "state", name="make run")
    d.start()
    yield d
    if d.alive():
        assert d.stop() == 0, d.log_tail()


def newcomer_password(d: Daemon) -> str:
    """The first-run password, read from STATE/admin-password (the box shows the same)."""
    file = d.state_dir / "admin-password"
    assert file.exists(), f"no {file} after the first run\n{d.log_tail()}"
    password = file.read_text().strip()
    assert password and password in d.log_text(), "the password file does not hold the printed password"
    return password


@pytest.fixture
def newcomer_env(tmp_path):
    """The environment of a newcomer's shell, made private: HOME, ssh's known hosts, no agent."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True, mode=0o700)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real_ssh = shutil.which("ssh")
    assert real_ssh, "ssh (openssh-client) is missing"
    (bin_dir / "ssh").write_text(
        "#!/bin/sh\n# the system's ssh, with a known_hosts of the test's and no ssh config of the user's\n"
        f"exec {shlex.quote(real_ssh)} -F /dev/null -o UserKnownHostsFile={shlex.quote(str(home / '.ssh' / 'known_hosts'))} "
        "-o GlobalKnownHostsFile=/dev/null \"$@\"\n")
    (bin_dir / "ssh").chmod(0o755)
    # Not inherited: the user's agent and the variables of an outer `make test` (its command-line
    # variables travel in MAKEFLAGS and would override the Makefile's defaults in `make banner`).
    dropped = ("SSH_AUTH_SOCK", "DISPLAY", "PORT", "STATE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(HOME=str(home), PATH=f"{bin_dir}:{env.get('PATH', '/usr/bin:/bin')}",
               MERIDIAND=harness.meridiand_binary())
    return env


def ssh_askpass(tmp_path: Path, password: str) -> dict:
    """SSH_ASKPASS answering like a newcomer: yes to the new host key, then the password."""
    secret = tmp_path / "askpass.secret"
    secret.write_text(password + "\n")
    secret.chmod(0o600)
    script = tmp_path / "askpass"
    script.write_text("#!/bin/sh\ncase \"$1\" in *yes/no*) echo yes ;; *) cat "
                      f"{shlex.quote(str(secret))} ;; esac\n")
    script.chmod(0o700)
    return {"SSH_ASKPASS": str(script), "SSH_ASKPASS_REQUIRE": "force"}


def connect(port: int, **kw):
    from ncclient import manager

    return manager.connect(host="127.0.0.1", port=port, hostkey_verify=False, allow_agent=False,
                           look_for_keys=False, timeout=30, **kw)


def assert_candidate_clean(port: int, password: str) -> None:
    with connect(port, username="admin", password=password) as m:
        running = m.get_config(source="running").data_xml
        candidate = m.get_config(source="candidate").data_xml
    assert candidate == running, f"the candidate differs from running (left dirty):\n{candidate}\n---\n{running}"


# -- the tests ------------------------------------------------------------------

def test_every_snippet_is_run_or_listed():
    found = {s.id: s for s in collect()}
    unknown = [s for k, s in found.items() if k not in RUN and k not in NOT_RUN]
    assert not unknown, (
        "snippets neither run nor listed in NOT_RUN (Tests/interop/test_readme.py):\n"
        + "\n".join(f"  {s.file}:{s.line} [{s.kind}] {s.key}" for s in unknown))
    stale = sorted((set(RUN) | set(NOT_RUN)) - set(found))
    assert not stale, "entries that match no snippet any more:\n" + "\n".join(f"  {k}" for k in stale)
    assert not set(RUN) & set(NOT_RUN), "a snippet is both run and listed"


def test_listed_snippets_say_what_they_claim(tmp_path, newcomer_env):
    # The Swift line is swift.org's swiftly installer for Linux (https://www.swift.org/install/linux/).
    swift = next(k for f, kind, k in NOT_RUN if k.startswith("curl "))
    for part in ("https://download.swift.org/swiftly/linux/swiftly-$(uname -m).tar.gz",
                 "./swiftly init", "/env.sh"):
        assert part in swift, swift
    # make clients: a venv with the pinned ncclient, netconf-console2 and six.
    r = subprocess.run(["make", "-n", "-B", "--no-print-directory", "clients", f"VENV={tmp_path}/venv"],
                       cwd=REPO, env=newcomer_env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "-m venv" in r.stdout and "pip install" in r.stdout, r.stdout
    requirements = (REPO / "Tests/interop/requirements.txt").read_text()
    for package in ("ncclient", "netconf-console2", "six"):
        assert package in r.stdout, f"make clients does not install {package}:\n{r.stdout}"
        assert re.search(rf"^{re.escape(package)}==", requirements, re.M), f"{package} is not pinned"
    # The synopsis: every option it shows exists.
    synopsis = next(s for s in collect() if s.kind == "text" and s.key.startswith("meridiand run "))
    for command in ("run", "user add", "user remove", "validate"):
        lines = re.findall(rf"^meridiand {command}\b.*(?:\n {{10,}}.*)*", synopsis.body, re.M)
        assert lines, f"no `meridiand {command}` in the README's synopsis"
        r = harness.run_cli([*command.split(), "--help"], timeout=30)
        help_text = r.stdout.decode() + r.stderr.decode()
        for option in set(re.findall(r"--[a-z-]+", "\n".join(lines))):
            assert option in help_text, f"README synopsis: meridiand {command} has no {option}"


def run_readme_commands(commands: list[Snippet], d: Daemon, password: str, env: dict, work: Path,
                        stdin: dict[str, bytes] | None = None) -> dict[str, Result]:
    runnable = [c for c in commands if c.id in RUN]
    results = run_session([(substitute(c.body, d.port, password), (stdin or {}).get(c.key)) for c in runnable],
                          env, work)
    return {c.key: r for c, r in zip(runnable, results)}


def test_readme_snippets_against_make_run(make_run, newcomer_env, tmp_path):
    d = make_run
    password = newcomer_password(d)
    env = dict(newcomer_env, STATE=str(d.state_dir), **ssh_askpass(tmp_path, password))
    snippets = [s for s in collect() if s.file == README]

    # make run's banner: the password file's real path, and commands that are the README's.
    r = subprocess.run(["make", "-s", "--no-print-directory", "banner"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    banner = r.stdout
    path = f"{os.path.realpath(d.state_dir)}/admin-password"
    assert path in banner.split(), f"the banner does not give the password file {path}:\n{banner}"
    assert "make user NAME=" in banner, banner
    readme_commands = {s.key for s in snippets if s.kind == "sh"}
    banner_commands = [l.strip() for l in (re.sub(r"^ [\w ]+:\s+", "", line) for line in banner.splitlines())
                       if l.strip().startswith(COMMAND_PREFIXES)]
    assert len(banner_commands) >= 5, banner
    for command in banner_commands:
        assert command in readme_commands, f"make run's banner says `{command}`, which the README does not"
    assert "python3 -c" not in banner and "from ncclient" not in banner, banner

    # The README, in order.
    bob_key = harness.make_keypair(Path(env["HOME"]) / ".ssh" / "id_ed25519")
    ssh_input = next(s.body for s in snippets if s.kind == "xml" and s.key.startswith("<hello"))
    sh_results: dict[str, Result] = {}
    for s in snippets:
        if s.kind == "sh" and s.id in RUN:
            stdin = {"make user NAME=alice": b"alice-secret-42\n", "ssh -p 8830 admin@127.0.0.1 -s netconf": ssh_input.encode()}
            sh_results.update(run_readme_commands([s], d, password, env, tmp_path / f"sh{s.line}", stdin))
        elif s.kind == "python":
            script = tmp_path / "readme_snippet.py"
            script.write_text(substitute(s.body, d.port, password))
            p = subprocess.run([str(REPO / ".venv/bin/python"), str(script)], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S)
            sh_results["python"] = Result(f"{REPO}/.venv/bin/python {s.file}:{s.line}", p.returncode, p.stdout, p.stderr)

    ran = {k for f, kind, k in RUN if f == README and kind == "sh"} | {"python"}
    assert set(sh_results) == ran, f"ran {sorted(sh_results)}, RUN lists {sorted(ran)}"

    def ok(key: str) -> Result:
        result = sh_results[key]
        assert result.rc == 0, f"{result}\n{d.log_tail()}"
        return result

    ok("make user NAME=alice")
    connect(d.port, username="alice", password="alice-secret-42").close_session()
    ok("make user NAME=bob KEY=~/.ssh/id_ed25519.pub")
    connect(d.port, username="bob", key_filename=str(bob_key)).close_session()

    out = ok("ssh -p 8830 admin@127.0.0.1 -s netconf").out
    assert "<hello" in out and 'message-id="1"' in out and "<hostname>meridian</hostname>" in out, out
    assert re.search(r'message-id="2"[^>]*>\s*<ok/>', out), out

    out = ok("python").out
    assert re.search(r"^session \d+", out, re.M), out
    assert "<address>192.0.2.1</address>" in out, out
    assert_candidate_clean(d.port, password)

    out = ok(".venv/bin/netconf-console2 --host 127.0.0.1 --port 8830 -u admin -p '<admin password>' --hello").out
    assert "urn:ietf:params:netconf:base:1.1" in out, out

    out = ok("python3 examples/ntp-query.py 127.0.0.1 10123").out
    assert "stratum=10 reference-id=LOCL" in out, out

    # The same query from examples/default-config.xml's comment and ntp-query.py's docstring.
    for file, kind in ((DEFAULT_CONFIG, "xml-comment"), (NTP_QUERY, "docstring")):
        s = snippet(file, kind, "python3 examples/ntp-query.py 127.0.0.1 10123")
        [result] = run_session([(s.body, None)], env, tmp_path / f"{kind}")
        assert result.rc == 0 and "stratum=10 reference-id=LOCL" in result.out, f"{file}:\n{result}"

    # admin has logged in: the first-run password file is gone.
    assert not (d.state_dir / "admin-password").exists(), "admin-password survived admin's logins"


def test_ncclient_examples_as_written(make_run, newcomer_env, tmp_path):
    d = make_run
    password = newcomer_password(d)
    env = dict(newcomer_env, MERIDIAN_PORT=str(d.port))
    blocks = {s.key: s for s in collect() if s.file == NCCLIENT}
    commands = block_commands(NCCLIENT, "cd examples/ncclient")
    results = run_readme_commands(commands, d, password, env, tmp_path / "readme")
    assert len(results) == len([c for c in commands if c.id in RUN]) == 12, list(results)

    for key, result in results.items():
        if key == "$PY add-server.py --address 224.0.1.1":
            assert result.rc == 1, result
            # The README's block, field by field; the message's wording may move, its point may not.
            refused = blocks["validate refused:"].body
            expected, actual = rpc_error_fields(refused), rpc_error_fields(result.err)
            assert result.err.split()[:2] == refused.split()[:2] == ["validate", "refused:"], result
            for name in ("error-tag", "error-app-tag", "error-path"):
                assert actual.get(name) == expected[name], f"{name} differs from the README's:\n{result}"
            assert "224.0.1.1 is a multicast address" in actual.get("error-message", ""), result
        else:
            assert result.rc == 0, f"{result}\n{d.log_tail()}"
    for key in ("$PY set-refclock-master.py --stratum 3", "$PY add-server.py --address 192.0.2.10 --iburst",
                "$PY delete-server.py --name 192.0.2.10"):
        assert results[key].out.strip() == "committed", results[key]
    assert results["$PY reset-statistics.py"].out.strip() == "statistics reset"
    example = next(s for s in blocks.values() if s.kind == "text" and s.key.startswith("clock:"))
    assert_output_like(example.body, results["$PY read-status.py"].out, "read-status.py")

    # Each script's docstring, in file order, from the repository root, on the same agent.
    docstrings = [s for s in collect() if s.kind == "docstring" and s.file.startswith("examples/ncclient/")]
    assert docstrings, "no command lines in the ncclient scripts' docstrings"
    results = run_session([(substitute(s.body, d.port, password), None) for s in docstrings], env, tmp_path / "doc")
    for s, result in zip(docstrings, results):
        assert s.id in RUN, s
        assert result.rc == 0, f"{s.file}:{s.line}\n{result}\n{d.log_tail()}"
    by_command = {s.key: r for s, r in zip(docstrings, results)}
    xml = by_command[ncclient_docstring("read-status.py", "--xml")[2]].out
    assert "<clock-state>" in xml and "192.0.2.11" in xml, xml
    assert_candidate_clean(d.port, password)


def test_seed_lab_as_written(newcomer_env, tmp_path):
    busy = [a for a in SEED_LAB_ADDRESSES if not udp_port_free(a, NTP_PORT)]
    if busy:
        pytest.skip(f"UDP {NTP_PORT} is in use on {busy} (a seed lab of yours?)")
    blocks = [s for s in collect() if s.file == SEEDLAB]
    for command, example_key in (("examples/seed-lab/run.sh", "started C:"),
                                 ("examples/seed-lab/run.sh --auth", "configured C (master, key")):
        s = snippet(SEEDLAB, "sh", command)
        started = time.monotonic()
        [result] = run_session([(s.body, None)], newcomer_env, tmp_path / command.replace("/", "_").replace(" ", "_"),
                               timeout=SEED_LAB_TIMEOUT_S)
        assert result.rc == 0, f"{result}\n(after {time.monotonic() - started:.0f} s)"
        example = next(b for b in blocks if b.kind == "text" and b.key.startswith(example_key))
        assert_output_like(example.body, result.out + result.err, command)
