#!/usr/bin/env python3
"""Latency, ingest and overload figures of `gridtwin serve` on loopback, on demand (not in CI's test suite).

Serves a case (default case2869pegase) with the release build on 127.0.0.1 (a free port, a temporary history and
tokens made by `gridtwin token`) and feeds it the case's full sensor set — |V| at every bus, P and Q at both ends of
every branch, from its own power flow, with Gaussian noise — as JSON frames over HTTP:

1. latency: FRAMES_PER_SECOND (2) frames a second for --latency-seconds; for each frame, the time from the start of its
   POST until `WS /v1/stream` publishes an estimate measured at or after it (p50, p99, max);
2. ingest: --writers concurrent writers posting frames back to back for --ingest-seconds: accepted samples a second;
3. overload: --overload times the latency rate for --overload-minutes: the server's resident memory sampled every 5 s
   (first minute against last), frames coalesced (from /metrics), HTTP errors;
4. restart: kill -9, start again on the same history: seconds until it listens and until it serves the last estimate.

Bounded: loopback only, every phase limited in time, at most 64 writers. Prints one JSON document of figures.

    python3 tools/serve_latency.py [--case Tests/Fixtures/cases/case2869pegase.m] [--latency-seconds 60]
        [--ingest-seconds 20] [--overload 10] [--overload-minutes 10]
"""
import argparse, base64, json, os, random, re, socket, struct, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "gridtwin")
FRAMES_PER_SECOND = 2


