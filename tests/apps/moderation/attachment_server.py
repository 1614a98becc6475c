"""A real HTTPS server (and a plain HTTP one) on localhost for the attachment fetcher's tests: its own certificate
authority made here, so the fetcher checks a real certificate, and routes that misbehave in the ways a fetch can.

Routes: /photo.jpg (two drawn faces), /plain.png, /notes.txt (not an image), /missing (404), /big-declared
(declares a length over any limit), /big-streamed (no length, streams past the limit), /slow (answers after
`SLOW` seconds), /drip (one byte every 0.2 s), /to-photo (302 to /photo.jpg), /away (302 off the allow-list),
/loop (302 to itself). Every request's path is recorded in `requests`."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SLOW = 3.0
BIG = 50_000_000


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def certificates(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for localhost and 127.0.0.1, written into `folder`."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("CivicGuard test CA")).issuer_name(_name("CivicGuard test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("localhost")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@dataclass
class Server:
    host: str
    port: int
    scheme: str
    requests: list[str] = field(default_factory=list)

    def url(self, path: str, host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"


def _handler(server: Server, files: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

        def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            server.requests.append(self.path)
            path = self.path.split("?", 1)[0]
            if path in files:
                self._send(200, files[path], **{"Content-Type": "image/jpeg"})
            elif path == "/notes.txt":
                self._send(200, b"<html>not a picture</html>", **{"Content-Type": "image/jpeg"})
            elif path == "/big-declared":
                self.send_response(200)
                self.send_header("Content-Length", str(BIG))
                self.end_headers()
                self.wfile.write(b"\xff\xd8" + bytes(1000))
            elif path == "/big-streamed":
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(BIG // 65536):
                        self.wfile.write(bytes(65536))
                except OSError:
                    pass
            elif path == "/slow":
                time.sleep(SLOW)
                self._send(200, files["/photo.jpg"])
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Length", "100")
                self.end_headers()
                try:
                    for _ in range(100):
                        self.wfile.write(b"\x00")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
            elif path == "/to-photo":
                self._send(302, Location="/photo.jpg")
            elif path == "/away":
                self._send(302, Location="https://elsewhere.example/photo.jpg")
            elif path == "/loop":
                self._send(302, Location="/loop")
            else:
                self._send(404, b"no such file")

    return Handler


def start(folder: Path, files: dict[str, bytes], *, tls: bool) -> tuple[Server, ThreadingHTTPServer, Path | None]:
    """A server on 127.0.0.1 (a free port) in a thread; with `tls`, HTTPS with a certificate from a CA whose file
    is returned (give it to the fetcher as CIVICGUARD_ATTACHMENT_CA_FILE)."""
    record = Server("localhost", 0, "https" if tls else "http")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(record, files))
    httpd.daemon_threads = True
    ca_file = None
    if tls:
        ca_file, cert, key = certificates(folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    record.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return record, httpd, ca_file
