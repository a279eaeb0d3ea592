import CFFmpeg
import Domain
import Foundation

/// Poster and storyboard from the frames the pipeline decodes anyway (no second decode).
/// - Storyboard: one tile every `interval` seconds (the frame in the middle of each interval), 160 px wide at the
///   display aspect, 10 x 10 tiles per JPEG sprite sheet, and a WebVTT track whose cues point at `sheet#xywh=`.
/// - Poster: among frames sampled across the whole video, the one with the most luma detail that is neither
///   black nor blown out (fades from black do not make posters), at the source's aspect, at most 720p.
final class ThumbnailCollector {
    static let tileWidth = 160
    static let columns = 10, rows = 10

    let duration: Double
    let interval: Double
    let rotation: Int
    let tileSize: (width: Int, height: Int)
    let posterSize: (width: Int, height: Int)
    private var tiles: [FFFrame] = []
    private var tileScaler: FFScaler?
    private var lastFrame: FFFrame?
    private var poster: FFFrame?
    private var posterScore = -Double.infinity
    private var nextCandidate = 0.0
    private let candidateStep: Double

    init(duration: Double, interval: Double, displayWidth: Double, displayHeight: Double, rotation: Int) {
        self.duration = duration
        self.interval = max(1, interval)
        self.rotation = rotation
        let aspect = displayWidth / max(displayHeight, 1)
        tileSize = (Self.tileWidth, max(2, Int((Double(Self.tileWidth) / aspect / 2).rounded()) * 2))
        let short = min(displayWidth, displayHeight)
        let scale = short > 720 ? 720 / short : 1
        posterSize = (max(2, Int((displayWidth * scale / 2).rounded()) * 2), max(2, Int((displayHeight * scale / 2).rounded()) * 2))
        candidateStep = max(0.25, duration / 24)
    }

    var tileCount: Int { max(1, Int((duration / interval).rounded(.up))) }

    func target(ofTile index: Int) -> Double {
        let start = Double(index) * interval
        return start + min(interval, max(duration - start, 0)) / 2
    }

    func offer(_ frame: UnsafeMutablePointer<AVFrame>, at t: Double) throws {
        if tiles.count < tileCount, t + 0.0005 >= target(ofTile: tiles.count) {
            let tile = try makeTile(frame)
            while tiles.count < tileCount, t + 0.0005 >= target(ofTile: tiles.count) { tiles.append(tile) }
        }
        if t + 0.0005 >= nextCandidate {
            nextCandidate = t + candidateStep
            var mean = 0.0
            var deviation = 0.0
            let score: Double
            if zv_luma_stats(frame, &mean, &deviation) == 0 {
                score = mean < 24 || mean > 235 ? deviation * 0.05 - 100 : deviation
            } else {
                score = 0
            }
            if score > posterScore || poster == nil {
                posterScore = score
                let copy = try FFFrame()
                try FF.check(av_frame_ref(copy.frame, frame), "keep poster frame")
                poster = copy
            }
        }
        if tiles.count < tileCount {
            let copy = try FFFrame()
            try FF.check(av_frame_ref(copy.frame, frame), "keep frame")
            lastFrame = copy
        }
    }

    private func makeTile(_ frame: UnsafeMutablePointer<AVFrame>) throws -> FFFrame {
        let swap = rotation == 90 || rotation == 270
        if tileScaler == nil || !tileScaler!.accepts(frame) {
            tileScaler = try FFScaler(
                from: frame, width: Int32(swap ? tileSize.height : tileSize.width), height: Int32(swap ? tileSize.width : tileSize.height),
                format: AV_PIX_FMT_YUVJ420P)
        }
        return try rotated(try tileScaler!.scale(frame), clockwise: rotation)
    }

    struct Output {
        var poster: String
        var storyboard: String
    }

    /// Writes `poster.jpg`, `storyboard-NNN.jpg` sheets and `storyboard.vtt` into `directory`.
    func write(to directory: String) throws -> Output {
        if tiles.count < tileCount, let lastFrame {
            let tile = try makeTile(lastFrame.frame)
            while tiles.count < tileCount { tiles.append(tile) }
        }
        if let poster {
            let swap = rotation == 90 || rotation == 270
            let scaler = try FFScaler(
                from: poster.frame, width: Int32(swap ? posterSize.height : posterSize.width),
                height: Int32(swap ? posterSize.width : posterSize.height), format: AV_PIX_FMT_YUVJ420P)
            let picture = try rotated(try scaler.scale(poster.frame), clockwise: rotation)
            try Data(encodeJPEG(picture)).write(to: URL(fileURLWithPath: directory + "/poster.jpg"))
        }
        var vtt = "WEBVTT\n"
        let perSheet = Self.columns * Self.rows
        var sheetIndex = 0
        var start = 0
        while start < tiles.count {
            let batch = Array(tiles[start..<min(start + perSheet, tiles.count)])
            let name = String(format: "storyboard-%03d.jpg", sheetIndex)
            let columns = min(Self.columns, batch.count)
            let rows = (batch.count + Self.columns - 1) / Self.columns
            let sheet = try FFFrame()
            sheet.frame.pointee.width = Int32(columns * tileSize.width)
            sheet.frame.pointee.height = Int32(rows * tileSize.height)
            sheet.frame.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
            try FF.check(av_frame_get_buffer(sheet.frame, 0), "sprite sheet")
            zv_fill_black(sheet.frame)
            for (offset, tile) in batch.enumerated() {
                let x = offset % Self.columns * tileSize.width
                let y = offset / Self.columns * tileSize.height
                zv_copy_tile(sheet.frame, tile.frame, Int32(x), Int32(y))
                let index = start + offset
                let from = Double(index) * interval
                let to = min(Double(index + 1) * interval, duration)
                vtt +=
                    "\n\(Self.timestamp(from)) --> \(Self.timestamp(max(to, from + 0.001)))\n\(name)#xywh=\(x),\(y),\(tileSize.width),\(tileSize.height)\n"
            }
            try Data(encodeJPEG(sheet, quality: 5)).write(to: URL(fileURLWithPath: directory + "/" + name))
            sheetIndex += 1
            start += perSheet
        }
        try Data(vtt.utf8).write(to: URL(fileURLWithPath: directory + "/storyboard.vtt"))
        return Output(poster: "poster.jpg", storyboard: "storyboard.vtt")
    }

    static func timestamp(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }
}
