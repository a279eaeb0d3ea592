import NIOCore

/// A `TaskExecutor` that runs jobs on one NIO event loop, so a task started with it as its preference runs on the
/// thread that owns a channel (and awaits futures completed there without a hand-over to another thread).
///
/// Sendable: its only state is an immutable reference to an event loop, and `EventLoop` is `Sendable`.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        // From the loop itself this appends to its task queue without waking anything up.
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
