import Foundation
import Testing
import YangData

/// Which lists a commit may validate entry by entry, on a module with one list for each rule.
@Suite struct SeparableListsTests {
    static let module = """
        module separable-test {
          yang-version 1.1;
          namespace "urn:meridian:separable-test";
          prefix st;
          container top {
            leaf mode { type string; }
            list plain {
              key name;
              leaf name { type string; }
              leaf low { type uint8; default 1; }
              leaf high { type uint8; must ". >= ../low"; }
              leaf ref { type leafref { path "/st:top/st:keys/st:id"; } }
              container inner { leaf x { type string; when "/st:top/st:mode = 'on'"; } }
            }
            list keys { key id; leaf id { type uint16; } }
            list counted { key name; max-elements 4; leaf name { type string; } }
            list unique-value { key name; unique "value"; leaf name { type string; } leaf value { type string; } }
            list counting { key name; leaf name { type string; } leaf other { type string; must "count(../../st:counting) < 5"; } }
            list upward { key name; leaf name { type string; } leaf ref { type leafref { path "../../st:keys/st:id"; } } }
            list sibling { key name; leaf name { type string; } leaf next { type string; must "not(../following-sibling::st:sibling)"; } }
            list referenced { key name; leaf name { type string; } }
            leaf pick { type leafref { path "/st:top/st:referenced/st:name"; } }
            choice kind { case a { list in-case { key name; leaf name { type string; } } } }
            list outer { key name; leaf name { type string; } list nested { key n; leaf n { type string; } } }
          }
        }
        """

    static let context: YangContext = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("separable-\(getpid())", isDirectory: true)
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try! module.write(to: directory.appendingPathComponent("separable-test.yang"), atomically: true, encoding: .utf8)
        return try! YangContext(searchDirectories: [directory.path] + YangContext.standardSearchDirectories,
                                modules: [YangModuleRequest("separable-test")])
    }()

    static let lists = SeparableLists(context: context)

    @Test func onlyListsWhoseEntriesStandAloneAreSeparable() {
        #expect(Set(Self.lists.lists.keys) == [
            "/separable-test:top/plain", "/separable-test:top/outer",
        ])
    }

    @Test func whatAnEntryReadsOutsideItsListIsADependency() {
        #expect(Self.lists.lists["/separable-test:top/plain"]?.dependencies == [
            "/separable-test:top/keys", "/separable-test:top/keys/id", "/separable-test:top/mode",
        ])
        #expect(Self.lists.lists["/separable-test:top/outer"]?.dependencies == [])
    }

    @Test func schemaPathsDropPredicatesWhateverTheKeyValuesHold() {
        #expect(SeparableLists.schemaPath(ofDataPath: "/a:x/list[k='1']/b:y") == "/a:x/list/b:y")
        #expect(SeparableLists.schemaPath(ofDataPath: "/a:x/l[k='a]/b[']/y[.=\"]\"]") == "/a:x/l/y")
        #expect(SeparableLists.schemaPath(ofDataPath: "/a:x/l[k=\"it's\"][j='2']") == "/a:x/l")
        #expect(SeparableLists.schemaPath(ofDataPath: "/a:x/y") == "/a:x/y")
    }

    @Test func pathsOverlapWhenOneIsAtOrBelowTheOther() {
        #expect(SeparableLists.overlap("/a:x/ntp", "/a:x/ntp/server"))
        #expect(SeparableLists.overlap("/a:x/ntp/server/key", "/a:x/ntp/server"))
        #expect(SeparableLists.overlap("/a:x/ntp", "/a:x/ntp"))
        #expect(!SeparableLists.overlap("/a:x/ntp-extra", "/a:x/ntp"))
        #expect(!SeparableLists.overlap("/a:x/ntp/port", "/a:x/ntp/server"))
    }

    @Test func aCopyLeavingEntriesOutKeepsTheNamedOnesAndEverythingElse() throws {
        let xml = """
            <top xmlns="urn:meridian:separable-test"><mode>on</mode>
            <plain><name>a</name></plain><plain><name>b]'</name><high>3</high></plain><plain><name>c</name></plain>
            <keys><id>1</id></keys><outer><name>o</name><nested><n>x</n></nested></outer></top>
            """
        let tree = try DataTree.parse(xml: xml, context: Self.context)
        let plain = try #require(Self.lists.lists["/separable-test:top/plain"])
        let copy = tree.duplicate(leavingOut: [(plain, ["/separable-test:top/plain[name=\"b]'\"]"])])
        let names = copy.roots.first?.children.filter { $0.name == "plain" }.compactMap { $0.child("name")?.value }
        #expect(names == ["b]'"])
        #expect(copy.node(at: "/separable-test:top/plain[name=\"b]'\"]/high")?.value == "3", "a kept entry is copied whole")
        #expect(copy.exists("/separable-test:top/keys[id='1']") && copy.exists("/separable-test:top/outer[name='o']/nested[n='x']"))
        #expect(copy.exists("/separable-test:top/mode"))
        #expect(tree.roots.first?.children.filter { $0.name == "plain" }.count == 3, "the original is untouched")
        // A list described by path only finds its schema nodes itself; two lists at once.
        let outer = SeparableLists.List(path: "/separable-test:top/outer", dependencies: [])
        let both = tree.duplicate(leavingOut: [(SeparableLists.List(path: "/separable-test:top/plain", dependencies: []), []), (outer, [])])
        #expect(both.roots.first?.children.contains { $0.name == "plain" || $0.name == "outer" } == false)
        #expect(both.exists("/separable-test:top/keys[id='1']"))
    }

    @Test func reusedSnapshotsStandInForTheirEntries() throws {
        let tree = try DataTree.parse(
            xml: "<top xmlns='urn:meridian:separable-test'><plain><name>a</name></plain><plain><name>b</name></plain></top>",
            context: Self.context)
        let plain = try #require(tree.roots.first?.children.first { $0.child("name")?.value == "a" })
        var marked = plain
        marked.isDefault = true  // a snapshot no read of the tree would give
        let roots = tree.roots(reusing: [plain.path: marked])
        #expect(roots.first?.children.first == marked, "the given snapshot is used as it is")
        #expect(roots.first?.children.last == tree.roots.first?.children.last, "the others are read")
    }
}
