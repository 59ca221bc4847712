"""Schema download as a client that knows nothing does it: list every module the server
advertises (`/netconf-state/schemas` and `/yang-library`), fetch each with `<get-schema>`
into an empty folder, and compile them all with `yanglint` using only that folder. Import-only
modules (ietf-inet-types, ietf-yang-types, iana-crypt-hash, ...) must be served too, or the
advertised modules cannot be compiled."""

from __future__ import annotations

import subprocess

from lxml import etree

from datastore_util import session

NCM = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
YANGLIB = "urn:ietf:params:xml:ns:yang:ietf-yang-library"
YANGLINT_TIMEOUT_S = 120


def advertised_schemas(m) -> set[tuple[str, str]]:
    data = etree.fromstring(m.get(filter=("subtree", f'<netconf-state xmlns="{NCM}"><schemas/></netconf-state>')).data_xml.encode())
    return {(s.findtext(f"{{{NCM}}}identifier"), s.findtext(f"{{{NCM}}}version") or "") for s in data.iter(f"{{{NCM}}}schema")}


def yang_library_modules(m) -> set[tuple[str, str]]:
    data = etree.fromstring(m.get(filter=("subtree", f'<yang-library xmlns="{YANGLIB}"/>')).data_xml.encode())
    found = set()
    for tag in ("module", "import-only-module"):
        for module in data.iter(f"{{{YANGLIB}}}{tag}"):
            found.add((module.findtext(f"{{{YANGLIB}}}name"), module.findtext(f"{{{YANGLIB}}}revision") or ""))
    return found


def test_every_advertised_module_downloads_and_compiles(daemon, nc, tmp_path):
    m = session(nc, daemon)
    schemas = advertised_schemas(m)
    library = yang_library_modules(m)
    assert library, "yang-library lists no module"
    assert library <= schemas, f"in yang-library but not in netconf-state/schemas: {sorted(library - schemas)}"
    for must in ("ietf-inet-types", "ietf-yang-types", "iana-crypt-hash", "ietf-yang-metadata", "ietf-yang-structure-ext"):
        assert any(name == must for name, _ in schemas), f"{must} is not advertised: {sorted(schemas)}"
    files = []
    for name, revision in sorted(schemas):
        reply = m.get_schema(name, version=revision or None)
        text = etree.fromstring(reply.xml.encode()).findtext(f".//{{{NCM}}}data")
        assert text and f"module {name}" in text, f"get-schema {name}@{revision} returned no module text"
        path = tmp_path / (f"{name}@{revision}.yang" if revision else f"{name}.yang")
        path.write_text(text)
        files.append(str(path))
    result = subprocess.run(["yanglint", "-p", str(tmp_path), *files], capture_output=True, text=True,
                            timeout=YANGLINT_TIMEOUT_S, check=False)
    assert result.returncode == 0, f"yanglint on the downloaded schemas:\n{result.stderr}"


def test_an_unknown_schema_is_an_error_naming_it(daemon, nc):
    m = session(nc, daemon)
    reply = m.get_schema("no-such-module")
    assert not reply.ok and reply.error is not None, reply.xml
    assert "no-such-module" in reply.error.message
