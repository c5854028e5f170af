"""A function binary's cold start against a local Lambda Runtime API stub
(used by scripts/bench-build and scripts/bench-cold-start; prints, asserts
nothing).

  * init: process start to its first `GET /runtime/invocation/next`, with
    only the variables Lambda sets (no endpoint override, so the SDK's real
    trust store is built) and no warm-up (nothing here answers at AWS's
    endpoints);
  * first request: the first invocation's duration, from the event handed
    out to the response posted, with DynamoDB a local TLS server (its
    self-signed certificate trusted through SSL_CERT_FILE) that answers
    every call with an empty result: the figure holds the connection set-up
    and the handler, not DynamoDB's latency. Loopback has no round-trip
    time; in a region each of the TCP and TLS handshakes adds one.
"""

import datetime
import http.server
import json
import os
import socket
import socketserver
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("KITH_BENCH_RUNS", "15"))
# What every function reads at init (values need not be real).
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
# provided.al2023 has one CA bundle; this machine's SSL_CERT_DIR would
# make a binary that trusts the system read every file of a directory.
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
GET_POST = (ROOT / "events" / "get-post.json").read_bytes()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A killed binary resets its connections: not worth a traceback."""


class Runtime(http.server.BaseHTTPRequestHandler):
    """The Runtime API: hands out the queued events, records when `next`
    was first asked, when each event went out and when its response came;
    with nothing queued it holds the caller."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        state = self.server.state
        if state["first_next"] is None:
            state["first_next"] = time.monotonic()
        if not state["events"]:
            time.sleep(10)
            self.close_connection = True
            return
        body = state["events"].pop(0)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Lambda-Runtime-Aws-Request-Id", f"req-{len(state['served'])}")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn",
                         "arn:aws:lambda:us-east-1:123456789012:function:bench")
        self.end_headers()
        state["served"].append(time.monotonic())
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = json.loads(body).get("statusCode") if self.path.endswith("/response") else None
        self.server.state["responses"].append((time.monotonic(), status))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Table(http.server.BaseHTTPRequestHandler):
    """DynamoDB over TLS that finds nothing: `{}` for every call."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def serve(handler, state=None, tls=None):
    server = Server(("127.0.0.1", 0), handler)
    server.state = state
    # Every write goes out at once (no 40 ms wait for a delayed ACK); the
    # connections it accepts, where the TLS handshake runs, inherit this.
    server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def certificates(directory):
    """A CA (as PEM, to trust) and a certificate it issued for localhost with
    its key (to serve)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def certificate(subject, key, issuer, issuer_key, ca):
        now = datetime.datetime.now(datetime.timezone.utc)
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True))
        if not ca:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(subject)]), False)
        return builder.sign(issuer_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    files = {name: Path(directory) / f"{name}.pem" for name in ("ca", "cert", "key")}
    files["ca"].write_bytes(certificate("Kith bench CA", ca_key, "Kith bench CA", ca_key, True))
    files["cert"].write_bytes(certificate("localhost", key, "Kith bench CA", ca_key, False))
    files["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return files["ca"], files["cert"], files["key"]


def start(binary, env, events, expect=None):
    """Starts `binary` against a fresh Runtime API stub serving `events`, each
    to be answered with the HTTP status `expect`; returns
    (milliseconds to the first `next`, each event's duration in ms)."""
    state = {"first_next": None, "events": list(events), "served": [], "responses": []}
    runtime = serve(Runtime, state)
    env = {**env, "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{runtime.server_address[1]}"}
    started = time.monotonic()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = started + 30
    while (state["first_next"] is None or len(state["responses"]) < len(events)) \
            and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0002)
    process.kill()
    process.wait()
    runtime.shutdown()
    if state["first_next"] is None or len(state["responses"]) < len(events):
        raise SystemExit(f"{binary} did not serve its {len(events)} events")
    for _, status in state["responses"]:
        if status != expect:
            raise SystemExit(f"{binary} answered {status}, not {expect}")
    durations = [(done - served) * 1000
                 for served, (done, _) in zip(state["served"], state["responses"])]
    return (state["first_next"] - started) * 1000, durations


def init_ms(binary, extra=None):
    """Median milliseconds from spawn to the first `next`, over RUNS starts."""
    env = {**ENV, "SSL_CERT_FILE": CA_BUNDLE, "KITH_WARM_UP": "off", **(extra or {})}
    return statistics.median(start(binary, env, [])[0] for _ in range(RUNS))


def first_requests(binary, warm_up):
    """Medians over RUNS cold starts of `binary` serving two get-post events
    against the TLS table: (init ms, first request ms, second request ms)."""
    with tempfile.TemporaryDirectory() as directory:
        ca, cert, key = certificates(directory)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
        table = serve(Table, tls=tls)
        env = {**ENV, "SSL_CERT_FILE": str(ca), "KITH_WARM_UP": warm_up,
               "AWS_ENDPOINT_URL": f"https://localhost:{table.server_address[1]}"}
        samples = [start(binary, env, [GET_POST, GET_POST], expect=404)
                   for _ in range(RUNS)]
        table.shutdown()
    inits = [init for init, _ in samples]
    firsts = [durations[0] for _, durations in samples]
    seconds = [durations[1] for _, durations in samples]
    return tuple(statistics.median(s) for s in (inits, firsts, seconds))


def main():
    """scripts/bench-cold-start: init of hello, a read route, a write route and
    an event handler, then get-post's first request with and without the
    warm-up, all built with the release profile for this machine."""
    out = ROOT / "target" / "release"
    functions = ["get-post", "create-post", "fanout-post"]
    subprocess.run(["cargo", "build", "--release", "-p", "kith-functions", "--example=hello"]
                   + [f"--bin={name}" for name in functions], cwd=ROOT, check=True)
    hello = init_ms(out / "examples" / "hello")
    print("| binary | init (median of %d starts) | x hello |" % RUNS)
    print("|---|---:|---:|")
    print(f"| hello | {hello:.1f} ms | 1.00x |")
    for name in functions:
        init = init_ms(out / name)
        print(f"| {name} | {init:.1f} ms | {init / hello:.2f}x |", flush=True)
    # An endpoint override (of a service get-post never calls) makes the
    # binary trust the system's roots, as the SDK's default client does.
    system = init_ms(out / "get-post", {"AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://unused"})
    print(f"| get-post trusting the system's {CA_BUNDLE} | {system:.1f} ms | "
          f"{system / hello:.2f}x |", flush=True)
    print()
    print("| get-post, DynamoDB over local TLS | init | first request | second request |")
    print("|---|---:|---:|---:|")
    for warm_up in ("off", "on"):
        init, first, second = first_requests(out / "get-post", warm_up)
        print(f"| KITH_WARM_UP={warm_up} | {init:.1f} ms | {first:.2f} ms | {second:.2f} ms |",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
