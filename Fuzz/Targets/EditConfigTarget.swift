import Datastore
import NetconfModel
import XMLSupport
import YangData

/// `<edit-config>` on the candidate of a `DatastoreService` with Meridian's model (Debian's
/// standard modules and `yang/`) and the NTP rules, from a running configuration with
/// servers, a peer, keys, access rules, interfaces and NACM rule lists (ordered by user)
/// (``EditConfigWorld``): the edit, `<get-config>` of the candidate, `<validate>` of it, and
/// `<discard-changes>`, so each input starts from the same datastores.
///
/// Input: a control byte (bits 0-1: default-operation merge, replace, none; bits 2-3:
/// test-option test-then-set, set, test-only; bits 4-5: error-option stop-on-error,
/// continue-on-error, rollback-on-error), then the content of `<config>`, whose element
/// this target writes around it (in the base namespace, with `nc:` bound to it).
///
/// Invariants (RFC 6241 §7.2): a test-only edit, and an edit that fails under stop-on-error
/// or rollback-on-error, leave the candidate as it was; a merge without operations that
/// succeeded succeeds again and changes nothing more (the second one in place); the
/// candidate as printed parses back and prints the same.
enum EditConfigTarget {
    static let session = SessionID(rawValue: 1)
    static let configOpen = Array("<config xmlns='\(NetconfNamespace.base)' xmlns:nc='\(NetconfNamespace.base)'>".utf8)
    static let configClose = Array("</config>".utf8)

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let options = Self.options(input.controlByte())
        guard let config = try? XMLDocumentParser.parse(configOpen + input.payload + configClose),
              config.name == "config", config.namespace == NetconfNamespace.base else { return }

        let world = EditConfigWorld.shared
        let service = world.service
        let reply = blockingAwait { await service.editConfig(.candidate, options: options, config: config, session: session) }
        let candidate = blockingAwait { await service.getConfig(.candidate, filter: nil, withDefaults: nil) }
        guard case .data(let printed) = candidate else {
            return invariant(false, .editConfig, "get-config of the candidate failed: \(candidate)")
        }
        if options.testOption == .testOnly || (reply.isError && options.errorOption != .continueOnError) {
            invariant(printed == world.runningXML, .editConfig,
                      "\(options) with reply \(reply) changed the candidate to \(printed)")
        }
        checkReprint(printed, context: world.context)
        if reply == .ok, options.defaultOperation == .merge, options.testOption != .testOnly, !namesAnOperation(config) {
            // A plain merge changes nothing the second time. The first edit copied the candidate
            // (shared with running); this one merges into it in place.
            let second = blockingAwait { await service.editConfig(.candidate, options: options, config: config, session: session) }
            let twice = blockingAwait { await service.getConfig(.candidate, filter: nil, withDefaults: nil) }
            invariant(second == .ok && twice == candidate, .editConfig, "merging again replies \(second) and makes \(twice) of \(printed)")
        }
        _ = blockingAwait { await service.validate(.datastore(.candidate)) }
        let discarded = blockingAwait { await service.discardChanges(session: session) }
        invariant(discarded == .ok, .editConfig, "discard-changes failed: \(discarded)")
    }

    /// Whether an element below `config` carries an attribute of the base namespace
    /// (`nc:operation`) or of YANG's (`yang:insert`, `key`, `value`).
    static func namesAnOperation(_ element: XMLElement) -> Bool {
        element.attributes.contains { $0.namespace == NetconfNamespace.base || $0.namespace == "urn:ietf:params:xml:ns:yang:1" }
            || element.childElements.contains(where: namesAnOperation)
    }

    static func options(_ control: UInt8) -> EditOptions {
        var options = EditOptions()
        options.defaultOperation = [.merge, .replace, .none, .merge][Int(control & 3)]
        options.testOption = [.testThenSet, .set, .testOnly, .testThenSet][Int(control >> 2) & 3]
        options.errorOption = [.stopOnError, .continueOnError, .rollbackOnError, .stopOnError][Int(control >> 4) & 3]
        return options
    }

    /// The candidate as printed parses back as configuration and prints the same.
    static func checkReprint(_ printed: String, context: YangContext) {
        do {
            let again = try DataTree.parse(xml: printed, context: context).printXML()
            invariant(again == printed, .editConfig, "the candidate printed as \(printed) prints as \(again) once parsed")
        } catch {
            invariant(false, .editConfig, "the candidate printed as \(printed) does not parse: \(error)")
        }
    }
}
