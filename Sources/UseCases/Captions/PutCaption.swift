import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Adds or replaces a video's caption in one language: the file is parsed and checked cue by cue, SubRip becomes
/// WebVTT, and the manifests players read list it from the next play on.
public struct PutCaption: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var videoId: UUID
        public var language: String
        public var label: String?
        public var format: CaptionFormat
        public var body: [UInt8]

        public init(principal: Principal, videoId: UUID, language: String, label: String?, format: CaptionFormat, body: [UInt8]) {
            self.principal = principal
            self.videoId = videoId
            self.language = language
            self.label = label
            self.format = format
            self.body = body
        }
    }

    let editor: VideoCatalogEditor
    let captions: any CaptionRepository
    let converter: any CaptionConverter
    let storage: any ObjectStorage
    let publisher: CaptionPublisher
    let clock: any DateProvider

    public init(
        users: any UserRepository, videos: any VideoRepository, captions: any CaptionRepository, converter: any CaptionConverter,
        storage: any ObjectStorage, clock: any DateProvider
    ) {
        self.editor = VideoCatalogEditor(users: users, videos: videos, clock: clock)
        self.captions = captions
        self.converter = converter
        self.storage = storage
        self.publisher = CaptionPublisher(videos: videos, captions: captions, storage: storage, clock: clock)
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Caption {
        let language = try LanguageTag.parse(input.language, field: "lang")
        let label = try Self.label(input.label) ?? language.value
        let video = try await editor.editable(input.principal, videoId: input.videoId)
        guard video.status == .ready, let media = video.media else { throw PlaybackError.videoNotReady }
        guard input.body.count <= Caption.maximumBytes else { throw StorageError.tooLarge(limit: Caption.maximumBytes) }
        let converted = try await converter.webVTT(
            from: input.body, format: input.format, maximumEndSeconds: media.durationSeconds + 1)
        let now = clock.now()
        let existing = try await captions.list(videoId: video.id).first { $0.language == language }
        let caption = Caption(
            videoId: video.id, language: language, label: label, cueCount: converted.cueCount, sizeBytes: converted.webVTT.count,
            createdAt: existing?.createdAt ?? now, updatedAt: now)
        _ = try await storage.put(key: try Video.mediaKey(video.id, path: caption.file), body: .chunks([converted.webVTT]))
        try await captions.upsert(caption)
        try await publisher.publish(video, media: media)
        return caption
    }

    static func label(_ raw: String?) throws(ValidationError) -> String? {
        guard let raw else { return nil }
        let label = raw.trimmed()
        guard (1...100).contains(label.count), !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw ValidationError(
                field: "label", code: "invalid_label", message: "label must be 1 to 100 characters, no control characters")
        }
        return label
    }
}
