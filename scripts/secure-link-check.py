#!/usr/bin/env python3
"""End-to-end check of the nginx secure_link mode (deploy/nginx-secure-link.conf) with a real nginx in front of a
zviewer started with MEDIA_SECURE_LINK_SECRET. Run by scripts/test.sh:
    secure-link-check.py <nginx base URL> <objects dir> <clip.mp4>
Exits non-zero with a message on the first failure."""
import json, os, re, subprocess, sys, time, urllib.error, urllib.parse, urllib.request, uuid

base, objects, clip = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None, raw=None, ctype="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None


def get(path):
    """(status, headers, body) without raising on 4xx."""
    try:
        with urllib.request.urlopen(base + path) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def check(condition, message):
    if not condition:
        sys.exit("secure-link check failed: " + message)


email = f"securelink-{uuid.uuid4().hex[:10]}@example.com"
auth = call("POST", "/api/v1/auth/register", {"email": email, "password": "secure link check 1", "displayName": "SL"})
token = auth["accessToken"]
boundary = "zvsl" + uuid.uuid4().hex
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSecure link\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
        ).encode() + open(clip, "rb").read() + f"\r\n--{boundary}--\r\n".encode()
video = call("POST", "/api/v1/videos", token=token, raw=body, ctype=f"multipart/form-data; boundary={boundary}")["id"]
for _ in range(600):
    state = call("GET", f"/api/v1/videos/{video}/processing", token=token)
    if state["status"] in ("ready", "failed"):
        break
    time.sleep(0.5)
check(state["status"] == "ready", f"transcode did not finish: {state}")
profile = call("GET", "/api/v1/me/profiles", token=token)["items"][0]["id"]
play = call("POST", f"/api/v1/videos/{video}/play", {"profileId": profile, "deviceId": "sl", "deviceName": "SL"}, token=token)
master_url = urllib.parse.urlsplit(play["hlsUrl"])
media = f"/media/{video}/"

# The master (rewritten by zviewer, proxied by nginx): a free account gets 480p and 360p, not 720p.
status, _, master = get(master_url.path + "?" + master_url.query)
master = master.decode()
check(status == 200 and "hls-480p.m3u8?token=" in master and "hls-720p" not in master, f"master: {status}\n{master}")

# The 480p playlist: its init and segments carry md5 and expires; nginx serves them from disk, byte for byte.
query = master_url.query
status, _, playlist = get(media + "hls-480p.m3u8?" + query)
playlist = playlist.decode()
children = re.findall(r'((?:init|seg)-[0-9]+(?:-[0-9]+)?\.(?:mp4|m4s))\?([^"\s]+)', playlist)
check(status == 200 and len(children) >= 2, f"480p playlist: {status}\n{playlist}")
for name, child_query in children:
    params = urllib.parse.parse_qs(child_query)
    check({"token", "md5", "expires"} <= params.keys(), f"{name} lacks the signature: {child_query}")
    status, headers, data = get(media + name + "?" + child_query)
    check(status == 200, f"{name} through nginx: {status}")
    check(data == open(os.path.join(objects, "videos", video, "media", name), "rb").read(), f"{name}: bytes differ")
    check(headers["Server"].startswith("nginx") and headers.get("X-Request-Id") is None, f"{name} was not served by nginx itself")

# Refusals: altered signature, altered expiry, no signature, and the 480p signature on a 720p (representation 0) file.
name, child_query = next(c for c in children if c[0].startswith("seg-"))
params = {k: v[0] for k, v in urllib.parse.parse_qs(child_query).items()}
rep = re.match(r"seg-([0-9]+)-", name).group(1)
def with_params(**changes):
    p = dict(params, **changes)
    return urllib.parse.urlencode({k: v for k, v in p.items() if v is not None})
altered = params["md5"][:-2] + ("AA" if params["md5"][-2:] != "AA" else "BB")
for label, path in [
    ("altered md5", media + name + "?" + with_params(md5=altered)),
    ("altered expires", media + name + "?" + with_params(expires=str(int(params["expires"]) + 1))),
    ("expired", media + name + "?" + with_params(expires="1000000000")),
    ("no signature", media + name + "?" + with_params(md5=None, expires=None)),
    ("another representation", media + name.replace(f"seg-{rep}-", "seg-0-") + "?" + child_query),
]:
    status, _, _ = get(path)
    check(status == 403, f"{label}: expected 403, got {status}")

# DASH: each Representation's templates carry its own signature, and they open through nginx.
status, _, mpd = get(f"/media/{video}/manifest.mpd?" + query)
mpd = mpd.decode()
check(status == 200 and '<Representation id="0"' not in mpd and '<Representation id="2"' in mpd, f"MPD: {status}\n{mpd}")
for rep_id, init in re.findall(r'<Representation id="([0-9]+)".*?initialization="([^"]+)"', mpd, re.S):
    path = media + init.replace("$RepresentationID$", rep_id).replace("&amp;", "&")
    status, _, _ = get(path)
    check(status == 200, f"DASH init of representation {rep_id} through nginx: {status} ({path})")

# And a player's view of it: ffprobe opens the HLS master through nginx, video and audio.
probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0",
                        base + master_url.path + "?" + query], capture_output=True, text=True, timeout=120)
check(probe.returncode == 0 and "video" in probe.stdout and "audio" in probe.stdout, f"ffprobe: {probe.stdout} {probe.stderr}")
print(f"secure-link check ok: {len(children)} representation files served by nginx, 5 refusals, DASH and ffprobe")
