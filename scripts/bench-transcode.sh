#!/usr/bin/env bash
# Transcoding benchmark (figures, not a pass/fail test): zviewer's pipeline (`zviewer transcode`, the child
# process the worker runs) against the ffmpeg CLI producing the same ladder in one process with a split filter
# (same libx264 preset, bit rates, VBV, fixed GOP with forced keyframes every 2 s, AAC 128k stereo, 4 s CMAF
# segments through the same dash muxer), in the same run on the same generated source.
#   scripts/bench-transcode.sh [--seconds N] [--size WxH] [--debug]
# Prints for both: wall time, CPU time (user+sys), peak RSS, and PSNR of every rung against the source scaled to
# the rung's size (bicubic, like both pipelines), then the ratios (target: wall <= 1.05x, PSNR within 0.1 dB).
source "$(dirname "$0")/common.sh"
cd "$ROOT"

SECONDS_LONG=60 SIZE=1920x1080 CONFIG=release
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_LONG="$2"; shift 2 ;;
        --size) SIZE="$2"; shift 2 ;;
        --debug) CONFIG=debug; shift ;;
        *) die "unknown option $1" ;;
    esac
done

ensure_packages time bc
BENCH_DIR="$ROOT/.data/bench-transcode"
rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR"
log "building ($CONFIG)"
swift build -c "$CONFIG" --product zviewer >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)/zviewer"

SRC="$BENCH_DIR/source.mp4"
log "generating a ${SECONDS_LONG} s ${SIZE}@30 source with noise (not trivially compressible)"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=$SIZE:rate=30:duration=$SECONDS_LONG" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$SECONDS_LONG" \
    -vf "noise=alls=20:allf=t" -c:v libx264 -preset ultrafast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest "$SRC"

RUNGS=(1080:6000 720:3000 480:1500 360:800)
SHORT=${SIZE#*x}
# Same sizes as the pipeline: short side, long side rounded to even at the source's aspect.
sizes=() rates=()
for rung in "${RUNGS[@]}"; do
    side=${rung%%:*} rate=${rung##*:}
    [ "$side" -le "$SHORT" ] || continue
    w=$(python3 -c "w,h=map(int,'$SIZE'.split('x'));print(max(2,round($side*w/h/2)*2))")
    sizes+=("${w}x${side}"); rates+=("$rate")
done

# zviewer
mkdir -p "$BENCH_DIR/zviewer"
cat > "$BENCH_DIR/request.json" <<JSON
{"inputPath":"$SRC","outputDirectory":"$BENCH_DIR/zviewer","settings":{"rungs":[$(for r in "${RUNGS[@]}"; do printf '{"shortSide":%s,"videoBitRate":%s},' "${r%%:*}" "$(( ${r##*:} * 1000 ))"; done | sed 's/,$//')],"preset":"veryfast","threads":0,"segmentSeconds":4,"keyframeSeconds":2,"audioBitRate":128000,"thumbnailIntervalSeconds":10,"maxDurationSeconds":21600}}
JSON
log "zviewer transcode"
/usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/zviewer.time" "$BIN" transcode "$BENCH_DIR/request.json" > "$BENCH_DIR/zviewer.out"
tail -1 "$BENCH_DIR/zviewer.out" | grep -q '"result"' || die "zviewer transcode failed: $(tail -c 500 "$BENCH_DIR/zviewer.out")"

# ffmpeg CLI, same ladder in one process
n=${#sizes[@]}
graph="[0:v]split=$n$(for i in $(seq 0 $((n-1))); do printf '[s%d]' "$i"; done)"
maps=() rateargs=()
for i in $(seq 0 $((n-1))); do
    graph+=";[s$i]scale=${sizes[$i]/x/:}:flags=bicubic[v$i]"
    maps+=(-map "[v$i]")
    r=${rates[$i]}
    rateargs+=(-b:v:$i "${r}k" -maxrate:v:$i "$(( r * 3 / 2 ))k" -bufsize:v:$i "$(( r * 2 ))k")
done
mkdir -p "$BENCH_DIR/cli"
log "ffmpeg CLI"
/usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/cli.time" ffmpeg -v error -y -i "$SRC" -filter_complex "$graph" "${maps[@]}" -map 0:a \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p "${rateargs[@]}" \
    -x264-params keyint=60:min-keyint=60:scenecut=0 -forced-idr 1 -force_key_frames "expr:gte(t,n_forced*2)" \
    -c:a aac -b:a 128k -ac 2 -ar 48000 \
    -f dash -seg_duration 4 -use_template 1 -use_timeline 1 -hls_playlist 1 -adaptation_sets "id=0,streams=v id=1,streams=a" \
    -init_seg_name 'init-$RepresentationID$.mp4' -media_seg_name 'seg-$RepresentationID$-$Number%05d$.m4s' \
    "$BENCH_DIR/cli/manifest.mpd"

psnr() { # <package dir> <rung index> <WxH>
    ffmpeg -i "$1/manifest.mpd" -i "$SRC" -lavfi "[1:v]scale=${3/x/:}:flags=bicubic[ref];[0:v:$2]setpts=PTS-STARTPTS[a];[ref]setpts=PTS-STARTPTS[b];[a][b]psnr" \
        -map 0:v:$2 -f null - 2>&1 | sed -n 's/.*PSNR.* average:\([0-9.inf]*\).*/\1/p' | tail -1
}

read -r zw zu zs zm < "$BENCH_DIR/zviewer.time"
read -r cw cu cs cm < "$BENCH_DIR/cli.time"
echo
printf '%-10s %10s %10s %12s\n' "" "wall s" "CPU s" "peak RSS MiB"
printf '%-10s %10.2f %10.2f %12.1f\n' zviewer "$zw" "$(echo "$zu + $zs" | bc)" "$(echo "$zm / 1024" | bc -l)"
printf '%-10s %10.2f %10.2f %12.1f\n' "ffmpeg" "$cw" "$(echo "$cu + $cs" | bc)" "$(echo "$cm / 1024" | bc -l)"
printf 'wall time ratio zviewer / ffmpeg: %.3f (target <= 1.05)\n' "$(echo "$zw / $cw" | bc -l)"
echo
printf '%-8s %-10s %14s %14s %10s\n' rung size "zviewer PSNR" "ffmpeg PSNR" "delta dB"
for i in $(seq 0 $((n-1))); do
    zp=$(psnr "$BENCH_DIR/zviewer" "$i" "${sizes[$i]}")
    cp=$(psnr "$BENCH_DIR/cli" "$i" "${sizes[$i]}")
    printf '%-8s %-10s %14s %14s %10.3f\n' "${sizes[$i]#*x}p" "${sizes[$i]}" "$zp" "$cp" "$(echo "$zp - $cp" | bc -l)"
done
echo "(target: |delta| <= 0.1 dB; outputs kept in $BENCH_DIR)"
