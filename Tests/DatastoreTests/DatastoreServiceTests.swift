import Datastore
import Glibc
import NetconfModel
import StateFiles
import Testing
import XMLSupport
import YangData

@Suite struct DatastoreServiceTests {
    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    let a = SessionID(rawValue: 1)
    let b = SessionID(rawValue: 2)

    static func config(_ body: String) throws -> XMLElement {
        try XMLDocumentParser.parse(Array("<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'><system xmlns='\(sys)' xmlns:nc='urn:ietf:params:xml:ns:netconf:base:1.0'>\(body)</system></config>".utf8))
    }

    static func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-ds-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    static func hostname(_ service: DatastoreService, _ source: DatastoreName = .running) async throws -> String? {
        guard case .data(let xml) = await service.getConfig(source, filter: nil, withDefaults: nil) else { return nil }
        let data = try XMLDocumentParser.parse(Array("<d>\(xml)</d>".utf8))
        return data.firstChild(named: "system", namespace: sys)?.firstChild(named: "hostname", namespace: sys)?.textContent
    }

    func commit(_ service: DatastoreService, _ session: SessionID, confirmed: Bool = false, persist: String? = nil, persistID: String? = nil) async -> RPCReplyContent {
        await service.commit(confirmed: confirmed, timeout: .seconds(600), persist: persist, persistID: persistID, session: session)
    }

