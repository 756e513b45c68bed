"""Time to first chunk of an SSE chat completion, over N sequential requests on one kept-alive
connection: from the request written to the first "data:" event in the de-chunked body. Prints
one RESULT line (microseconds) for bench/run.sh.

usage: ttft.py PORT PATH BODY_FILE AUTH RUNS
"""
import socket
import sys
import time


class ChunkedBody:
    """Decodes an HTTP/1.1 response with a chunked body as bytes arrive (proxies re-chunk SSE
    at arbitrary places, so events must be counted in the decoded body, not on the wire)."""

    def __init__(self):
        self.raw = b""
        self.head = None
        self.body = bytearray()
        self.done = False

    def feed(self, data):
        self.raw += data
        if self.head is None:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            self.head, self.raw = self.raw[:end], self.raw[end + 4:]
            if b"chunked" not in self.head.lower():
                raise SystemExit("expected a chunked answer, got: " + self.head.decode(errors="replace")[:200])
        while not self.done:
            line_end = self.raw.find(b"\r\n")
            if line_end < 0:
                return
            size = int(self.raw[:line_end].split(b";")[0], 16)
            if len(self.raw) < line_end + 2 + size + 2:
                return
            self.body += self.raw[line_end + 2:line_end + 2 + size]
            self.raw = self.raw[line_end + 2 + size + 2:]
            if size == 0:
                self.done = True


def main():
    port, path, body_file, auth, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    body = open(body_file, "rb").read()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {auth}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    request = head + body
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    firsts, totals, events = [], [], []
    for _ in range(runs):
        start = time.perf_counter_ns()
        sock.sendall(request)
        answer = ChunkedBody()
        first = None
        while not answer.done:
            data = sock.recv(65536)
            if not data:
                raise SystemExit("connection closed mid-stream")
            answer.feed(data)
            if first is None and b"data:" in answer.body:
                first = time.perf_counter_ns()
        end = time.perf_counter_ns()
        if not answer.head.startswith(b"HTTP/1.1 200"):
            raise SystemExit("non-200 answer: " + answer.head.decode(errors="replace")[:200])
        events.append(answer.body.count(b"data:"))
        firsts.append((first - start) / 1000)
        totals.append((end - start) / 1000)
    sock.close()
    if min(events) != max(events):
        raise SystemExit(f"streams carried different numbers of events: {min(events)}..{max(events)}")

    def pct(values, p):
        s = sorted(values)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]

    print(f"RESULT runs={runs} events={events[0]} ttfc_p50={pct(firsts, 50):.0f} ttfc_p90={pct(firsts, 90):.0f} "
          f"ttfc_p99={pct(firsts, 99):.0f} total_p50={pct(totals, 50):.0f}")


if __name__ == "__main__":
    main()
