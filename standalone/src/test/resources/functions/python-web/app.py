"""A web function on the standard library only: echoes what it received, and can hold a request."""
import json
import os
import socket
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
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
        received = len(self.rfile.read(length)) if length > 0 else 0
        self.answer(200, {"received": received})

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
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


HTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
