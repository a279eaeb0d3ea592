import Domain
import Foundation
import Testing

@Suite struct UUIDTextTests {
    @Test func lowercaseTextIsFoundationsTextLowercased() {
        for _ in 0..<2000 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
            #expect(UUID(text: id.lowercasedString) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
        let fixed = UUID(uuid: (0x00, 0x01, 0x0a, 0xff, 0x10, 0x9f, 0xa0, 0x0b, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a))
        #expect(fixed.lowercasedString == "00010aff-109f-a00b-c3d4-e5f60718293a")
    }

    @Test(arguments: [
        "", "0", "00010aff-109f-a00b-c3d4-e5f60718293", "00010aff-109f-a00b-c3d4-e5f60718293a0",
        "00010aff109f-a00b-c3d4-e5f60718293a-", "00010aff-109fa-00b-c3d4-e5f60718293a", "00010afg-109f-a00b-c3d4-e5f60718293a",
        "00010aff-109f-a00b-c3d4_e5f60718293a", " 00010aff-109f-a00b-c3d4-e5f60718293a", "00010aff-109f-a00b-c3d4-e5f60718293a ",
        "{00010aff-109f-a00b-c3d4-e5f60718293a}", "00010aff-109f-a00b-c3d4-e5f60718293é", "00010aff-109f-a00b-c3d4-e5f6071829+a",
        "00010aff109fa00bc3d4e5f60718293a", "00010aff--09f-a00b-c3d4-e5f60718293a",
    ])
    func malformedTextIsRefused(text: String) {
        // Stricter than Foundation's sscanf-based UUID(uuidString:), which takes "29+a" as a hex pair and "--09f".
        #expect(UUID(text: text) == nil)
    }
}
