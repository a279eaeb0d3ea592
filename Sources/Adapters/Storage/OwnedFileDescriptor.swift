import CoreFoundation
import Domain
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns an open descriptor for one reader and closes it when the reader goes away (finished or abandoned).
final class OwnedFileDescriptor {
    let fd: Int32
    init(_ fd: Int32) { self.fd = fd }
    deinit { POSIXFile.close(fd) }
}
