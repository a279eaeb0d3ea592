#!/usr/bin/env python3
"""End-to-end check of the tus endpoint with an unmodified standard client (tuspy).

  tus-check.py BASE_URL STATE_FILE before-restart   # uploads, cut connection + resume, then a partial upload
  tus-check.py BASE_URL STATE_FILE after-restart    # resumes the partial upload on the restarted server

Exits non-zero with a message on the first failed check.
"""
import hashlib
import json
import os
import socket
import sys
import time
import uuid
from urllib.parse import urlparse

import requests
from tusclient import client as tus

MiB = 1 << 20


def fail(message):
    print(f"tus-check: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"tus-check: ok: {message}")


def make_file(path, size):
    with open(path, "wb") as f:
        f.write(os.urandom(size))
    return path


def register(base):
    email = f"tus-{uuid.uuid4().hex[:10]}@example.com"
    r = requests.post(f"{base}/api/v1/auth/register",
                      json={"email": email, "password": "long enough password", "displayName": "Tus"})
    check(r.status_code == 201, f"register ({r.status_code})")
    return r.json()["accessToken"]


def my_video(base, token, video_id):
    r = requests.get(f"{base}/api/v1/videos/{video_id}", headers={"Authorization": f"Bearer {token}"})
    return r.status_code, (r.json() if r.headers.get("content-type", "").startswith("application/json") else None)


def video_id_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def check_stored(url, source_path):
    """With OBJECTS_DIR set (local storage), the stored original must be byte-identical to the file sent."""
    root = os.environ.get("OBJECTS_DIR")
    if not root:
        return
    stored = os.path.join(root, "videos", video_id_of(url), "original")
    same = os.path.exists(stored) and hashlib.sha256(open(stored, "rb").read()).hexdigest() == \
        hashlib.sha256(open(source_path, "rb").read()).hexdigest()
    check(same, "the stored original is byte-identical to the file sent")


def cut_patch(base, token, url, offset, data, send):
    """Sends a PATCH declaring len(data) bytes, writes only `send` of them, then drops the connection."""
    target = urlparse(url)
    host = urlparse(base)
    sock = socket.create_connection((host.hostname, host.port))
    head = (f"PATCH {target.path} HTTP/1.1\r\nHost: {host.hostname}:{host.port}\r\n"
            f"Authorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n"
            f"Content-Type: application/offset+octet-stream\r\nUpload-Offset: {offset}\r\n"
            f"Content-Length: {len(data)}\r\n\r\n").encode()
    sock.sendall(head + data[:send])
    time.sleep(0.5)
    sock.close()


def before_restart(base, state_path):
    token = register(base)
    headers = {"Authorization": f"Bearer {token}"}
    c = tus.TusClient(f"{base}/api/v1/uploads", headers=headers)

    r = requests.options(f"{base}/api/v1/uploads")
    check(r.status_code == 204 and r.headers.get("Tus-Version") == "1.0.0"
          and "creation-with-upload" in r.headers.get("Tus-Extension", ""), "OPTIONS advertises tus 1.0.0 and extensions")

    # 1. A whole upload in 1 MiB chunks.
    path = make_file("/tmp/tus-check-a.bin", 5 * MiB + 123)
    up = c.uploader(path, chunk_size=MiB, metadata={"title": "tuspy upload", "visibility": "unlisted", "filename": "a.mp4"})
    up.upload()
    status, video = my_video(base, token, video_id_of(up.url))
    check(status == 200 and video["status"] == "queued" and video["sizeBytes"] == 5 * MiB + 123
          and video["title"] == "tuspy upload" and video["visibility"] == "unlisted",
          "a finished tuspy upload is a queued video with its metadata")
    check_stored(up.url, path)

    # 2. The connection drops mid-PATCH: the bytes that arrived are kept and tuspy resumes from there.
    path = make_file("/tmp/tus-check-b.bin", 4 * MiB)
    with open(path, "rb") as f:
        data = f.read()
    up = c.uploader(path, chunk_size=4 * MiB, metadata={"title": "cut"})
    up.set_url(up.create_url())
    cut_patch(base, token, up.url, 0, data, 1536 * 1024)
    offset = None
    for _ in range(50):
        offset = int(requests.head(up.url, headers={**headers, "Tus-Resumable": "1.0.0"}).headers.get("Upload-Offset", -1))
        if offset > 0:
            break
        time.sleep(0.1)
    check(0 < offset <= 1536 * 1024, f"after a cut connection the server kept {offset} bytes")
    resumed = c.uploader(path, url=up.url, chunk_size=MiB)
    check(resumed.offset == offset, "tuspy picks up the server's offset")
    resumed.upload()
    status, video = my_video(base, token, video_id_of(up.url))
    check(status == 200 and video["status"] == "queued" and video["sizeBytes"] == 4 * MiB, "the resumed upload completed")
    check_stored(up.url, path)

    # 3. Half an upload, then the server restarts (the harness restarts it between the phases).
    path = make_file("/tmp/tus-check-c.bin", 6 * MiB + 7)
    up = c.uploader(path, chunk_size=2 * MiB, metadata={"title": "across a restart"})
    up.upload_chunk()
    up.upload_chunk()
    check(up.offset == 4 * MiB, "4 MiB of 6 MiB sent before the restart")
    with open(state_path, "w") as f:
        json.dump({"token": token, "url": up.url, "path": path,
                   "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}, f)


def after_restart(base, state_path):
    with open(state_path) as f:
        state = json.load(f)
    headers = {"Authorization": f"Bearer {state['token']}"}
    c = tus.TusClient(f"{base}/api/v1/uploads", headers=headers)
    up = c.uploader(state["path"], url=state["url"], chunk_size=2 * MiB)
    check(up.offset == 4 * MiB, f"after the restart the server reports offset {up.offset}")
    up.upload()
    status, video = my_video(base, state["token"], video_id_of(state["url"]))
    check(status == 200 and video["status"] == "queued" and video["sizeBytes"] == 6 * MiB + 7,
          "the upload finished after the restart")
    check_stored(state["url"], state["path"])


if __name__ == "__main__":
    base, state_path, phase = sys.argv[1], sys.argv[2], sys.argv[3]
    {"before-restart": before_restart, "after-restart": after_restart}[phase](base, state_path)
