import AccessControl
import Datastore
import NetconfModel
import Testing

/// NACM on the datastore, without sockets: writes are checked per changed node (an edit, a
/// commit of others' edits), reads leave out what the user may not read.
@Suite struct AccessCheckTests {
    typealias Base = DatastoreServiceTests
    let admin = SessionID(rawValue: 1)
    let operator_ = SessionID(rawValue: 2)
    static let hostnamePath = [NodeStep(module: "ietf-system", name: "system"), NodeStep(module: "ietf-system", name: "hostname")]

    /// `writer` may write the hostname only and not read the location; everyone else the defaults.
    static let rights: UserRights = {
        var configuration = NACMConfiguration()
        configuration.groups["writers"] = ["writer"]
        configuration.ruleLists = [.init(name: "writers", groups: ["writers"], rules: [
            .init(name: "hostname", module: "ietf-system", target: .path(NACMPath("/ietf-system:system/hostname")!),
                  operations: [.create, .update], action: .permit),
            .init(name: "no-location", module: "ietf-system", target: .path(NACMPath("/ietf-system:system/location")!),
                  operations: .read, action: .deny),
        ])]
        return AccessPolicy(configuration: configuration, defaults: [:]).rights(for: "writer")
    }()

    func edit(_ service: DatastoreService, _ body: String, session: SessionID, rights: UserRights = .unrestricted) async throws -> RPCReplyContent {
        await service.editConfig(.candidate, options: EditOptions(), config: try Base.config(body), session: session, rights: rights)
    }

    func isAccessDenied(_ reply: RPCReplyContent) -> Bool {
        guard case .errors(let errors) = reply else { return false }
        return errors.map(\.tag) == [.accessDenied] && errors.first?.type == .application
    }

    @Test func anEditIsCheckedPerChangedNode() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        #expect(try await edit(service, "<hostname>r1</hostname>", session: operator_, rights: Self.rights) == .ok)
        #expect(isAccessDenied(try await edit(service, "<location>roof</location>", session: operator_, rights: Self.rights)))
        #expect(try await Base.hostname(service, .candidate) == "r1", "the denied edit changed nothing")
        // Merging the same hostname again changes nothing: no write to check.
        #expect(try await edit(service, "<hostname>r1</hostname><location>roof</location>", session: admin) == .ok)
        #expect(try await edit(service, "<hostname>r1</hostname>", session: operator_, rights: Self.rights) == .ok)
        #expect(try await edit(service, "<hostname>r2</hostname>", session: operator_, rights: Self.rights) == .ok)
        // An edit with operations is checked by comparing the candidate before and after.
        #expect(isAccessDenied(try await edit(service, "<location nc:operation='delete'/>", session: operator_, rights: Self.rights)))
        #expect(try await edit(service, "<hostname nc:operation='replace'>r3</hostname>", session: operator_, rights: Self.rights) == .ok)
        #expect(try await Base.hostname(service, .candidate) == "r3")
    }

    @Test func aCommitNeedsWriteAccessToOthersEditsToo() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        #expect(try await edit(service, "<location>roof</location>", session: admin) == .ok)
        #expect(try await edit(service, "<hostname>r1</hostname>", session: operator_, rights: Self.rights) == .ok)
        let refused = await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil,
                                           session: operator_, rights: Self.rights)
        #expect(isAccessDenied(refused))
        #expect(try await Base.hostname(service) == nil)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: admin) == .ok)
        #expect(try await Base.hostname(service) == "r1")
    }

    @Test func readsLeaveOutUnreadableNodes() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        #expect(try await edit(service, "<hostname>r1</hostname><location>roof</location>", session: admin) == .ok)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: admin) == .ok)
        for source in [DatastoreName.running, .candidate] {
            guard case .data(let xml) = await service.getConfig(source, filter: nil, withDefaults: nil, rights: Self.rights) else {
                Issue.record("get-config failed"); continue
            }
            #expect(xml.contains("<hostname>r1</hostname>") && !xml.contains("roof"), "\(xml)")
        }
        guard case .data(let all) = await service.get(filter: nil, withDefaults: .reportAll, rights: Self.rights) else {
            Issue.record("get failed"); return
        }
        #expect(!all.contains("roof"))
        guard case .data(let full) = await service.getConfig(.running, filter: nil, withDefaults: nil) else { return }
        #expect(full.contains("roof"), "the cached rendering of running is unaffected")
        // Running's replies are published per read view: each reader gets its own.
        guard case .data(let published)? = service.publishedRunning(filter: nil, withDefaults: nil, rights: Self.rights) else {
            Issue.record("the restricted reader's rendering was not published"); return
        }
        #expect(!published.contains("roof"))
        #expect(service.publishedRunning(filter: nil, withDefaults: nil) == .data(full))
    }

    @Test func aCommitOfListEntriesComparesTheEntries() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        let servers = "<ntp>\(EditApplierTests.server("a", "192.0.2.1"))</ntp>"
        #expect(try await edit(service, servers, session: admin) == .ok)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: admin) == .ok)
        // Another server, then a changed address: both entries only, both unwritable to writer.
        for body in ["<ntp>\(EditApplierTests.server("b", "192.0.2.2"))</ntp>", "<ntp>\(EditApplierTests.server("a", "192.0.2.9"))</ntp>"] {
            #expect(try await edit(service, body, session: admin) == .ok)
            let refused = await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil,
                                               session: operator_, rights: Self.rights)
            #expect(isAccessDenied(refused))
            #expect(await service.discardChanges(session: admin) == .ok)
        }
        // A hostname (writable) commits.
        #expect(try await edit(service, "<hostname>h</hostname>", session: admin) == .ok)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil,
                                     session: operator_, rights: Self.rights) == .ok)
    }
}
