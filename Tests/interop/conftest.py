"""Fixtures: state directories with users, real meridiand processes, clients.

The daemon under test is $MERIDIAND. Every daemon is started here on a free
127.0.0.1 port, waited for (`ready` on stderr), and stopped with SIGTERM; a
stop that does not exit 0 fails the test that owns the daemon. When a test
fails, the log lines every daemon wrote during that test are attached to the
report.
"""

from __future__ import annotations

import atexit
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

import harness
from harness import Credentials, Daemon

REPO = Path(__file__).resolve().parents[2]

atexit.register(harness.kill_leftovers)


# -- failure reports carry the daemon log ---------------------------------


@pytest.fixture(autouse=True)
def _log_offsets(request):
    request.node._meridiand_log_offsets = {id(d): d.log_len() for d in harness.ALL_DAEMONS}
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        offsets = getattr(item, "_meridiand_log_offsets", {})
        for d in harness.ALL_DAEMONS:
            since = offsets.get(id(d), 0)
            if d.log_len() > since:
                report.sections.append((f"meridiand log: {d.name}", d.log_tail(since)))
    return report


# -- users and state directories ------------------------------------------


@pytest.fixture(scope="session")
def meridiand_path() -> str:
    return harness.meridiand_binary()


@pytest.fixture(scope="session")
def creds(tmp_path_factory, meridiand_path) -> Credentials:
    keys = tmp_path_factory.mktemp("keys")
    return Credentials(
        password_user="alice",
        password=secrets.token_urlsafe(18),
        key_user="bob",
        key_file=harness.make_keypair(keys / "bob_ed25519"),
        stranger_key_file=harness.make_keypair(keys / "stranger_ed25519"),
    )


@pytest.fixture(scope="session")
def state_template(tmp_path_factory, creds) -> Path:
    """A state directory with alice (password) and bob (ed25519 key); never run."""
    state = tmp_path_factory.mktemp("template") / "state"
    state.mkdir(mode=0o700)
    harness.add_password_user(state, creds.password_user, creds.password)
    harness.add_key_user(state, creds.key_user, Path(str(creds.key_file) + ".pub"))
    return state


@pytest.fixture
def new_state(tmp_path, state_template) -> Path:
    """A fresh copy of the template for one test."""
    return harness.copy_state(state_template, tmp_path / "state")


# -- daemons -----------------------------------------------------------------


@pytest.fixture(scope="session")
def _shared(tmp_path_factory, state_template):
    holder = {"daemon": None}

    def start():
        root = tmp_path_factory.mktemp("shared")
        d = Daemon(harness.copy_state(state_template, root / "state"), name="shared")
        holder["daemon"] = d.start()
        return d

    holder["start"] = start
    yield holder
    d = holder["daemon"]
    if d is not None and d.alive():
        code = d.stop()
        assert code == 0, f"shared meridiand exited with {code} on SIGTERM\n{d.log_tail()}"


@pytest.fixture
def daemon(_shared) -> Daemon:
    """The daemon most tests share; the test that kills it gets the blame."""
    d = _shared["daemon"]
    if d is None or not d.alive():
        d = _shared["start"]()
    yield d
    assert d.alive(), f"meridiand died during this test (exit {d.proc.poll()})\n{d.log_tail()}"


@pytest.fixture
def make_daemon(tmp_path, state_template):
    """Start a daemon with extra `run` options on a copy of the template state."""
    started: list[Daemon] = []

    def make(*extra_args: str, state_dir: Path | None = None, name: str | None = None,
             log_level: str | None = None) -> Daemon:
        n = len(started)
        state = state_dir or harness.copy_state(state_template, tmp_path / f"state{n}")
        d = Daemon(state, list(extra_args), name=name or f"meridiand {' '.join(extra_args)}".strip())
        if log_level:
            d.log_level = log_level
        started.append(d)
        return d.start()

    yield make
    harness.stop_all(started)


# -- clients -----------------------------------------------------------------


@pytest.fixture
def nc(creds):
    """ncclient sessions, closed after the test: nc(daemon) or nc(daemon, key=True)."""
    from ncclient import manager

    managers = []

    def connect(d: Daemon, key: bool = False, timeout: float = 30, **kw):
        args = dict(
            host="127.0.0.1",
            port=d.port,
            hostkey_verify=False,
            allow_agent=False,
            look_for_keys=False,
            timeout=timeout,
        )
        if key:
            args.update(username=creds.key_user, key_filename=str(creds.key_file))
        else:
            args.update(username=creds.password_user, password=creds.password)
        args.update(kw)
        m = manager.connect(**args)
        managers.append(m)
        return m

    yield connect
    for m in managers:
        try:
            if m.connected:
                m.close_session()
        except Exception:
            pass
        try:
            m._session.close()
        except Exception:
            pass


@pytest.fixture(scope="session")
def netconf_bench(tmp_path_factory) -> Path:
    """Benchmarks/netconf-bench.c, the libssh load client, built for this run."""
    out = tmp_path_factory.mktemp("bench") / "netconf-bench"
    flags = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "libssh"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.split()
    cc = shutil.which("gcc") or shutil.which("cc")
    subprocess.run(
        [cc, "-O2", "-Wall", "-o", str(out), str(REPO / "Benchmarks" / "netconf-bench.c"), *flags, "-lpthread", "-lm"],
        check=True,
        timeout=120,
    )
    return out