    @Test func commitMovesCandidateToRunningThroughTheApplier() async throws {
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a) == .ok)
        #expect(try await Self.hostname(service) == nil, "running must not change before commit")
        #expect(await commit(service, a) == .ok)
        #expect(try await Self.hostname(service) == "D")
        #expect(applier.record.prepared == 1 && applier.record.applied == 1 && applier.record.aborted == 0)
        #expect(applier.record.lastApplied.first { $0.name == "system" }?.child("hostname")?.value == "D")
    }

    @Test func commitRollsBackWhenPrepareFails() async throws {
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a)
        #expect(await commit(service, a) == .ok)
        applier.failPrepare.store(true, ordering: .relaxed)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: a)
        guard case .errors(let errors) = await commit(service, a) else { Issue.record("commit should fail"); return }
        #expect(errors.first?.appTag == "bind-failed")
        #expect(errors.first?.pathNamespaces == [XMLNamespaceDeclaration(prefix: "ietf-system", uri: Self.sys)],
                "the datastore declares the prefixes of an applier's error path")
        #expect(try await Self.hostname(service) == "D", "running stays as it was")
        #expect(try await Self.hostname(service, .candidate) == "E", "the candidate keeps the change for another try")
        #expect(applier.record.applied == 1)
    }

    @Test func validatorErrorPathsGetTheirPrefixesDeclared() async throws {
        let path = "/ietf-system:system/ntp/server[name='a:b']/ietf-system:udp"
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil,
                                       validators: [PathOnlyValidator(path: path)])
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a)
        guard case .errors(let errors) = await commit(service, a) else { Issue.record("commit should fail"); return }
        #expect(errors.count == 1)
        #expect(errors.first?.path == path)
        #expect(errors.first?.pathNamespaces == [XMLNamespaceDeclaration(prefix: "ietf-system", uri: Self.sys)],
                "declared once, and 'a:b' inside the key value is not taken for a prefix")
        guard case .errors(let validated) = await service.validate(.datastore(.candidate)) else {
            Issue.record("validate should fail too"); return
        }
        #expect(validated.first?.pathNamespaces == errors.first?.pathNamespaces)
    }

    @Test func invalidCandidateIsNotCommitted() async throws {
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier)
        // A server without its mandatory transport choice: accepted in the candidate, refused at commit.
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<ntp><server><name>x</name></server></ntp>"), session: a) == .ok)
        guard case .errors(let errors) = await commit(service, a) else { Issue.record("commit should fail"); return }
        #expect(errors.first?.type == .application)
        #expect(errors.first?.path == "/ietf-system:system/ntp/server[name='x']")
        #expect(applier.record.prepared == 0)
        guard case .errors = await service.validate(.datastore(.candidate)) else { Issue.record("validate should report it too"); return }
    }

    @Test func locksBetweenTwoSessions() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        #expect(await service.lock(.candidate, session: a) == .ok)
        guard case .errors(let denied) = await service.lock(.candidate, session: b) else { Issue.record("lock must be denied"); return }
        #expect(denied.first?.tag == .lockDenied)
        #expect(denied.first?.info.first(where: { $0.name == "session-id" })?.textContent == "1")
        guard case .errors(let busy) = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>X</hostname>"), session: b)
        else { Issue.record("edit by another session must fail"); return }
        #expect(busy.first?.tag == .inUse)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>A</hostname>"), session: a) == .ok)
        await service.sessionEnded(a)
        #expect(try await Self.hostname(service, .candidate) == nil, "the lock holder's uncommitted changes are discarded when it ends")
        #expect(await service.lock(.candidate, session: b) == .ok)
    }

    @Test func unlockingTheCandidateDiscardsTheHoldersUncommittedChanges() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>C</hostname>"), session: a) == .ok)
        #expect(await commit(service, a) == .ok)
        #expect(await service.lock(.candidate, session: a) == .ok)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a) == .ok)
        #expect(await service.unlock(.candidate, session: a) == .ok)
        #expect(try await Self.hostname(service, .candidate) == "C", "RFC 6241 §8.3.5.2: discarded when the lock is released")
        #expect(await service.lock(.candidate, session: b) == .ok, "the next session finds a clean candidate")
        // Unlocking running or startup leaves the candidate as it is.
        #expect(await service.unlock(.candidate, session: b) == .ok)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: a) == .ok)
        #expect(await service.lock(.running, session: a) == .ok)
        #expect(await service.unlock(.running, session: a) == .ok)
        #expect(try await Self.hostname(service, .candidate) == "E")
    }

    @Test func confirmedCommitOfAnEndedSessionRollsBackRunningAndTheApplier() async throws {
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a)
        #expect(await commit(service, a) == .ok)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: a)
        #expect(await commit(service, a, confirmed: true) == .ok)
        #expect(try await Self.hostname(service) == "E")
        await service.sessionEnded(a)
        #expect(try await Self.hostname(service) == "D")
        #expect(applier.record.lastApplied.first { $0.name == "system" }?.child("hostname")?.value == "D", "the engine is rolled back too")
    }

    @Test func cancelCommitRestoresRunning() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: a)
        #expect(await commit(service, a, confirmed: true, persist: "t1") == .ok)
        #expect(await service.cancelCommit(persistID: "t1", session: b) == .ok)
        #expect(try await Self.hostname(service) == nil)
    }

    @Test func runningSurvivesARestartOfTheService() async throws {
        let directory = Self.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>P</hostname>"), session: a)
        #expect(await commit(first, a) == .ok)
        let second = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        try await second.load()
        #expect(try await Self.hostname(second) == "P")
        #expect(try await Self.hostname(second, .candidate) == "P")
    }

    @Test func aHostBootStartsFromStartupAndARestartWithinTheBootKeepsRunning() async throws {
        let directory = Self.temporaryDirectory()
        func boot(_ id: String) -> BootIdentity { BootIdentity { id } }
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await first.load(boot: boot("boot-1")) == .nothing)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>S</hostname>"), session: a)
        #expect(await commit(first, a) == .ok)
        #expect(await first.copyConfig(.startup, source: .datastore(.running), session: a) == .ok)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>R</hostname>"), session: a)
        #expect(await commit(first, a) == .ok)

        // The daemon restarts in the same boot: running as it was.
        let restarted = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await restarted.load(boot: boot("boot-1")) == .runningOfThisBoot)
        #expect(try await Self.hostname(restarted) == "R")
        // The host booted: startup.
        let booted = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await booted.load(boot: boot("boot-2")) == .startup(afterBoot: true))
        #expect(try await Self.hostname(booted) == "S")
        #expect(try await Self.hostname(booted, .candidate) == "S")
        // And a restart after that boot keeps what that boot runs.
        let again = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await again.load(boot: boot("boot-2")) == .runningOfThisBoot)
        #expect(try await Self.hostname(again) == "S")
        // A boot with no startup datastore keeps running.
        #expect(await again.deleteConfig(.startup, session: a) == .ok)
        let bare = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await bare.load(boot: boot("boot-3")) == .runningWithoutStartup)
        #expect(try await Self.hostname(bare) == "S")
    }

    @Test func aStateDirectoryWithoutARecordedBootKeepsRunning() async throws {
        let directory = Self.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>S</hostname>"), session: a)
        #expect(await first.copyConfig(.startup, source: .datastore(.candidate), session: a) == .ok)
        #expect(await commit(first, a) == .ok)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>R</hostname>"), session: a)
        #expect(await commit(first, a) == .ok)
        // Saved by a version that recorded no boot: taken as a restart.
        let next = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await next.load(boot: BootIdentity { "any" }) == .runningOfThisBoot)
        #expect(try await Self.hostname(next) == "R")
    }

    @Test func startupIsLoadedOnAFreshStateDirectory() async throws {
        let directory = Self.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        _ = await first.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>S</hostname>"), session: a)
        #expect(await first.copyConfig(.startup, source: .datastore(.candidate), session: a) == .ok)
        let second = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        try await second.load()
        #expect(try await Self.hostname(second) == "S")
        #expect(await second.deleteConfig(.startup, session: a) == .ok)
        guard case .errors = await second.deleteConfig(.startup, session: a) else { Issue.record("second delete must fail"); return }
    }
}

