"""NETCONF byte for byte through `ssh -s netconf` pipes: envelopes, errors, framing."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from netconf_wire import (
    BASE_10,
    BASE_11,
    BASE_NS,
    PING,
    SSHNetconf,
    chunk_frame,
    client_hello,
    eom_frame,
    q,
    rpc,
    rpc_error_tags,
)

# After the server sees bad framing, it must close the session within this long.
CLOSE_BOUND_S = 10.0


@pytest.fixture
def session(daemon, creds):
    """An established session; base:1.1 (chunked) unless the test asks for 1.0."""
    opened = []

    def open_session(*caps: str) -> SSHNetconf:
        s = SSHNetconf(daemon.port, creds.key_user, creds.key_file)
        opened.append(s)
        s.exchange_hellos(*(caps or (BASE_10, BASE_11)))
        return s

    yield open_session
    for s in opened:
        s.close()


def assert_still_works(s: SSHNetconf) -> None:
    reply = s.request(rpc("<close-session/>", "last"))
    assert reply.find(q("ok")) is not None, ET.tostring(reply)
    assert s.wait_closed(CLOSE_BOUND_S)


def single_error(reply: ET.Element) -> ET.Element:
    errors = reply.findall(q("rpc-error"))
    assert len(errors) >= 1, f"no rpc-error in {ET.tostring(reply)!r}"
    return errors[0]


@pytest.mark.parametrize("caps", [(BASE_10,), (BASE_10, BASE_11)], ids=["eom", "chunked"])
def test_missing_message_id_is_missing_attribute(session, caps):
    s = session(*caps)
    reply = s.request(rpc("<close-session/>", message_id=None))
    err = single_error(reply)
    assert err.findtext(q("error-tag")) == "missing-attribute", ET.tostring(reply)
    assert err.findtext(q("error-type")) == "rpc", ET.tostring(reply)
    assert err.findtext(q("error-severity")) == "error"
    info = err.find(q("error-info"))
    assert info is not None, "RFC 6241 App. A: missing-attribute carries error-info"
    assert info.findtext(q("bad-attribute")) == "message-id", ET.tostring(info)
    assert info.findtext(q("bad-element")) == "rpc", ET.tostring(info)
    assert reply.get("message-id") is None
    # The close-session without message-id was not carried out; the session lives.
    assert_still_works(s)


def test_malformed_xml_in_chunked_framing_is_malformed_message(session):
    s = session(BASE_10, BASE_11)
    assert s.chunked
    s.send(f'<rpc message-id="7" xmlns="{BASE_NS}"><get></rpc>'.encode())
    reply = s.read_reply()
    err = single_error(reply)
    assert err.findtext(q("error-tag")) == "malformed-message", ET.tostring(reply)
    assert err.findtext(q("error-type")) == "rpc", ET.tostring(reply)
    # Chunked framing stayed intact, so the session goes on (RFC 6242 §4.2).
    assert_still_works(s)


@pytest.mark.parametrize("declaration", [b"", b'<?xml version="1.0" encoding="EUC-JP"?>'])
def test_bytes_that_are_not_utf8_are_malformed_and_log_nothing_raw(daemon, session, declaration):
    """RFC 6241 §3: messages are UTF-8. Bytes that are not UTF-8 are malformed, and so is a
    declaration of another encoding; before, a declared encoding sent them through libxml2's
    converters, which printed 'encoding error' lines on the daemon's stderr (found by
    fuzzing, Fuzz/corpus/rpc/encoding-declared-not-utf8)."""
    s = session(BASE_11)
    mark = daemon.log_len()
    s.send(declaration + f'<rpc message-id="8" xmlns="{BASE_NS}"><get/>'.encode() + b"\xff\xfe</rpc>")
    err = single_error(s.read_reply())
    assert err.findtext(q("error-tag")) == "malformed-message"
    assert_still_works(s)
    assert "encoding error" not in daemon.log_text(since=mark)


def test_not_xml_at_all_in_chunked_framing_is_malformed_message(session):
    s = session(BASE_11)
    s.send(b"this is not xml <<<")
    err = single_error(s.read_reply())
    assert err.findtext(q("error-tag")) == "malformed-message"
    assert_still_works(s)


def test_message_id_and_other_attributes_are_echoed(session):
    s = session()
    attrs = 'xmlns:ex="urn:example:echo" ex:user-id="fred" color="blue"'
    reply = s.request(rpc(PING, "101", attrs))
    assert reply.get("message-id") == "101"
    assert reply.get("{urn:example:echo}user-id") == "fred", reply.attrib
    assert reply.get("color") == "blue", reply.attrib
    assert rpc_error_tags(reply) == ["operation-not-supported"]

    reply = s.request(rpc("<close-session/>", "a b&amp;c", 'trace="x-1"'))
    assert reply.get("message-id") == "a b&c"
    assert reply.get("trace") == "x-1"
    assert reply.find(q("ok")) is not None
    assert s.wait_closed(CLOSE_BOUND_S)


@pytest.mark.parametrize("body", [PING, f'<meridian-ping xmlns="{BASE_NS}"/>'], ids=["foreign-ns", "base-ns"])
def test_unknown_operation_is_operation_not_supported(session, body):
    s = session()
    reply = s.request(rpc(body, "9"))
    assert reply.get("message-id") == "9"
    err = single_error(reply)
    assert err.findtext(q("error-tag")) == "operation-not-supported"
    assert err.findtext(q("error-type")) in ("protocol", "application")
    assert err.findtext(q("error-severity")) == "error"
    assert_still_works(s)


@pytest.mark.parametrize("caps", [(BASE_10,), (BASE_11,)], ids=["eom", "chunked"])
def test_pipelined_requests_are_answered_in_order(session, caps):
    s = session(*caps)
    n = 100
    frame = chunk_frame if s.chunked else eom_frame
    s.send_raw(b"".join(frame(rpc(PING, str(i))) for i in range(n)))
    ids = [s.read_reply().get("message-id") for _ in range(n)]
    assert ids == [str(i) for i in range(n)]
    assert_still_works(s)


def test_message_split_across_many_chunks(session):
    s = session(BASE_11)
    s.send(rpc(PING, "split"), chunk_sizes=[1, 2, 3, 5, 8, 13])
    reply = s.read_reply()
    assert reply.get("message-id") == "split"
    assert rpc_error_tags(reply) == ["operation-not-supported"]
    assert_still_works(s)


@pytest.mark.parametrize("caps", [(BASE_10,), (BASE_11,)], ids=["eom", "chunked"])
def test_message_written_one_byte_at_a_time(session, caps):
    s = session(*caps)
    framed = chunk_frame(rpc(PING, "drip")) if s.chunked else eom_frame(rpc(PING, "drip"))
    for i in range(len(framed)):
        s.send_raw(framed[i : i + 1])
        if i % 16 == 0:
            time.sleep(0.002)  # let ssh put some bytes in separate packets
    assert s.read_reply().get("message-id") == "drip"
    assert_still_works(s)


GARBAGE = {
    "not-a-header": b"garbage\n",
    "zero-size": b"\n#0\nx\n##\n",
    "letters-in-size": b"\n#abc\n",
    "leading-zero": b"\n#01\nx\n##\n",
    "eleven-digits": b"\n#12345678901\n",
    "oversized-chunk": b"\n#4294967295\n",
    "missing-hash": b"\n5\nhello\n##\n",
    "end-without-chunk": b"\n##\n",
    "bad-terminator": b"\n#3\nabc\n#x\n",
}


@pytest.mark.parametrize("garbage", list(GARBAGE.values()), ids=list(GARBAGE))
def test_chunk_framing_garbage_closes_session_daemon_survives(daemon, creds, session, garbage):
    s = session(BASE_11)
    s.send_raw(garbage)
    assert s.wait_closed(CLOSE_BOUND_S), f"session still open {CLOSE_BOUND_S}s after {garbage!r}"
    # The daemon lives on and serves new sessions.
    assert daemon.alive()
    t = session(BASE_11)
    assert rpc_error_tags(t.request(rpc(PING, "after"))) == ["operation-not-supported"]
    assert_still_works(t)


def test_hello_without_common_base_version_closes(daemon, creds):
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        s.server_hello()
        s.send_raw(eom_frame(client_hello("urn:ietf:params:netconf:base:9.9")))
        assert s.wait_closed(CLOSE_BOUND_S)


def test_client_hello_with_session_id_closes(daemon, creds):
    # RFC 6241 §8.1: a server receiving a <hello> with a <session-id> MUST terminate the session.
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        s.server_hello()
        hello = client_hello(BASE_10, BASE_11).replace(b"</hello>", b"<session-id>4</session-id></hello>")
        s.send_raw(eom_frame(hello))
        assert s.wait_closed(CLOSE_BOUND_S)


def test_rpc_before_hello_closes(daemon, creds):
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        s.server_hello()
        s.send_raw(eom_frame(rpc(PING, "1")))
        assert s.wait_closed(CLOSE_BOUND_S)


def test_unparseable_hello_closes(daemon, creds):
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        s.server_hello()
        s.send_raw(b"<hello xmlns=" + b"]]>]]>")
        assert s.wait_closed(CLOSE_BOUND_S)


def test_server_hello_shape(daemon, creds):
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        hello = s.server_hello()
        assert hello.tag == q("hello")
        sid = hello.findtext(q("session-id"))
        assert sid is not None and sid.strip().isdigit() and int(sid) > 0
        caps = [c.text.strip() for c in hello.find(q("capabilities")).findall(q("capability"))]
        assert BASE_10 in caps and BASE_11 in caps
        assert len(caps) == len(set(caps)), caps


# -- the XML parser: no DTD games, no entity expansion, no file or network access ----

XML_REPLY_BOUND_S = 5.0


def assert_answered_or_closed(s: SSHNetconf, forbidden: bytes = b"") -> None:
    """A bounded, small reply (or the session closed); never the forbidden bytes."""
    try:
        raw = s.read_message(XML_REPLY_BOUND_S)
    except EOFError:
        return
    assert len(raw) < 16384, f"{len(raw)}-byte reply: something was expanded"
    if forbidden:
        assert forbidden not in raw, "an external entity was resolved into the reply"
    reply = ET.fromstring(raw)
    assert reply.tag == q("rpc-reply")


def test_billion_laughs_is_not_expanded(daemon, session):
    s = session(BASE_11)
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)
    ]
    doc = (f'<?xml version="1.0"?><!DOCTYPE rpc [{"".join(levels)}]>'
           f'<rpc message-id="&l9;" xmlns="{BASE_NS}"><meridian-ping xmlns="urn:x">&l9;</meridian-ping></rpc>')
    rss = daemon.rss_kib()
    t0 = time.monotonic()
    s.send(doc.encode())
    assert_answered_or_closed(s)
    assert time.monotonic() - t0 < XML_REPLY_BOUND_S
    after = daemon.rss_kib()
    if rss and after:
        assert after - rss < 256 * 1024, f"daemon grew from {rss} to {after} KiB on one small message"


def test_external_entity_is_not_read(session, tmp_path):
    secret = b"meridian-xxe-canary-" + str(time.time_ns()).encode()
    target = tmp_path / "canary.txt"
    target.write_bytes(secret)
    s = session(BASE_11)
    doc = (f'<?xml version="1.0"?><!DOCTYPE rpc [<!ENTITY x SYSTEM "file://{target}">]>'
           f'<rpc message-id="&x;" xmlns="{BASE_NS}"><meridian-ping xmlns="urn:x">&x;</meridian-ping></rpc>')
    s.send(doc.encode())
    assert_answered_or_closed(s, forbidden=secret)


def test_internal_entity_in_message_id_is_not_expanded(session):
    s = session(BASE_11)
    doc = (f'<?xml version="1.0"?><!DOCTYPE rpc [<!ENTITY e "EXPANDED-ENTITY">]>'
           f'<rpc message-id="&e;" xmlns="{BASE_NS}"><close-session/></rpc>')
    s.send(doc.encode())
    assert_answered_or_closed(s, forbidden=b"EXPANDED-ENTITY")
