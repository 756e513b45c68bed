"""Time to first chunk of an SSE chat completion, over N sequential requests on one kept-alive
connection: from the last byte of the request written to the first byte of the first
"data:" event read. Prints one RESULT line (microseconds) for bench/run.sh.

usage: ttft.py PORT PATH BODY_FILE AUTH RUNS
"""
import socket
import sys
import time


def main():
    port, path, body_file, auth, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    body = open(body_file, "rb").read()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {auth}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    request = head + body
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    firsts, totals, events = [], [], 0
    for _ in range(runs):
        start = time.perf_counter_ns()
        sock.sendall(request)
        buf = b""
        first = None
        while True:
            data = sock.recv(65536)
            if not data:
                raise SystemExit("connection closed mid-stream")
            if first is None and b"data:" in buf + data:
                first = time.perf_counter_ns()
            buf += data
            # chunked body: the last chunk is 0-length; SSE data never contains CRLF 0 CRLF CRLF
            if buf.endswith(b"\r\n0\r\n\r\n"):
                break
        end = time.perf_counter_ns()
        if not buf.startswith(b"HTTP/1.1 200"):
            raise SystemExit("non-200 answer: " + buf[:200].decode(errors="replace"))
        events = buf.count(b"data:")
        firsts.append((first - start) / 1000)
        totals.append((end - start) / 1000)
    sock.close()

    def pct(values, p):
        s = sorted(values)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]

    print(f"RESULT runs={runs} events={events} ttfc_p50={pct(firsts, 50):.0f} ttfc_p90={pct(firsts, 90):.0f} "
          f"ttfc_p99={pct(firsts, 99):.0f} total_p50={pct(totals, 50):.0f}")


if __name__ == "__main__":
    main()
