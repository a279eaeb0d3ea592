import Server

/// Entry point of the `zviewer` binary; the commands live in Server.
@main
struct ZViewerMain {
    static func main() async {
        await ZViewerCommand.start()
    }
}
