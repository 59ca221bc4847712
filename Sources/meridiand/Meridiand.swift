import ArgumentParser

@main
struct Meridiand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meridiand",
        abstract: "Meridian: an NTP agent managed through NETCONF over SSH.",
        subcommands: [RunCommand.self, UserCommand.self, ValidateCommand.self]
    )
}