extension DatastoreServiceTests {
    @Test func readsOfRunningFollowEachCommitAndRollback() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        let filter = RetrievalFilter.subtree(SubtreeFilter(try XMLDocumentParser.parse(
            Array("<f><system xmlns='\(Self.sys)'><hostname/></system></f>".utf8)).childElements))
        func filtered() async -> String {
            if case .data(let xml) = await service.getConfig(.running, filter: filter, withDefaults: nil) { return xml }
            return "error"
        }
        #expect(await filtered() == "")
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>A</hostname>"), session: a)
        #expect(await commit(service, a) == .ok)
        #expect(await filtered().contains("<hostname>A</hostname>"))
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>B</hostname>"), session: a)
        #expect(await commit(service, a, confirmed: true, persist: "p") == .ok)
        #expect(await filtered().contains("<hostname>B</hostname>"))
        #expect(await service.cancelCommit(persistID: "p", session: a) == .ok)
        #expect(await filtered().contains("<hostname>A</hostname>"), "a rollback is seen by the next read")
        guard case .data(let all) = await service.getConfig(.running, filter: nil, withDefaults: .reportAll) else {
            Issue.record("report-all failed"); return
        }
        guard case .data(let explicit) = await service.getConfig(.running, filter: nil, withDefaults: nil) else {
            Issue.record("explicit failed"); return
        }
        #expect(all.contains("<enable-nacm>true</enable-nacm>"), "report-all shows defaults")
        #expect(!explicit.contains("enable-nacm"), "explicit is cached separately and shows none")
    }
}

/// Group commit of running's file: plain commits apply at once and reply once on disk.
extension DatastoreServiceTests {
    static func savedHostname(_ directory: String) throws -> String? {
        guard let bytes = SlotFile(directory: directory, name: "running").read() else { return nil }
        let data = try XMLDocumentParser.parse(Array("<d>\(String(decoding: bytes, as: UTF8.self))</d>".utf8))
        return data.firstChild(named: "system", namespace: sys)?.firstChild(named: "hostname", namespace: sys)?.textContent
    }

    @Test func concurrentCommitsAreAllAcknowledgedAndTheFileHoldsTheLast() async throws {
        let directory = Self.temporaryDirectory()
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, applier: applier)
        let replies = try await withThrowingTaskGroup(of: RPCReplyContent.self) { group in
            for index in 1...40 {
                let session = SessionID(rawValue: UInt32(index))
                let edit = try Self.config("<hostname>h\(index)</hostname>")
                group.addTask {
                    _ = await service.editConfig(.candidate, options: EditOptions(), config: edit, session: session)
                    return await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0 == .ok })
        let running = try await Self.hostname(service)
        #expect(running != nil)
        #expect(try Self.savedHostname(directory) == running, "the last commit acknowledged is on disk")
        let applied = applier.record.lastApplied.first { $0.name == "system" }?.child("hostname")?.value
        #expect(applied == running, "the applier ends with running, not an interleaved older plan")
        let record = applier.record
        #expect(record.applied >= 1 && record.applied <= 40 && record.applied == record.prepared,
                "a commit of a candidate another commit installs applies nothing again")
    }

    @Test func aFailedWriteFailsTheCommitAndPutsRunningBack() async throws {
        let directory = Self.temporaryDirectory()
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, applier: applier)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a)
        #expect(await commit(service, a) == .ok)
        #expect(try Self.savedHostname(directory) == "D")

        // A non-empty directory where the next slot goes: the write fails, even for root.
        let path = SlotFile(directory: directory, name: "running").slotPaths[1]
        #expect(mkdir(path, 0o700) == 0 && mkdir(path + "/entry", 0o700) == 0)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: b)
        guard case .errors(let errors) = await commit(service, b) else { Issue.record("the commit must fail"); return }
        #expect(errors.first?.message?.contains("cannot save the running configuration") == true)
        #expect(try await Self.hostname(service) == "D", "running is back at what is on disk")
        #expect(applier.record.lastApplied.first { $0.name == "system" }?.child("hostname")?.value == "D",
                "the applier is back too")
        #expect(try await Self.hostname(service, .candidate) == "E", "the candidate keeps the change")
        guard case .errors = await service.lock(.candidate, session: a) else {
            Issue.record("the candidate has uncommitted changes again"); return
        }

        #expect(rmdir(path + "/entry") == 0 && rmdir(path) == 0)
        #expect(await commit(service, b) == .ok, "a later commit writes again")
        #expect(try Self.savedHostname(directory) == "E")
        #expect(try await Self.hostname(service) == "E")
    }

    @Test func anApplierThatCannotGoBackAfterAFailedWriteIsReported() async throws {
        let directory = Self.temporaryDirectory()
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, applier: applier)
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>D</hostname>"), session: a)
        #expect(await commit(service, a) == .ok)
        let path = SlotFile(directory: directory, name: "running").slotPaths[1]
        #expect(mkdir(path, 0o700) == 0 && mkdir(path + "/entry", 0o700) == 0)
        defer { rmdir(path + "/entry"); rmdir(path) }
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try Self.config("<hostname>E</hostname>"), session: b)
        applier.failPreparesFrom.store(applier.record.prepared + 2, ordering: .relaxed)  // E prepares; going back to D does not
        guard case .errors(let errors) = await commit(service, b) else { Issue.record("the commit must fail"); return }
        #expect(errors.first?.message?.contains("cannot save the running configuration") == true)
        #expect(errors.dropFirst().contains { $0.message?.hasPrefix("going back to the saved running configuration:") == true },
                "the applier's refusal to go back is in the reply: \(errors.map { $0.message ?? "" })")
        #expect(try await Self.hostname(service) == "D", "running is what is on disk")
    }
}
