import CMaxMindDB
import Domain
import Foundation

/// Countries of IP addresses from a MaxMind-format database (GeoLite2/GeoIP2 Country or City, DB-IP, IPinfo's
/// mmdb...), read with libmaxminddb: the record's `country.iso_code`, else `registered_country.iso_code`.
///
/// `@unchecked Sendable`: the `MMDB_s` lives in memory of its own, written only by `MMDB_open` in `init` and freed
/// in `deinit`; between the two libmaxminddb only reads it, and its lookups are documented as thread-safe on a
/// shared `MMDB_s`. (It is a pointer, not a stored struct, so concurrent lookups are not Swift inout accesses to one
/// property, which exclusivity checking would stop.)
public final class GeoIPMaxMindLocator: CountryLocator, @unchecked Sendable {
    private let database: UnsafeMutablePointer<MMDB_s>

    /// Opens the database at `path`; throws `GeoIPError.cannotOpen` with libmaxminddb's reason.
    public init(path: String) throws {
        let opened = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        opened.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), opened)
        guard status == MMDB_SUCCESS else {
            // Thrown before `database` is set, so `deinit` (which closes it) never runs for this instance.
            opened.deallocate()
            throw GeoIPError.cannotOpen(path: path, reason: String(cString: MMDB_strerror(status)))
        }
        database = opened
    }

    deinit {
        MMDB_close(database)
        database.deallocate()
    }

    public func country(of address: String) -> CountryCode? {
        guard address.utf8.count <= 64 else { return nil }
        var addressError: Int32 = 0
        var databaseError: Int32 = 0
        var result = MMDB_lookup_string(database, address, &addressError, &databaseError)
        guard addressError == 0, databaseError == MMDB_SUCCESS, result.found_entry else { return nil }
        return isoCode(&result.entry, "country") ?? isoCode(&result.entry, "registered_country")
    }

    private func isoCode(_ entry: inout MMDB_entry_s, _ key: String) -> CountryCode? {
        var data = MMDB_entry_data_s()
        let status = key.withCString { key in
            "iso_code".withCString { iso in
                var path: [UnsafePointer<CChar>?] = [key, iso, nil]
                return path.withUnsafeMutableBufferPointer { MMDB_aget_value(&entry, &data, $0.baseAddress) }
            }
        }
        guard status == MMDB_SUCCESS, data.has_data, data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING), data.data_size == 2,
            let text = data.utf8_string
        else { return nil }
        let bytes = UnsafeRawBufferPointer(start: text, count: Int(data.data_size))
        return CountryCode(String(decoding: bytes, as: UTF8.self))
    }
}
