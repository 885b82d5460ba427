#!/usr/bin/env python3
"""Load and durability run of `gridtwin serve` on loopback, on demand (not in CI's test suite).

Starts the release build's `gridtwin serve` for a scenario on 127.0.0.1 (a free port, a temporary history file and
token), feeds it with `gridtwin replay --speed max` for a bounded number of steps, reads /metrics, then kills the
server with SIGKILL, restarts it on the same history and checks that the last acknowledged frame's estimate is served
at once. Prints one JSON document of figures.

    python3 tools/serve_load.py [--scenario grids/example/wind-north.yaml] [--steps 300] [--noise 1] [--bad-data 0.001]
"""
import argparse, json, os, re, signal, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "gridtwin")


def start(scenario, db, tokens):
    process = subprocess.Popen([BINARY, "serve", scenario, "--listen", "127.0.0.1:0", "--db", db, "--tokens", tokens],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            return process, int(match.group(1))
    process.kill()
    sys.exit("the server did not start")


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read().decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=os.path.join(ROOT, "grids/example/wind-north.yaml"))
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--noise", default="1")
    parser.add_argument("--bad-data", default="0.001")
    args = parser.parse_args()
    if not (1 <= args.steps <= 100_000):
        sys.exit("--steps must lie in 1...100000")
    with tempfile.TemporaryDirectory() as folder:
        db, tokens, client = os.path.join(folder, "twin.sqlite"), os.path.join(folder, "tokens"), os.path.join(folder, "load.token")
        made = subprocess.run([BINARY, "token", "--scope", "ingest", "--name", "load", "--out", client],
                              capture_output=True, text=True, check=True)
        with open(tokens, "w") as f:
            f.write(made.stdout)
        server, port = start(args.scenario, db, tokens)
        clock = time.time()
        replay = subprocess.run([BINARY, "replay", args.scenario, "--to", f"http://127.0.0.1:{port}", "--token-file", client,
                                 "--steps", str(args.steps), "--speed", "max", "--noise", args.noise, "--bad-data", args.bad_data],
                                capture_output=True, text=True)
        seconds = time.time() - clock
        if replay.returncode != 0:
            server.kill()
            sys.exit(f"replay failed: {replay.stderr.strip()}")
        time.sleep(1)
        metrics = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(gridtwin_[a-z_]+(?:\{[^}]*\})?) ([0-9.e+-]+)$", get(port, "/metrics"), re.M)}
        state = json.loads(get(port, "/v1/state"))
        server.send_signal(signal.SIGKILL)
        server.wait()
        clock = time.time()
        restarted, port = start(args.scenario, db, tokens)
        after = json.loads(get(port, "/v1/state"))
        restart_seconds = time.time() - clock
        restarted.terminate()
        restarted.wait(timeout=60)
        frames = metrics.get("gridtwin_frames_total", 0)
        estimates = metrics.get("gridtwin_estimates_total", 0)
        print(json.dumps({
            "scenario": os.path.relpath(args.scenario, ROOT), "steps": args.steps, "replay_seconds": round(seconds, 2),
            "frames_per_second": round(frames / seconds, 1), "samples_accepted": metrics.get("gridtwin_samples_accepted_total"),
            "samples_rejected": metrics.get("gridtwin_samples_rejected_total"), "estimates": estimates,
            "frames_coalesced": metrics.get("gridtwin_frames_coalesced_total"),
            "mean_estimate_ms": round(1000 * metrics.get("gridtwin_estimate_seconds_sum", 0) / max(estimates, 1), 2),
            "bad_data_removed": metrics.get("gridtwin_bad_data_total"), "chi_square_alarms": metrics.get("gridtwin_chi_square_alarms_total"),
            "last_measured_at": state["measured_at"], "served_after_kill_9": after["measured_at"],
            "restart_to_state_seconds": round(restart_seconds, 2),
            "durable": after["measured_at"] == state["measured_at"],
        }, indent=1))


if __name__ == "__main__":
    main()
