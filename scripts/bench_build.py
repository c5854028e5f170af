"""The deploy build and cold start, per release-profile candidate (run by
scripts/bench-build; prints the table, asserts nothing).

For each candidate (a `[profile.<name>]` in Cargo.toml):
  * build: every function for Lambda (arm64, provided.al2023) with
    `cargo lambda build --arm64 --profile <name>` from an empty target
    directory, then again after touching one feature's source;
  * size: each `bootstrap` zipped (deflate), as Lambda downloads it;
  * init: the same profile built natively (this machine cannot run arm64),
    side by side with a hello-world `lambda_runtime` function, as
    scripts/cold_start.py measures it.
"""

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from cold_start import init_ms

ROOT = Path(__file__).resolve().parent.parent
# A read route, a write route, an event handler, and the image pipeline.
MEASURED = ["get-post", "create-post", "fanout-post", "process-media"]
TOUCHED = ROOT / "shared/src/posts/model.rs"


def run(cmd, env=None, cwd=ROOT):
    started = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


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
