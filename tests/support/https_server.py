"""TEST INFRASTRUCTURE: a local HTTPS (and plain HTTP) server for download fault tests.

It listens on 127.0.0.1 only, on a port the OS picks, and serves nothing but what a test puts
into it (routes added with :meth:`Server.add` and friends, and the files under the ``root``
folder given to :func:`serve_https` / :func:`serve_http`). It never listens on any other
address and never talks to the internet: it exists so the bootstrap's download of the pinned
micromamba binary (curl or wget, HTTPS only, sha256 checked) can be tested without a network.

TLS: a self-signed test CA and a server certificate for ``127.0.0.1`` and ``localhost``
(subjectAltName ``IP:127.0.0.1, DNS:localhost``) are made once per process with the ``openssl``
command line, in a temporary folder removed at exit. Clients trust them with
``curl --cacert server.ca_file`` or through :meth:`Server.client_env`.

    with serve_https(tmp_path) as server:
        url = server.add("/micromamba", data)                # 200 with the bytes
        server.add("/cut", data, mode="truncate")            # Content-Length > bytes sent
        server.add("/slow", data, mode="slow", interval=0.05)
        server.add("/reset", b"", mode="reset")              # TCP reset, no response
        server.redirect("/latest", "/micromamba")            # 302
        server.error("/boom")                                # 500
        server.html("/portal")                               # an HTML page with 200
        ...
        assert server.requests == ["/micromamba", ...]

Every connection serves exactly one request (``Connection: close``), handlers time out, slow
bodies are bounded in time, and leaving the ``with`` block stops the server and cuts open
connections.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import secrets
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import TCPServer
from urllib.parse import unquote, urlsplit

from tests.support.shells import HANG_SECONDS

__all__ = ["MODES", "Request", "Route", "Server", "TlsFiles", "serve_http", "serve_https",
           "tls_files"]

HOST = "127.0.0.1"  # the only address this module ever binds
MODES = ("normal", "truncate", "slow", "reset", "close")

_HANDLER_TIMEOUT = 10.0  # seconds a connection may sit idle (handshake, request, sending)
_SLOW_LIMIT = 30.0  # seconds a "slow" body may take at most before the server gives up
_STOP_JOIN = 5.0  # seconds to wait for threads when the server stops


# ------------------------------------------------------------------------------------------
# Certificates (openssl command line, once per process)
# ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TlsFiles:
    ca_file: Path  # the test CA's certificate (PEM): what clients trust
    cert_file: Path  # server certificate (PEM), for 127.0.0.1 and localhost
    key_file: Path  # server private key (PEM)


_TLS_LOCK = threading.Lock()
_TLS: TlsFiles | None = None

_CA_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = envstrap TEST CA (127.0.0.1 only)
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""

_SERVER_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = 127.0.0.1
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def tls_files() -> TlsFiles:
    """The test CA and server certificate, generated on first use and cached for the process.

    Works with OpenSSL 3 (Debian 12) and 1.1.1; uses only its own config files, so the system's
    openssl.cnf does not matter. The certificates satisfy Python's VERIFY_X509_STRICT too.
    """
    global _TLS
    with _TLS_LOCK:
        if _TLS is not None and _TLS.ca_file.exists():
            return _TLS
        openssl = _require("openssl")
        folder = Path(tempfile.mkdtemp(prefix="envstrap-test-tls-"))
        atexit.register(shutil.rmtree, folder, True)
        (folder / "ca.cnf").write_text(_CA_CONFIG, encoding="utf-8")
        (folder / "server.cnf").write_text(_SERVER_CONFIG, encoding="utf-8")
        ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
        steps = [
            ["genpkey", *ec, "-out", "ca.key"],
            ["req", "-x509", "-new", "-config", "ca.cnf", "-extensions", "v3_ca",
             "-key", "ca.key", "-sha256", "-days", "3650",
             "-set_serial", str(secrets.randbits(62) + 1), "-out", "ca.pem"],
            ["genpkey", *ec, "-out", "server.key"],
            ["req", "-new", "-config", "server.cnf", "-key", "server.key", "-out", "server.csr"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-set_serial", str(secrets.randbits(62) + 1), "-sha256", "-days", "825",
             "-extfile", "server.cnf", "-extensions", "v3_server", "-out", "server.pem"],
        ]
        env = {k: v for k, v in os.environ.items() if k not in ("OPENSSL_CONF", "RANDFILE")}
        for step in steps:
            result = subprocess.run([openssl, *step], cwd=folder, env=env, capture_output=True,
                                    text=True, timeout=HANG_SECONDS)
            if result.returncode != 0:
                raise RuntimeError(f"openssl {' '.join(step)} failed ({result.returncode}):\n"
                                   f"{result.stdout}{result.stderr}")
        _TLS = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")
        return _TLS


def _require(tool: str) -> str:
    """shells.require when running under pytest (skip locally, fail under CI)."""
    found = shutil.which(tool)
    if found:
        return found
    from tests.support.shells import require

    return require(tool)


# ------------------------------------------------------------------------------------------
# Routes and the request log
# ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    mode: str = "normal"
    interval: float = 0.5  # "slow": seconds between chunks
    chunk: int = 1  # "slow": bytes per chunk
    truncate_at: int | None = None  # "truncate": bytes actually sent (default: half the body)


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str  # as sent, query string included
    headers: dict[str, str]


class Server:
    """A running local server; made by :func:`serve_https` or :func:`serve_http`."""

    def __init__(self, root: Path | None, tls: TlsFiles | None) -> None:
        self.root = Path(root).resolve() if root is not None else None
        self.tls = tls
        self.ca_file: Path | None = tls.ca_file if tls else None
        self.requests: list[str] = []  # every request path, in arrival order
        self.request_log: list[Request] = []  # the same, with method and headers
        self.errors: list[str] = []  # handshake failures, handler exceptions
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._connections = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self._context: ssl.SSLContext | None = None
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(str(tls.cert_file), str(tls.key_file))
            self._context = context
        self._httpd = _HTTPServer(self)
        host, port = self._httpd.server_address[:2]
        if host != HOST:  # pragma: no cover - a guard, not a behaviour
            raise AssertionError(f"test server bound to {host}, not {HOST}")
        self.port: int = port
        self.scheme = "https" if tls else "http"
        self.url = f"{self.scheme}://{HOST}:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"test-{self.scheme}-server", daemon=True)

    # -- configuration -------------------------------------------------------------------

    def url_for(self, path: str, host: str = HOST) -> str:
        """Full URL of `path` (host may be "localhost", also in the certificate)."""
        return f"{self.scheme}://{host}:{self.port}{_slash(path)}"

    def add(self, path: str, body: bytes, status: int = 200,
            headers: Mapping[str, str] | None = None, mode: str = "normal", *,
            interval: float = 0.5, chunk: int = 1, truncate_at: int | None = None) -> str:
        """Serve `body` at `path` (exact match, query string ignored); returns its URL.

        Modes:
          normal    status, headers, Content-Length and the body.
          truncate  Content-Length says len(body) but only body[:truncate_at] (default: half)
                    is sent, then the connection is closed cleanly (TLS close_notify + FIN):
                    curl exits 18 (partial file).
          slow      headers at once, then `chunk` bytes every `interval` seconds; gives up
                    (closes, so the body is short) after 30 s or when the server stops.
          reset     reads the request, then aborts the connection with a TCP RST, no
                    response at all: curl exits 56 (or 35).
          close     reads the request, then closes cleanly without a response: curl exits 52.
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        if not isinstance(body, bytes):
            raise TypeError("body must be bytes")
        if mode == "truncate":
            sent = len(body) // 2 if truncate_at is None else truncate_at
            if not 0 <= sent < len(body):
                raise ValueError("truncate needs 0 <= truncate_at < len(body)")
        if interval < 0 or chunk < 1:
            raise ValueError("interval must be >= 0 and chunk >= 1")
        route = Route(body=body, status=status, headers=dict(headers or {}), mode=mode,
                      interval=interval, chunk=chunk, truncate_at=truncate_at)
        with self._lock:
            self._routes[_slash(path)] = route
        return self.url_for(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Answer `path` with `status` and ``Location: to`` (a path or a full URL)."""
        return self.add(path, b"", status=status, headers={"Location": to})

    def error(self, path: str, status: int = 500,
              body: bytes = b"Internal Server Error\n") -> str:
        """Answer `path` with an error status (500 unless told)."""
        return self.add(path, body, status=status, headers={"Content-Type": "text/plain"})

    def html(self, path: str, body: bytes | None = None) -> str:
        """Answer `path` with 200 and an HTML page (a captive portal, an error page served
        as success): what a download must not take for a binary."""
        page = body if body is not None else (
            b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
            b"<body><p>Please sign in to continue.</p></body></html>\n")
        return self.add(path, page, headers={"Content-Type": "text/html; charset=utf-8"})

    def remove(self, path: str) -> None:
        with self._lock:
            self._routes.pop(_slash(path), None)

    # -- observation ---------------------------------------------------------------------

    @property
    def connections(self) -> int:
        """TCP connections accepted so far (including failed TLS handshakes)."""
        with self._lock:
            return self._connections

    def count(self, path: str) -> int:
        """How many requests asked for `path` (query string ignored)."""
        with self._lock:
            return sum(1 for p in self.requests if urlsplit(p).path == _slash(path))

    def clear(self) -> None:
        """Forget recorded requests, errors and the connection count (routes stay)."""
        with self._lock:
            self.requests.clear()
            self.request_log.clear()
            self.errors.clear()
            self._connections = 0

    def client_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """`base` (default os.environ) prepared for a client of this server: proxy variables
        removed; for HTTPS, curl (CURL_CA_BUNDLE), OpenSSL-based tools (SSL_CERT_FILE) and wget
        (WGETRC pointing at a wgetrc with ca_certificate) trust the test CA, so the product's
        own command lines need no test options."""
        env = {k: v for k, v in (os.environ if base is None else base).items()
               if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                                    "ftp_proxy")}
        if self.ca_file is not None:
            env["CURL_CA_BUNDLE"] = str(self.ca_file)
            env["SSL_CERT_FILE"] = str(self.ca_file)
            wgetrc = self.ca_file.parent / "wgetrc"
            if not wgetrc.exists():
                wgetrc.write_text(f"ca_certificate = {self.ca_file}\n", encoding="utf-8")
            env["WGETRC"] = str(wgetrc)
        return env

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Server:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(_STOP_JOIN)
        with self._lock:
            open_sockets = list(self._open)
            threads = list(self._threads)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + _STOP_JOIN
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- used by the handler -------------------------------------------------------------

    def _record(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        with self._lock:
            self.requests.append(path)
            self.request_log.append(Request(method, path, dict(headers)))

    def _lookup(self, path: str) -> Route | None:
        with self._lock:
            route = self._routes.get(path)
        if route is not None or self.root is None:
            return route
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate.is_file() and (candidate == self.root or self.root in candidate.parents):
            return Route(body=candidate.read_bytes())
        return None


def _slash(path: str) -> str:
    return path if path.startswith("/") else "/" + path


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = False

    def __init__(self, owner: Server) -> None:
        self.owner = owner
        super().__init__((HOST, 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn (a DNS lookup); not needed.
        TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]

    def process_request(self, request, client_address) -> None:
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), daemon=True)
        with self.owner._lock:
            self.owner._threads = [t for t in self.owner._threads if t.is_alive()]
            self.owner._threads.append(thread)
        thread.start()

    def finish_request(self, request, client_address) -> None:
        owner = self.owner
        with owner._lock:
            owner._connections += 1
        conn = request
        conn.settimeout(_HANDLER_TIMEOUT)
        with owner._lock:
            owner._open.add(conn)
        style = "orderly"
        try:
            if owner._context is not None:
                try:
                    conn = owner._context.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError) as error:
                    owner.errors.append(f"TLS handshake with {client_address}: {error}")
                    return
                with owner._lock:
                    owner._open.discard(request)
                    owner._open.add(conn)
            handler = self.RequestHandlerClass(conn, client_address, self)
            style = handler.close_style
        finally:
            with owner._lock:
                owner._open.discard(conn)
                owner._open.discard(request)
            _close(conn, style)

    def shutdown_request(self, request) -> None:
        with contextlib.suppress(OSError):
            request.close()

    def handle_error(self, request, client_address) -> None:
        import traceback

        self.owner.errors.append(f"{client_address}: {traceback.format_exc()}")


def _close(conn: socket.socket, style: str) -> None:
    """Close a connection: "orderly" (TLS close_notify, FIN) or "reset" (RST)."""
    with contextlib.suppress(OSError, ValueError):
        if style == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif isinstance(conn, ssl.SSLSocket):
            conn.settimeout(1.0)
            conn = conn.unwrap()  # sends close_notify; returns the plain socket
            conn.shutdown(socket.SHUT_WR)
        else:
            conn.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        conn.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "envstrap-test-server/1"
    sys_version = ""
    timeout = _HANDLER_TIMEOUT
    server: _HTTPServer
    close_style = "orderly"

    def log_message(self, format: str, *args: object) -> None:
        pass  # requests are recorded in Server.requests; keep pytest output clean

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        owner = self.server.owner
        self.close_connection = True  # one request per connection: request loops bounded
        owner._record(self.command, self.path, self.headers)
        route = owner._lookup(unquote(urlsplit(self.path).path))
        if route is None:
            route = Route(body=b"Not Found\n", status=404,
                          headers={"Content-Type": "text/plain"})
        try:
            if route.mode == "reset":
                self.close_style = "reset"
            elif route.mode == "close":
                pass
            else:
                self._respond(route, head, owner._stop)
        except OSError:  # the client went away (e.g. curl --max-time): nothing to do
            self.close_style = "reset"

    def _respond(self, route: Route, head: bool, stop: threading.Event) -> None:
        body = route.body
        self.send_response(route.status)
        headers = {k.lower(): v for k, v in route.headers.items()}
        if "content-type" not in headers:
            self.send_header("Content-Type", "application/octet-stream")
        for name, value in route.headers.items():
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        if route.mode == "truncate":
            sent = len(body) // 2 if route.truncate_at is None else route.truncate_at
            self.wfile.write(body[:sent])
        elif route.mode == "slow":
            deadline = time.monotonic() + _SLOW_LIMIT
            for start in range(0, len(body), route.chunk):
                if stop.is_set() or time.monotonic() > deadline:
                    break
                self.wfile.write(body[start:start + route.chunk])
                self.wfile.flush()
                if start + route.chunk < len(body) and stop.wait(route.interval):
                    break
        else:
            self.wfile.write(body)
        self.wfile.flush()


# ------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def serve_https(root: Path | None = None) -> Iterator[Server]:
    """Serve HTTPS on 127.0.0.1 (OS-chosen port) with the per-process test certificate:
    routes added to the returned Server first, then files under `root`, else 404."""
    server = Server(root, tls_files()).start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def serve_http(root: Path | None = None) -> Iterator[Server]:
    """The same on plain HTTP (its own port), e.g. to check that http:// URLs are refused."""
    server = Server(root, None).start()
    try:
        yield server
    finally:
        server.stop()
