"""The deploy build and cold start, per release-profile candidate (run by
scripts/bench-build; prints the table, asserts nothing).

For each candidate (a `[profile.<name>]` in Cargo.toml):
  * build: every function for Lambda (arm64, provided.al2023) with
    `cargo lambda build --arm64 --profile <name>` from an empty target
    directory, then again after touching one feature's source;
  * size: each `bootstrap` zipped (deflate), as Lambda downloads it;
  * init: the same profile built natively (this machine cannot run arm64),
    each binary started against a local Lambda Runtime API stub, timed from
    process start to its first `GET /runtime/invocation/next`, the median of
    RUNS starts, side by side with a hello-world `lambda_runtime` function.
"""

import http.server
import io
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("KITH_BENCH_RUNS", "15"))
# A read route, a write route, an event handler, and the image pipeline.
MEASURED = ["get-post", "create-post", "fanout-post", "process-media"]
TOUCHED = ROOT / "shared/src/posts/model.rs"
# What every function reads at init (values need not be real: nothing is called).
ENV = {
    "KITH_TABLE": "kith-bench",
    "KITH_JWT_PUBLIC_KEY": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
    "KITH_CURSOR_KEY": "x" * 32,
    "KITH_EMAIL_FROM": "no-reply@kith.local",
    "KITH_MEDIA_BUCKET": "kith-bench-media",
    "KITH_EVENT_BUS": "kith-bench",
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_LAMBDA_FUNCTION_NAME": "bench",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
    "AWS_LAMBDA_FUNCTION_VERSION": "1",
    "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
    "AWS_LAMBDA_LOG_GROUP_NAME": "bench",
    "RUST_LOG": "off",
}
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def run(cmd, env=None, cwd=ROOT):
    started = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


class Stub(http.server.BaseHTTPRequestHandler):
    """The Runtime API's `next`: records when it was first asked, then holds the caller."""

    first_next = None

    def do_GET(self):
        if Stub.first_next is None:
            Stub.first_next = time.monotonic()
        time.sleep(5)

    def log_message(self, *args):
        pass


def init_ms(binary):
    """Median milliseconds from spawn to the first `next`, over RUNS starts."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Stub)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Only what Lambda sets: not this machine's SSL_CERT_DIR, which would
    # make the SDK read every file of a certificate directory at init;
    # provided.al2023 has a single CA bundle, as SSL_CERT_FILE names here.
    env = {**ENV, "SSL_CERT_FILE": CA_BUNDLE,
           "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}"}
    samples = []
    for _ in range(RUNS):
        Stub.first_next = None
        started = time.monotonic()
        process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        while Stub.first_next is None and process.poll() is None:
            time.sleep(0.0002)
        if Stub.first_next is None:
            raise SystemExit(f"{binary} exited before asking for an invocation")
        samples.append((Stub.first_next - started) * 1000)
        process.kill()
        process.wait()
    server.shutdown()
    return statistics.median(samples)


def zipped_mb(path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "bootstrap")
    return len(buffer.getvalue()) / 1e6


def candidate(profile, cargo_lambda):
    target = ROOT / "target" / f"bench-{profile}"
    shutil.rmtree(target, ignore_errors=True)
    env = {"CARGO_TARGET_DIR": str(target)}
    build = [cargo_lambda, "lambda", "build", "--arm64", "--profile", profile,
             "-p", "kith-functions"]
    clean = run(build, env)
    original = TOUCHED.read_text()
    TOUCHED.write_text(original + "// scripts/bench-build: a one-line change\n")
    try:
        incremental = run(build, env)
    finally:
        TOUCHED.write_text(original)
    lambdas = target / "lambda"
    sizes = {name: zipped_mb(lambdas / name / "bootstrap") for name in MEASURED}
    http_max = max(
        (zipped_mb(lambdas / d.name / "bootstrap"), d.name)
        for d in lambdas.iterdir()
        if (d / "bootstrap").exists() and d.name not in ("process-media",)
    )
    native = ["cargo", "build", "--profile", profile, "-p", "kith-functions"]
    run(native + [f"--bin={name}" for name in MEASURED[:3]] + ["--example=hello"], env)
    out = target / profile
    hello = init_ms(out / "examples" / "hello")
    inits = {name: init_ms(out / name) for name in MEASURED[:3]}
    return clean, incremental, sizes, http_max, hello, inits


def main():
    profiles = sys.argv[1:] or ["release"]
    cargo_lambda = str(ROOT / ".venv" / "bin" / "cargo-lambda")
    print("| profile | clean build, all functions | after a one-line change | "
          + " | ".join(f"{n} zipped" for n in MEASURED)
          + " | largest other zipped | hello init | "
          + " | ".join(f"{n} init (x hello)" for n in MEASURED[:3]) + " |")
    print("|---" * (5 + len(MEASURED) + len(MEASURED[:3])) + "|")
    for profile in profiles:
        clean, incremental, sizes, (largest, largest_name), hello, inits = candidate(
            profile, cargo_lambda)
        row = [profile, f"{clean / 60:.1f} min", f"{incremental / 60:.1f} min"]
        row += [f"{sizes[n]:.1f} MB" for n in MEASURED]
        row += [f"{largest:.1f} MB ({largest_name})", f"{hello:.1f} ms"]
        row += [f"{inits[n]:.1f} ms ({inits[n] / hello:.2f}x)" for n in MEASURED[:3]]
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
