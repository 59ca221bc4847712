import Glibc
import Logging
import StateFiles
import YangData

extension RunCommand {
    /// The start while meridiand has one thread and may still be root: the state directory
    /// is created for (or checked against) the account it will run as, the files only root
    /// may read are read (YANG modules, `--initial-config`), then root is given up
    /// (``PrivilegeSwitch``) and the state directory is checked again as its owner. Nothing
    /// else runs as root: host keys, users and datastores are handled as the new user.
    func giveUpRoot(_ state: StateDirectory, logger: Logger) throws -> (YangContext, [UInt8]?) {
        let identity = try RunIdentity.resolve(user: user).get()
        try state.prepare(owner: identity.account)
        let context = try SchemaLoader.context(yangDirectories: yangDirectories)
        let initial = try InitialConfiguration.read(initialConfig)
        let capabilities = try PrivilegeSwitch.apply(identity, keeping: .needed(systemClock: clock == "system"))
        PrivilegeSwitch.log(identity, holding: capabilities, logger)
        for fix in try state.tighten() {
            logger.warning("state directory: removed the access of group and others", metadata: [
                "path": "\(fix.path == "." ? state.path : state.path + "/" + fix.path)",
                "mode": "\(PrivateDirectory.octal(fix.oldMode)) -> \(PrivateDirectory.octal(fix.newMode))",
            ])
        }
        return (context, initial)
    }
}
