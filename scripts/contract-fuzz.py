#!/usr/bin/env python3
"""Fuzzes the running server against openapi.yaml with schemathesis, as a signed-in account.

    contract-fuzz.py BASE_URL [SECONDS]

Signs up a fresh account, then runs schemathesis' example, coverage and fuzzing phases over every operation for a
fixed time budget, checking that no answer is a server error, every status code is documented, and every answer
matches its documented schema and content type. Exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.request import Request, urlopen

base = sys.argv[1].rstrip("/")
seconds = sys.argv[2] if len(sys.argv) > 2 else "180"
root = Path(__file__).resolve().parent.parent

body = json.dumps({"email": f"fuzz-{uuid.uuid4().hex[:10]}@example.com", "password": "long enough password",
                   "displayName": "Fuzz"}).encode()
request = Request(f"{base}/api/v1/auth/register", data=body, headers={"Content-Type": "application/json"})
token = json.load(urlopen(request))["accessToken"]

# One worker: with two, hypothesis describes filter lambdas with ast.parse from two threads at once, which this
# machine's CPython 3.11.7 failed once with "SystemError: AST constructor recursion depth mismatch" (a tool crash, not
# an API failure).
command = [
    str(Path(sys.executable).parent / "schemathesis"), "run", str(root / "openapi.yaml"), "--url", base,
    "--header", f"Authorization: Bearer {token}",
    "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
    "--phases", "examples,coverage,fuzzing", "--max-time", seconds, "--workers", "1",
    "--suppress-health-check", "all", "--request-timeout", "30", "--seed", "20261202", "--generation-database", "none",
]
environment = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks", "PYTHONPATH": str(root / "scripts")}
# schemathesis keeps a cache of crashes in its working directory: run it in a scratch folder, not the checkout.
sys.exit(subprocess.call(command, env=environment, cwd=tempfile.mkdtemp(prefix="zv-schemathesis-")))