def start(case, db, tokens):
    process = subprocess.Popen([BINARY, "serve", case, "--listen", "127.0.0.1:0", "--db", db, "--tokens", tokens,
                                "--retention-days", "0.002"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"gridtwin serve: listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()  # keep draining
            return process, int(match.group(1))
    process.kill()
    sys.exit("the server did not start")


def frame_template(case):
    """The case's solved state as a list of (kind, element, side, value p.u., sigma)."""
    solved = json.loads(subprocess.run([BINARY, "solve", case, "--format", "json"], capture_output=True, text=True,
                                       check=True).stdout)
    base = 100.0
    sensors = [("vm", bus["id"], None, bus["vm_pu"], 0.004) for bus in solved["buses"]]
    for branch in solved["branches"]:
        if not branch["in_service"]:
            continue
        for side in ("from", "to"):
            sensors.append(("p_flow", branch["index"], side, branch[f"p_{side}_mw"] / base, 0.01))
            sensors.append(("q_flow", branch["index"], side, branch[f"q_{side}_mvar"] / base, 0.01))
    return sensors


def frame_body(sensors, measured_at, rng):
    samples = []
    for kind, element, side, value, sigma in sensors:
        sensor = {"kind": kind, "element": element}
        if side:
            sensor["side"] = side
        samples.append({"sensor": sensor, "value": value + rng.gauss(0, sigma), "sigma": sigma, "time": measured_at})
    return json.dumps({"samples": samples}).encode()


def post(port, body, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/measurements", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def get(port, path, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


class Stream:
    """A minimal WebSocket reader of WS /v1/stream: the measured_at of every event, with the time it arrived."""

    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall((f"GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.socket.recv(65536)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            sys.exit(f"no stream: {head[:200]!r}")
        self.events = []
        threading.Thread(target=self.read, daemon=True).start()

    def take(self, count):
        while len(self.buffer) < count:
            chunk = self.socket.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read(self):
        message = b""
        try:
            while True:
                first, second = self.take(2)
                length = second & 0x7F
                if length == 126:
                    length = struct.unpack(">H", self.take(2))[0]
                elif length == 127:
                    length = struct.unpack(">Q", self.take(8))[0]
                payload = self.take(length)
                message += payload
                if first & 0x80:
                    if first & 0x0F in (1, 0):
                        arrived = time.time()
                        match = re.search(rb'"measured_at"\s*:\s*([0-9.e+]+)', message)
                        if match:
                            self.events.append((float(match.group(1)), arrived))
                    message = b""
        except (EOFError, OSError):
            return


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else None


def resident_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default=os.path.join(ROOT, "Tests/Fixtures/cases/case2869pegase.m"))
    parser.add_argument("--latency-seconds", type=float, default=60)
    parser.add_argument("--ingest-seconds", type=float, default=20)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--overload", type=float, default=10)
    parser.add_argument("--overload-minutes", type=float, default=10)
    args = parser.parse_args()
    if not (0 < args.latency_seconds <= 3600 and 0 <= args.ingest_seconds <= 600 and 1 <= args.writers <= 64
            and 0 <= args.overload <= 50 and 0 <= args.overload_minutes <= 60):
        sys.exit("bounds: latency ≤ 3600 s, ingest ≤ 600 s, 1-64 writers, overload ≤ 50x for ≤ 60 minutes")
    rng = random.Random(7)
    sensors = frame_template(args.case)
    figures = {"case": os.path.basename(args.case), "samples_per_frame": len(sensors)}
    with tempfile.TemporaryDirectory() as folder:
        tokens = os.path.join(folder, "tokens")
        lines = []
        for scope in ("ingest", "read"):
            made = subprocess.run([BINARY, "token", "--scope", scope, "--name", scope, "--out", os.path.join(folder, scope)],
                                  capture_output=True, text=True, check=True)
            lines.append(made.stdout)
        with open(tokens, "w") as f:
            f.write("".join(lines))
        ingest, read = (open(os.path.join(folder, s)).read().strip() for s in ("ingest", "read"))
        server, port = start(args.case, os.path.join(folder, "twin.sqlite"), tokens)
        stream = Stream(port)
        bodies = [frame_body(sensors, 0, rng) for _ in range(4)]  # noise patterns, re-stamped below

        def stamped(i, measured_at):
            return bodies[i % len(bodies)].replace(b'"time": 0', f'"time": {measured_at:.3f}'.encode())

        # 1. Latency at the nominal rate.
        sent = []
        clock = time.time()
        i = 0
        while time.time() - clock < args.latency_seconds:
            target = clock + i / FRAMES_PER_SECOND
            time.sleep(max(0, target - time.time()))
            measured_at = round(time.time(), 3)
            begun = time.time()
            post(port, stamped(i, measured_at), ingest)
            sent.append((measured_at, begun))
            i += 1
        time.sleep(2)
        events = list(stream.events)
        latencies = []
        for measured_at, begun in sent:
            published = [arrived for at, arrived in events if at >= measured_at - 1e-6]
            if published:
                latencies.append((min(published) - begun) * 1000)
        figures["latency"] = {"frames": len(sent), "published_for": len(latencies), "p50_ms": percentile(latencies, 50),
                              "p99_ms": percentile(latencies, 99), "max_ms": max(latencies) if latencies else None,
                              "estimates": len(events)}

        # 2. Ingest throughput.
        accepted = [0] * args.writers
        errors = [0]
        deadline = time.time() + args.ingest_seconds

        def writer(w):
            n = 0
            while time.time() < deadline:
                try:
                    accepted[w] += post(port, stamped(n, round(time.time(), 3)), ingest)["accepted"]
                except Exception:
                    errors[0] += 1
                n += 1

        clock = time.time()
        threads = [threading.Thread(target=writer, args=(w,)) for w in range(args.writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.time() - clock
        figures["ingest"] = {"writers": args.writers, "seconds": round(seconds, 1), "samples_per_second": round(sum(accepted) / seconds),
                             "errors": errors[0]}

        # 3. Overload: OVERLOAD_WRITERS threads share the rate (one POST takes longer than 1/rate).
        if args.overload > 0 and args.overload_minutes > 0:
            rate = FRAMES_PER_SECOND * args.overload
            writers = 8
            memory, counts = [], {"posted": 0, "failures": 0}
            lock = threading.Lock()
            coalesced_before = re.search(r"^gridtwin_frames_coalesced_total (\S+)$", get(port, "/metrics", read), re.M)
            clock = time.time()
            end = clock + args.overload_minutes * 60

            def overload_writer(w):
                n = w
                while True:
                    target = clock + n / rate
                    if target >= end or time.time() >= end:
                        return
                    time.sleep(max(0, target - time.time()))
                    try:
                        post(port, stamped(n, round(time.time(), 3)), ingest)
                        with lock:
                            counts["posted"] += 1
                    except Exception:
                        with lock:
                            counts["failures"] += 1
                    n += writers

            threads = [threading.Thread(target=overload_writer, args=(w,)) for w in range(writers)]
            for t in threads:
                t.start()
            while any(t.is_alive() for t in threads):
                memory.append((time.time() - clock, resident_mb(server.pid)))
                time.sleep(5)
            seconds = time.time() - clock
            coalesced_after = re.search(r"^gridtwin_frames_coalesced_total (\S+)$", get(port, "/metrics", read), re.M)
            first = [m for t, m in memory if t < 60] or [memory[0][1]]
            last = [m for t, m in memory if t > seconds - 60] or [memory[-1][1]]
            figures["overload"] = {
                "times_nominal": args.overload, "minutes": round(seconds / 60, 1), "frames_offered": int(rate * args.overload_minutes * 60),
                "frames_posted": counts["posted"],
                "frames_per_second": round(counts["posted"] / seconds, 1), "failures": counts["failures"],
                "coalesced": (float(coalesced_after.group(1)) - float(coalesced_before.group(1)))
                if coalesced_before and coalesced_after else None,
                "resident_mb_first_minute": round(sum(first) / len(first), 1),
                "resident_mb_last_minute": round(sum(last) / len(last), 1),
                "resident_mb_max": round(max(m for _, m in memory), 1),
                "resident_mb_by_minute": [round(sum(ms) / len(ms), 1) for ms in
                                          ([m for t, m in memory if k * 60 <= t < (k + 1) * 60] for k in range(int(seconds // 60) + 1)) if ms]}
        # 4. Restart: kill -9, start again on the same history; how soon the last estimate is served.
        last = json.loads(get(port, "/v1/state", read))["measured_at"]
        frames_stored = re.search(r"^gridtwin_frames_total (\S+)$", get(port, "/metrics", read), re.M)
        server.kill()
        server.wait()
        begun = time.time()
        server, port = start(args.case, os.path.join(folder, "twin.sqlite"), tokens)
        listening = time.time() - begun
        served = None
        while served is None and time.time() - begun < 120:
            try:
                if json.loads(get(port, "/v1/state", read))["measured_at"] == last:
                    served = time.time() - begun
            except Exception:
                time.sleep(0.01)
        figures["restart"] = {"frames_accepted_before": float(frames_stored.group(1)) if frames_stored else None,
                              "listening_s": round(listening, 2), "last_estimate_served_s": round(served, 2) if served else None}
        server.kill()
        server.wait()
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
