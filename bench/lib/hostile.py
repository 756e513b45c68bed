#!/usr/bin/env python3
"""One hostile client for bench/hostile.sh: until killed, sends the worst inputs of issue 15 to the
gateway one after another over its own connections (a 300,000-id model list, a 2 MB model id, a
2 MB preset name, a 1 MB management body, a 5 MB body with no credentials), while holding SILENT
connections open without a byte and TRICKLE connections sending a header byte every second.
Prints one line of counts when stopped (SIGTERM)."""
import json, os, signal, socket, sys, time

# First of all: a SIGTERM that came while the bodies below were still being built (seconds on a
# loaded machine) killed the client silently, and the "hostile" run measured a quiet gateway.
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)

host, port, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
SILENT = int(os.environ.get("HOSTILE_SILENT", "500"))
TRICKLE = int(os.environ.get("HOSTILE_TRICKLE", "20"))

def chat(model, extra=None):
    body = {"model": model, "messages": [{"role": "user", "content": "x"}]}
    body.update(extra or {})
    return json.dumps(body).encode()

BODIES = [
    ("models", "/api/v1/chat/completions", True, chat("openai/gpt-4.1-mini", {"models": [f"openai/m-{i}" for i in range(300_000)]})),
    ("long-id", "/api/v1/chat/completions", True, chat("openai/" + "a" * 2_000_000)),
    ("long-preset", "/api/v1/chat/completions", True, chat("@preset/" + "p" * 2_000_000)),
    ("big-management", "/api/v1/byok", True, json.dumps({"provider": "openai", "key": "sk-" + "k" * 1_000_000}).encode()),
    ("no-credentials", "/api/v1/chat/completions", False, chat("openai/gpt-4.1-mini", {"pad": "x" * 5_000_000})),
]

counts = {name: {} for name, *_ in BODIES}
held = {"silent": [], "trickle": []}

def send(path, auth, body):
    s = socket.create_connection((host, port), timeout=30)
    head = (f"POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
            + (f"authorization: Bearer {key}\r\n" if auth else "") + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
    try:
        s.sendall(head.encode())
        s.sendall(body)
    except OSError:
        pass  # refused before the whole body was sent: the status line says how
    try:
        answer = s.recv(64)
        return answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else "none"
    except OSError:
        return "reset"
    finally:
        s.close()

def top_up():
    for kind, want in (("silent", SILENT), ("trickle", TRICKLE)):
        alive = []
        for s in held[kind]:
            try:
                if kind == "trickle":
                    s.send(b"a")
                alive.append(s)
            except OSError:
                s.close()
        held[kind] = alive
        while len(held[kind]) < want:
            s = socket.create_connection((host, port))
            s.setblocking(False)
            if kind == "trickle":
                s.send(b"GET /health HTTP/1.1\r\nhost: x\r\nx-slow: ")
            held[kind].append(s)

top_up()
last_top_up = time.time()
# bench/hostile.sh starts the normal traffic only once this is written: the bodies built, the
# silent and trickling connections open.
print("ready", file=sys.stderr, flush=True)
while not stop:
    for name, path, auth, body in BODIES:
        if stop:
            break
        if time.time() - last_top_up > 1:
            top_up()
            last_top_up = time.time()
        status = send(path, auth, body)
        counts[name][status] = counts[name].get(status, 0) + 1
print("HOSTILE " + " ".join(f"{n}={','.join(f'{k}:{v}' for k, v in sorted(c.items()))}" for n, c in counts.items())
      + f" silent_held={len(held['silent'])} trickle_held={len(held['trickle'])}", flush=True)
