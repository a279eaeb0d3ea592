import Domain
import Foundation
import Testing

/// The one audience rule, case by case: maturity x region x window x publishAt x owner/admin.
@Suite struct AudienceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let owner = UUID()

    func video(_ change: (inout Video) -> Void = { _ in }) -> Video {
        var video = Video(
            id: UUID(), ownerId: owner, title: "T", description: "", tags: [], visibility: .public, status: .ready,
            originalFilename: nil, sizeBytes: 1, createdAt: now, updatedAt: now)
        change(&video)
        return video
    }

    func audience(_ limit: MaturityRating = .age18, country: String? = "DE", viewer: UUID? = nil, role: Role? = nil) -> Audience {
        Audience(viewerId: viewer, role: role, maxMaturity: limit, country: country.flatMap { CountryCode($0) }, now: now)
    }

    @Test func aPlainPublicVideoIsListedAndAvailable() {
        #expect(audience().access(to: video()) == .available)
        #expect(audience().isListed(video()))
    }

    @Test func maturityAboveTheLimitIsUnavailableAndUnlisted() {
        let mature = video { $0.catalog.maturity = .age16 }
        #expect(audience(.age13).access(to: mature) == .unavailable(.maturityRestricted))
        #expect(!audience(.age13).isListed(mature))
        #expect(audience(.age16).isListed(mature))
        // The profile's limit binds the owner too.
        #expect(audience(.age7, viewer: owner).access(to: mature) == .unavailable(.maturityRestricted))
    }

    @Test func theWindowOpensAndCloses() {
        let early = video { $0.catalog.availableFrom = now.addingTimeInterval(60) }
        let late = video { $0.catalog.availableUntil = now }
        let inside = video {
            $0.catalog.availableFrom = now.addingTimeInterval(-60)
            $0.catalog.availableUntil = now.addingTimeInterval(1)
        }
        #expect(audience().access(to: early) == .unavailable(.notYetAvailable))
        #expect(audience().access(to: late) == .unavailable(.expired))
        #expect(audience().access(to: inside) == .available)
        #expect(!audience().isListed(early) && !audience().isListed(late) && audience().isListed(inside))
        #expect(audience(viewer: owner).access(to: early) == .available)
        #expect(audience(viewer: UUID(), role: .admin).access(to: late) == .available)
    }

    @Test func regionsAllowAndDeny() throws {
        let allow = video { $0.catalog.regions = RegionRule(mode: .allow, countries: [CountryCode("DE")!, CountryCode("FR")!]) }
        let deny = video { $0.catalog.regions = RegionRule(mode: .deny, countries: [CountryCode("US")!]) }
        #expect(audience(country: "DE").access(to: allow) == .available)
        #expect(audience(country: "US").access(to: allow) == .unavailable(.regionRestricted))
        // An unknown country is outside every allow-list and inside no deny-list.
        #expect(audience(country: nil).access(to: allow) == .unavailable(.regionRestricted))
        #expect(audience(country: nil).access(to: deny) == .available)
        #expect(audience(country: "US").access(to: deny) == .unavailable(.regionRestricted))
        #expect(!audience(country: "US").isListed(deny))
        #expect(audience(country: "US", viewer: owner).access(to: deny) == .available)
    }

    @Test func aScheduledVideoIsHiddenFromOthersUntilItsTime() {
        let scheduled = video { $0.catalog.publishAt = now.addingTimeInterval(30) }
        #expect(audience().access(to: scheduled) == .hidden)
        #expect(!audience().isListed(scheduled))
        #expect(audience(viewer: owner).access(to: scheduled) == .available)
        var later = audience()
        later.now = now.addingTimeInterval(30)
        #expect(later.access(to: scheduled) == .available)
        #expect(later.isListed(scheduled))
    }

    @Test func privateUnreadyAndUnlistedVideos() {
        let hidden = video { $0.visibility = .private }
        let unready = video { $0.status = .processing }
        let unlisted = video { $0.visibility = .unlisted }
        #expect(audience().access(to: hidden) == .hidden)
        #expect(audience().access(to: unready) == .hidden)
        #expect(audience().access(to: unlisted) == .available)
        #expect(!audience().isListed(unlisted))
        #expect(audience(viewer: owner).access(to: hidden) == .available)
        // Editors are not privileged viewers: they edit, they do not see private videos.
        #expect(audience(viewer: UUID(), role: .editor).access(to: hidden) == .hidden)
        // No one is privileged in a list.
        #expect(!audience(viewer: owner).isListed(hidden))
    }

    @Test func valuesParseStrictly() throws {
        #expect(LanguageTag("pt-br")?.value == "pt-BR")
        #expect(LanguageTag("zh-hant-tw")?.value == "zh-Hant-TW")
        #expect(LanguageTag("de-CH-1996")?.value == "de-CH-1996")
        #expect(LanguageTag("en--US") == nil)
        #expect(LanguageTag("e") == nil)
        #expect(LanguageTag("english language") == nil)
        #expect(LanguageTag("en-a") == nil)
        #expect(CountryCode("de")?.value == "DE")
        #expect(CountryCode("XX") == nil)
        #expect(CountryCode("D1") == nil)
        #expect(throws: ValidationError.self) { try RegionRule.parse(mode: "allow", countries: ["QQ"]) }
        #expect(throws: ValidationError.self) { try RegionRule.parse(mode: "maybe", countries: ["DE"]) }
        #expect(try MaturityRating.parse("13+") == .age13)
        #expect(MaturityRating.age7 < .age13)
    }
}
