// What of FFmpeg's C API does not import into Swift as is: function-like and compound-literal macros, and a few
// operations on AVFrame's fixed-size `data`/`linesize` arrays (8-tuples in Swift). Kept small on purpose: the
// pipeline itself is Swift (Adapters/Media).
#ifndef ZVIEWER_CFFMPEG_SHIM_H
#define ZVIEWER_CFFMPEG_SHIM_H

#include <errno.h>
#include <string.h>
#include <stdint.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

static inline int zv_averror(int posix_errno) { return AVERROR(posix_errno); }
static inline int zv_averror_eof(void) { return AVERROR_EOF; }
static inline int zv_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int zv_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int64_t zv_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational zv_time_base_q(void) { AVRational q = {1, AV_TIME_BASE}; return q; }

/// av_err2str without the compound literal: writes the message for `code` into `buffer`.
static inline void zv_strerror(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) snprintf(buffer, size, "error %d", code);
}

/// Display rotation in degrees (counter-clockwise, as av_display_rotation_get), 0 when the stream has none.
static inline double zv_stream_rotation(const AVStream *stream) {
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t)) return 0;
    double r = av_display_rotation_get((const int32_t *)matrix);
    return r != r ? 0 : r; // NaN for a degenerate matrix
}

/// Bits per component of a pixel format's first component (0 when unknown).
static inline int zv_pix_fmt_depth(int format) {
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)format);
    return desc ? desc->comp[0].depth : 0;
}

/// Resamples (and downmixes) `in` (NULL flushes) and appends the result to `fifo`. Returns samples added or < 0.
static inline int zv_resample_into_fifo(SwrContext *swr, AVAudioFifo *fifo, const AVFrame *in,
                                        int out_channels, enum AVSampleFormat out_format, int out_rate, int in_rate) {
    int in_samples = in ? in->nb_samples : 0;
    int out_samples = (int)av_rescale_rnd(swr_get_delay(swr, in_rate) + in_samples, out_rate, in_rate, AV_ROUND_UP);
    if (out_samples <= 0) return 0;
    uint8_t **buffers = NULL;
    int ret = av_samples_alloc_array_and_samples(&buffers, NULL, out_channels, out_samples, out_format, 0);
    if (ret < 0) return ret;
    ret = swr_convert(swr, buffers, out_samples, in ? (const uint8_t **)in->extended_data : NULL, in_samples);
    if (ret > 0) {
        int written = av_audio_fifo_write(fifo, (void **)buffers, ret);
        if (written < ret) ret = written < 0 ? written : AVERROR(ENOMEM);
    }
    av_freep(&buffers[0]);
    av_freep(&buffers);
    return ret;
}

/// Takes `samples` samples from `fifo` into a new buffer of `frame` (format, layout and rate already set).
static inline int zv_fifo_read_frame(AVAudioFifo *fifo, AVFrame *frame, int samples) {
    frame->nb_samples = samples;
    int ret = av_frame_get_buffer(frame, 0);
    if (ret < 0) return ret;
    ret = av_audio_fifo_read(fifo, (void **)frame->data, samples);
    return ret < samples ? (ret < 0 ? ret : AVERROR(EIO)) : 0;
}

/// Rotates an 8-bit planar YUV 4:2:0 frame by 90 (clockwise), 180 or 270 degrees into `dst`, whose size is
/// already the rotated one and whose buffers are allocated.
static inline void zv_rotate_yuv420p(const AVFrame *src, AVFrame *dst, int clockwise_degrees) {
    for (int plane = 0; plane < 3; plane++) {
        int sw = plane ? (src->width + 1) / 2 : src->width;
        int sh = plane ? (src->height + 1) / 2 : src->height;
        const uint8_t *s = src->data[plane];
        uint8_t *d = dst->data[plane];
        int sl = src->linesize[plane], dl = dst->linesize[plane];
        for (int y = 0; y < sh; y++) {
            const uint8_t *row = s + (ptrdiff_t)y * sl;
            for (int x = 0; x < sw; x++) {
                int dx, dy;
                if (clockwise_degrees == 90) { dx = sh - 1 - y; dy = x; }
                else if (clockwise_degrees == 270) { dx = y; dy = sw - 1 - x; }
                else { dx = sw - 1 - x; dy = sh - 1 - y; }
                d[(ptrdiff_t)dy * dl + dx] = row[x];
            }
        }
    }
}

/// Copies `tile` (yuv420p / yuvj420p) into `sheet` (same format) with its top-left corner at (x, y); even x and y.
static inline void zv_copy_tile(AVFrame *sheet, const AVFrame *tile, int x, int y) {
    for (int plane = 0; plane < 3; plane++) {
        int shift = plane ? 1 : 0;
        int w = plane ? (tile->width + 1) / 2 : tile->width;
        int h = plane ? (tile->height + 1) / 2 : tile->height;
        for (int row = 0; row < h; row++) {
            if ((y >> shift) + row >= (plane ? (sheet->height + 1) / 2 : sheet->height)) break;
            memcpy(sheet->data[plane] + (ptrdiff_t)((y >> shift) + row) * sheet->linesize[plane] + (x >> shift),
                   tile->data[plane] + (ptrdiff_t)row * tile->linesize[plane], (size_t)w);
        }
    }
}

/// Fills a yuv420p / yuvj420p frame with black.
static inline void zv_fill_black(AVFrame *frame) {
    for (int plane = 0; plane < 3; plane++) {
        int h = plane ? (frame->height + 1) / 2 : frame->height;
        memset(frame->data[plane], plane ? 128 : 16, (size_t)frame->linesize[plane] * h);
    }
}

/// Mean and standard deviation of a frame's luma (sampled on a grid), to tell a real picture from a black or flat
/// one. Returns 0, or -1 for formats it cannot read (not planar YUV).
static inline int zv_luma_stats(const AVFrame *frame, double *mean, double *stddev) {
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    if (!desc || (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) || !(desc->flags & AV_PIX_FMT_FLAG_PLANAR)
        || !frame->data[0] || frame->width <= 0 || frame->height <= 0) return -1;
    int depth = desc->comp[0].depth, wide = depth > 8;
    double sum = 0, sum2 = 0, n = 0, scale = 255.0 / ((1 << depth) - 1);
    int step = frame->width > 64 ? frame->width / 64 : 1, vstep = frame->height > 64 ? frame->height / 64 : 1;
    for (int y = 0; y < frame->height; y += vstep) {
        const uint8_t *row = frame->data[0] + (ptrdiff_t)y * frame->linesize[0];
        for (int x = 0; x < frame->width; x += step) {
            double v = (wide ? ((const uint16_t *)row)[x] : row[x]) * scale;
            sum += v; sum2 += v * v; n += 1;
        }
    }
    if (n == 0) return -1;
    *mean = sum / n;
    double var = sum2 / n - (*mean) * (*mean);
    *stddev = var > 0 ? __builtin_sqrt(var) : 0;
    return 0;
}

/// For the isolated transcoder process: die with the parent (prctl is variadic, so it does not import).
/// Returns -1 when the parent is already gone.
static inline int zv_die_with_parent(void) {
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -1;
    return getppid() == parent ? 0 : -1;
}

#endif
