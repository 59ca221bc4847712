import Testing
import XMLSupport
@testable import OperatorCLI

@Suite struct CommitHistoryRendererTests {
    static let ns = CommitHistoryRenderer.namespace

    let data: XMLElement

    init() throws {
        data = try XMLDocumentParser.parse(Array("""
            <data xmlns="\(Namespaces.netconf)"><commits xmlns="\(Self.ns)">
            <commit><id>1</id><time>2026-12-07T10:00:00+00:00</time><kind>commit</kind><user>alice</user><label>base</label>
            <edit><edit-id>1</edit-id><operation>create</operation><target>/ietf-system:system/hostname</target><value>A</value></edit></commit>
            <commit><id>2</id><time>2026-12-07T11:00:00+00:00</time><kind>commit</kind><user>bob</user>
            <edit><edit-id>1</edit-id><operation>replace</operation><target>/ietf-system:system/hostname</target><value>B</value>
            <previous-value>A</previous-value></edit></commit>
            </commits></data>
            """.utf8))
    }

    @Test func listIsNewestFirstInVRPColumns() {
        let lines = CommitHistoryRenderer.list(data, verbose: false).split(separator: "\n")
        #expect(lines[1] == " No.  CommitId     Label                 User          Timestamp")
        #expect(lines[3] == " 1    2            -                     bob           2026-12-07T11:00:00+00:00")
        #expect(lines[4] == " 2    1            base                  alice         2026-12-07T10:00:00+00:00")
        #expect(CommitHistoryRenderer.ids(data) == [2, 1])
    }

    @Test func changesOfOneCommit() {
        #expect(CommitHistoryRenderer.changes(data, commitID: 2) == " ~ /ietf-system:system/hostname: A -> B")
        #expect(CommitHistoryRenderer.changes(data, commitID: 1) == " + /ietf-system:system/hostname = A")
        #expect(CommitHistoryRenderer.changes(data, commitID: 9) == nil)
    }

    @Test func verboseShowsEveryField() {
        let text = CommitHistoryRenderer.list(data, verbose: true)
        #expect(text.contains(" Commit ID         : 1\n Label             : base\n User              : alice"))
        #expect(text.contains("   ~ /ietf-system:system/hostname: A -> B"))
    }

    @Test func historyCommandsParse() throws {
        let user = CommandGrammar.parser(for: .user)
        #expect(try ConfigTranslator.action(for: #require(try user.parse("rollback configuration to commit-id 7")), in: .user)
            == .rollback(commitID: 7))
        #expect(try ConfigTranslator.action(for: #require(try user.parse("rollb conf last 2")), in: .user) == .rollbackLast(count: 2))
        #expect(try ConfigTranslator.action(for: #require(try user.parse("display configuration commit changes at commit-id 3")), in: .user)
            == .display(.commitChanges(commitID: 3)))
        #expect(try ConfigTranslator.action(for: #require(try user.parse("disp conf commit list verbose")), in: .user)
            == .display(.commitList(verbose: true)))
        #expect(try ConfigTranslator.action(for: #require(try CommandGrammar.parser(for: .system).parse("commit label base")), in: .system)
            == .commit(label: "base"))
    }
}
