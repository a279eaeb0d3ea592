import Foundation
import Logging
import ServiceLifecycle
import Testing
import UnixSignals

@testable import Server

/// `zviewer serve` stops on SIGTERM even when something ignores the graceful shutdown (with PostgreSQL down, a job
/// waits for a connection that never comes): after the grace the rest is cancelled. SIGUSR1 stands in for SIGTERM
/// here, so the test process's own signal handling is left alone.
@Suite struct ShutdownTests {
    /// Ignores graceful shutdown; ends only when cancelled.
    struct Stubborn: Service {
        let started: AsyncStream<Void>.Continuation

        func run() async throws {
            started.yield()
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    @Test func aGracefulShutdownThatHangsIsCancelledAfterTheGrace() async throws {
        let (started, continuation) = AsyncStream.makeStream(of: Void.self)
        let clock = ContinuousClock()
        let run = Task {
            try await runUntilSignalled(
                [Stubborn(started: continuation)], grace: .milliseconds(500), logger: Logger(label: "test"), signals: [.sigusr1])
        }
        // The group traps its signals before it starts its services.
        for await _ in started { break }
        let signalled = clock.now
        kill(getpid(), SIGUSR1)
        // Without the grace the group would wait for ever; the watchdog ends it after 30 s so the test fails instead.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            run.cancel()
        }
        try await run.value
        watchdog.cancel()
        let took = clock.now - signalled
        #expect(took >= .milliseconds(400), "it waited for the graceful shutdown first")
        // Far below the watchdog's 30 s: in a parallel run on a loaded machine the 0.5 s grace took 6.6 s once.
        #expect(took < .seconds(20), "the grace ended it, not the watchdog")
    }
}
