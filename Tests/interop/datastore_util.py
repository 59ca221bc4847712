"""Shared pieces of the datastore interop tests (test_datastore_*.py).

Each test module gets its own daemon (`ds_daemon`, module scope) so that the
configurations written here never leak into the shared daemon other files use;
`ds` hands a test that daemon with running and candidate emptied and no
confirmed commit pending. Replies are read with ncclient in RaiseMode.NONE and
checked here, so a failing assertion shows the whole reply.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from lxml import etree
from ncclient.operations import RaiseMode
from ncclient.xml_ import to_ele

import harness
from harness import Daemon

NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
IP = "urn:ietf:params:xml:ns:yang:ietf-ip"
IANAIFT = "urn:ietf:params:xml:ns:yang:iana-if-type"
WD_ATTR_NS = "urn:ietf:params:xml:ns:netconf:default:1.0"
WD = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"
NS = {"nc": NC, "sys": SYS, "if": IF, "ip": IP}

# Every RPC on a loaded 2-core machine answers within this long, or the test fails.
RPC_TIMEOUT_S = 30


# -- XML building ------------------------------------------------------------


def config(*fragments: str) -> str:
    return f'<config xmlns="{NC}">' + "".join(fragments) + "</config>"


def op_attr(op: str | None) -> str:
    return f' xmlns:nc="{NC}" nc:operation="{op}"' if op else ""


def system(inner: str, op: str | None = None) -> str:
    return f'<system xmlns="{SYS}"{op_attr(op)}>{inner}</system>'


def ntp_server(name: str, address: str | None = "192.0.2.1", extra: str = "", op: str | None = None) -> str:
    udp = f"<udp><address>{address}</address></udp>" if address is not None else ""
    return f"<server{op_attr(op)}><name>{name}</name>{udp}{extra}</server>"


def ntp(*servers: str, extra: str = "") -> str:
    return f"<ntp>{extra}{''.join(servers)}</ntp>"


def interfaces(*entries: str, op: str | None = None) -> str:
    return f'<interfaces xmlns="{IF}"{op_attr(op)}>' + "".join(entries) + "</interfaces>"


def interface(name: str, if_type: str | None = "ethernetCsmacd", extra: str = "", op: str | None = None) -> str:
    t = f'<type xmlns:ianaift="{IANAIFT}">ianaift:{if_type}</type>' if if_type else ""
    return f"<interface{op_attr(op)}><name>{name}</name>{t}{extra}</interface>"


# -- replies ---------------------------------------------------------------


def session(nc, daemon: Daemon, **kw):
    """An ncclient session that returns rpc-errors instead of raising them."""
    m = nc(daemon, timeout=RPC_TIMEOUT_S, **kw)
    m.raise_mode = RaiseMode.NONE
    m.timeout = RPC_TIMEOUT_S
    return m


def xml_of(reply) -> etree._Element:
    return etree.fromstring(reply.xml.encode() if isinstance(reply.xml, str) else reply.xml)


def show(reply) -> str:
    return reply.xml if hasattr(reply, "xml") else str(reply)


def dispatch(m, body: str):
    """Send one operation element (text) and return the reply."""
    return m.dispatch(to_ele(body))


def assert_ok(reply) -> None:
    root = xml_of(reply)
    assert root.find(f"{{{NC}}}ok") is not None and not root.findall(f"{{{NC}}}rpc-error"), (
        f"expected <ok/>, got:\n{show(reply)}"
    )


def rpc_errors(reply) -> list[etree._Element]:
    return xml_of(reply).findall(f"{{{NC}}}rpc-error")


def one_error(reply, tag: str, error_type: str | None = None) -> etree._Element:
    """The reply has exactly one rpc-error with this error-tag (and type); it is returned."""
    errs = rpc_errors(reply)
    assert len(errs) == 1, f"expected one rpc-error ({tag}), got {len(errs)}:\n{show(reply)}"
    e = errs[0]
    assert e.findtext(f"{{{NC}}}error-tag") == tag, show(reply)
    if error_type is not None:
        assert e.findtext(f"{{{NC}}}error-type") == error_type, show(reply)
    assert e.findtext(f"{{{NC}}}error-severity") == "error", show(reply)
    return e


def error_field(err: etree._Element, name: str) -> str | None:
    return err.findtext(f"{{{NC}}}{name}")


def error_info(err: etree._Element, name: str) -> str | None:
    info = err.find(f"{{{NC}}}error-info")
    return None if info is None else info.findtext(f"{{{NC}}}{name}")


_PREFIX = re.compile(r"(?:^|/)([A-Za-z_][\w.-]*):")


def error_path_prefixes(err: etree._Element) -> dict[str, str | None]:
    """Each prefix used in error-path, mapped to the namespace in scope on that element."""
    path = err.find(f"{{{NC}}}error-path")
    assert path is not None, etree.tostring(err).decode()
    text = (path.text or "").strip()
    return {p: path.nsmap.get(p) for p in _PREFIX.findall(text)}


# -- datastore contents ----------------------------------------------------


def get_config(m, source: str = "running", **kw) -> etree._Element:
    """The <data> element of get-config (fails on rpc-error)."""
    reply = m.get_config(source=source, **kw)
    root = xml_of(reply)
    data = root.find(f"{{{NC}}}data")
    assert data is not None, f"get-config {source}: no <data>\n{show(reply)}"
    return data


def canonical(data: etree._Element) -> bytes:
    """Exclusive C14N of the data children: equal bytes means equal contents and order."""
    out = b""
    for child in data:
        out += etree.tostring(child, method="c14n", exclusive=True)
    return out


def text_at(data: etree._Element, xpath: str) -> list[str]:
    return [str(t) for t in data.xpath(xpath + "/text()", namespaces=NS)]


def contact(m, source: str = "running") -> str | None:
    vals = text_at(get_config(m, source), "sys:system/sys:contact")
    return vals[0] if vals else None


def edit(m, *fragments: str, **kw):
    return m.edit_config(target="candidate", config=config(*fragments), **kw)


def edit_ok(m, *fragments: str, **kw) -> None:
    assert_ok(edit(m, *fragments, **kw))


def copy_inline(m, target: str, *fragments: str):
    """copy-config of an inline <config> (ncclient wants the <source> element for that)."""
    return m.copy_config(source=f'<source xmlns="{NC}">{config(*fragments)}</source>', target=target)


def commit_config(m, *fragments: str) -> None:
    """Replace candidate with exactly these fragments and commit."""
    assert_ok(copy_inline(m, "candidate", *fragments))
    assert_ok(m.commit())


def wait_until(pred, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll pred() until it is truthy; return its value, or fail at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = pred()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not reached within {timeout}s (last value {last!r})")
        time.sleep(interval)


# -- fixtures --------------------------------------------------------------


def start_daemon(state_dir: Path, name: str) -> Daemon:
    return Daemon(state_dir, name=name).start()


def own_daemon(tmp_path_factory, state_template, name: str):
    """Generator for a module-scoped fixture: a daemon of the module's own (never the
    session-wide shared one), stopped with SIGTERM at the end and required to exit 0."""
    root = tmp_path_factory.mktemp(name)
    d = start_daemon(harness.copy_state(state_template, root / "state"), name)
    yield d
    if d.alive():
        code = d.stop()
        assert code == 0, f"{name} meridiand exited with {code} on SIGTERM\n{d.log_tail()}"


def reset_session(nc, d: Daemon, commit_empty):
    """A session on `d` (restarted if a test killed it) after going back to empty candidate
    and running: cancel a pending confirmed commit (persist) that a failed test left,
    discard the candidate, commit an empty configuration with `commit_empty`."""
    if not d.alive():
        d.start()
    m = session(nc, d)
    dispatch(m, f'<cancel-commit xmlns="{NC}"><persist-id>cleanup</persist-id></cancel-commit>')
    assert_ok(m.discard_changes())
    commit_empty(m)
    return m


def assert_survived(d: Daemon) -> None:
    assert d.alive(), f"meridiand died during this test (exit {d.proc.poll()})\n{d.log_tail()}"


@pytest.fixture(scope="module")
def ds_daemon(tmp_path_factory, state_template):
    """A daemon of this module's own (never the session-wide shared one)."""
    yield from own_daemon(tmp_path_factory, state_template, "datastore")


@pytest.fixture
def ds(ds_daemon, nc):
    """The module daemon, with candidate and running empty before the test."""
    d = ds_daemon
    m = reset_session(nc, d, commit_config)
    assert canonical(get_config(m, "running")) == b"", "running not empty after reset"
    m.close_session()
    yield d
    assert_survived(d)
