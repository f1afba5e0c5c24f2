"""A web function on the standard library only: echoes what it received, and can hold a request, stream a response
(an event stream, a chunked body) or answer a WebSocket."""
import base64
import hashlib
import json
import os
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

print("python web function starting", flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Function", "python")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length) if length > 0 else b""
        self.answer(200, {"received": len(data), "sha256": hashlib.sha256(data).hexdigest(), "path": self.path, "pid": os.getpid()})

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def websocket(self):
        # the handshake, one text frame from the client echoed with the platform header the function saw, then close
        accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                               .encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        first, second = self.rfile.read(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", self.rfile.read(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", self.rfile.read(8))[0]
        mask = self.rfile.read(4) if second & 0x80 else b"\0\0\0\0"
        text = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length))).decode()
        reply = json.dumps({"echo": text, "name": self.headers.get("X-Scf-Name")}).encode()
        header = bytes([0x81, len(reply)]) if len(reply) < 126 else bytes([0x81, 126]) + struct.pack(">H", len(reply))
        self.wfile.write(header + reply + bytes([0x88, 0]))
        self.wfile.flush()
        self.close_connection = True

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self.websocket()
            return
        if "sse" in query:
            # ?sse=N&gap_ms=M: N events, M ms apart, each with the time it was written
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for n in range(int(query["sse"][0])):
                if n:
                    time.sleep(int(query.get("gap_ms", ["0"])[0]) / 1000.0)
                self.chunk(("data: " + json.dumps({"n": n, "at": int(time.time() * 1000)}) + "\n\n").encode())
            self.wfile.write(b"0\r\n\r\n")
            return
        if "chunked_bytes" in query:
            left = int(query["chunked_bytes"][0])
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while left > 0:
                    self.chunk(b"x" * min(left, 65536))
                    left -= 65536
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            return
        if "sleep_ms" in query:
            time.sleep(int(query["sleep_ms"][0]) / 1000.0)
        if "allocate_mb" in query:
            hog = bytearray(int(query["allocate_mb"][0]) * 1024 * 1024)
            for i in range(0, len(hog), 4096):
                hog[i] = 1
        if "exit" in query:
            os._exit(int(query["exit"][0]))
        if "stop_listening" in query:
            # answer, hang up, and stop accepting connections while the process lives on: to the platform the
            # instance looks alive, to whoever connects it refuses
            self.answer(200, {"pid": os.getpid(), "listening": False})
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
            self.server.socket.close()
            time.sleep(3600)
        if "bytes" in query:
            body = b"x" * int(query["bytes"][0])
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        print("python handled " + self.path + " request " + str(self.headers.get("X-Scf-Request-Id")), flush=True)
        headers = {}
        for name in self.headers.keys():
            headers.setdefault(name.lower(), self.headers.get_all(name))
        status = int(query["status"][0]) if "status" in query else 200
        self.answer(status, {"path": self.path, "headers": headers, "pid": os.getpid(),
                             "env": {k: os.environ.get(k) for k in ("GREETING", "SCF_FUNCTIONNAME", "SCF_NAMESPACE", "PORT")}})

    def log_message(self, *args):
        pass


# THREADED: a thread a connection, for functions that serve several requests at once (MaxConcurrency over 1)
server = (ThreadingHTTPServer if os.environ.get("THREADED") else HTTPServer)(("0.0.0.0", int(os.environ["PORT"])), Handler)
try:
    server.serve_forever()
except (OSError, ValueError):
    time.sleep(3600)  # its listening socket closed (stop_listening): the process lives on, refusing connections
