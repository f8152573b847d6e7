#!/usr/bin/env python3
"""Persistence benchmarks: real redis-server and Mnemo side by side.

For each server, in a fresh directory:
  1. load N session hashes (8 fields, ~500 bytes each) with redis-cli --pipe;
  2. BGSAVE: time until INFO says it finished, and the RDB's size;
  3. BGSAVE again while redis-benchmark rewrites random sessions (HSET) at a
     steady rate: the peak memory of server + snapshot child, sampled from
     /proc/PID/smaps_rollup (PSS, so pages the two share count once), and
     the child's peak private dirty memory (pages copied on write);
  4. restart on the saved file: time until PING answers PONG;
  5. SET throughput (redis-benchmark, 50 clients) with appendonly yes and
     appendfsync everysec, then always, each on an empty server.
Servers run on core 0 and clients on core 1 (taskset) when there are two cores.

  bench/persistence.py --candidate build/mnemo-server [--count 1000000]
"""
import argparse, os, random, shutil, signal, socket, subprocess, sys, tempfile, time

CACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "resp-scenarios")


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def generate_sessions(n, path):
    # Keys use redis-benchmark's __rand_int__ width (12 digits) so the write
    # load of step 3 rewrites existing sessions.
    rnd = random.Random(20261126)
    with open(path + ".tmp", "wb", buffering=1 << 20) as f:
        for i in range(n):
            f.write(resp("HSET", b"session:%012d" % i,
                         "user_id", str(rnd.randrange(10**9)),
                         "token", b"%064x" % rnd.getrandbits(256),
                         "csrf", b"%064x" % rnd.getrandbits(256),
                         "role", rnd.choice(["admin", "editor", "viewer"]),
                         "ip", "10.%d.%d.%d" % (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)),
                         "agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/%d.0" % rnd.randrange(90, 130),
                         "created", str(1700000000 + rnd.randrange(10**7)),
                         "prefs", b"%0110x" % rnd.getrandbits(440)))
    os.replace(path + ".tmp", path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PIN = os.cpu_count() and os.cpu_count() >= 2 and shutil.which("taskset")


def pinned(core, argv):
    return (["taskset", "-c", str(core)] + argv) if PIN else argv


def cli(port, *args, timeout=60):
    return subprocess.run(["redis-cli", "-p", str(port)] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout).stdout.strip()


def info(port, section):
    out = {}
    for line in cli(port, "info", section).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k] = v.strip()
    return out


def rollup(pid):
    """(Pss, Private_Dirty) in bytes, 0s if the process is gone."""
    pss = dirty = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Private_Dirty:"):
                    dirty = int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return pss, dirty


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []


class Server:
    def __init__(self, binary, workdir, extra=()):
        self.binary, self.workdir, self.extra = binary, workdir, list(extra)
        self.port = free_port()
        self.proc = None

    def start(self):
        argv = [self.binary, "--port", str(self.port), "--dir", self.workdir, "--dbfilename", "dump.rdb",
                "--save", "", "--logfile", os.path.join(self.workdir, "server.log")] + self.extra
        t0 = time.time()
        self.proc = subprocess.Popen(pinned(0, argv), cwd=self.workdir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.binary} exited early ({self.proc.returncode})")
            if cli(self.port, "ping") == "PONG":
                return time.time() - t0
            time.sleep(0.01)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def wait_bgsave(self, sample=None):
        while True:
            if sample:
                sample()
            if info(self.port, "persistence").get("rdb_bgsave_in_progress") == "0":
                return
            time.sleep(0.02)


def bench_server(binary, data, n, args):
    workdir = tempfile.mkdtemp(prefix="persist-bench-")
    res = {}
    s = Server(binary, workdir)
    try:
        s.start()
        with open(data, "rb") as f:
            subprocess.run(pinned(1, ["redis-cli", "-p", str(s.port), "--pipe"]), stdin=f,
                           capture_output=True, check=True)
        res["rss_loaded"] = rollup(s.proc.pid)[0]
        t0 = time.time()
        cli(s.port, "bgsave")
        s.wait_bgsave()
        res["bgsave_s"] = time.time() - t0
        res["bgsave_status"] = info(s.port, "persistence").get("rdb_last_bgsave_status")
        res["rdb_bytes"] = os.path.getsize(os.path.join(workdir, "dump.rdb"))

        # BGSAVE under a steady write load: peak PSS of server + child.
        load = subprocess.Popen(pinned(1, ["redis-benchmark", "-p", str(s.port), "-c", "20", "-n", "100000000",
                                           "-r", str(n), "-q", "hset", "session:__rand_int__", "role", "editor"]),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        peak = {"pss": 0, "child_dirty": 0}

        def sample():
            pss, _ = rollup(s.proc.pid)
            for c in children(s.proc.pid):
                cp, cd = rollup(c)
                pss += cp
                peak["child_dirty"] = max(peak["child_dirty"], cd)
            peak["pss"] = max(peak["pss"], pss)

        base_pss = rollup(s.proc.pid)[0]
        t0 = time.time()
        cli(s.port, "bgsave")
        s.wait_bgsave(sample)
        res["bgsave_loaded_s"] = time.time() - t0
        load.send_signal(signal.SIGINT)
        load.wait()
        res["pss_before"] = base_pss
        res["pss_peak"] = peak["pss"]
        res["child_dirty_peak"] = peak["child_dirty"]
        s.stop()

        # Start-up load of the file just written.
        s2 = Server(binary, workdir)
        res["startup_s"] = s2.start()
        res["keys_after_load"] = int(cli(s2.port, "dbsize"))
        s2.stop()

        # SET throughput with the AOF on.
        for policy in ("everysec", "always"):
            d = tempfile.mkdtemp(prefix="persist-aof-")
            s3 = Server(binary, d, ["--appendonly", "yes", "--appendfsync", policy])
            s3.start()
            out = subprocess.run(pinned(1, ["redis-benchmark", "-p", str(s3.port), "-c", "50", "-n",
                                            str(args.set_requests), "-r", "1000000", "-d", "32", "-t", "set",
                                            "--csv"]), capture_output=True, text=True).stdout
            rps = float(out.strip().splitlines()[-1].split(",")[1].strip('"'))
            res[f"set_{policy}_rps"] = rps
            s3.stop()
            shutil.rmtree(d, ignore_errors=True)
    finally:
        s.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidate", required=True)
    ap.add_argument("--reference", default=shutil.which("redis-server") or "redis-server")
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--set-requests", type=int, default=200_000)
    args = ap.parse_args()
    os.makedirs(CACHE, exist_ok=True)
    data = os.path.join(CACHE, f"sessions12-{args.count}.resp")
    if not os.path.exists(data):
        generate_sessions(args.count, data)
    ref = bench_server(args.reference, data, args.count, args)
    cand = bench_server(os.path.abspath(args.candidate), data, args.count, args)
    mb = lambda v: f"{v / 1048576:.1f} MB"
    rows = [("BGSAVE, idle (s)", "bgsave_s", "{:.2f}".format),
            ("RDB file size", "rdb_bytes", mb),
            ("BGSAVE under HSET load (s)", "bgsave_loaded_s", "{:.2f}".format),
            ("server PSS before BGSAVE", "pss_before", mb),
            ("peak PSS server+child during BGSAVE", "pss_peak", mb),
            ("peak child private dirty (copied)", "child_dirty_peak", mb),
            ("start-up load until PONG (s)", "startup_s", "{:.2f}".format),
            ("keys after load", "keys_after_load", str),
            ("SET rps, appendfsync everysec", "set_everysec_rps", "{:.0f}".format),
            ("SET rps, appendfsync always", "set_always_rps", "{:.0f}".format)]
    print(f"{'measure':<40}{'redis':>14}{'mnemo':>14}{'mnemo/redis':>13}")
    for label, key, fmt in rows:
        r, c = ref.get(key), cand.get(key)
        ratio = f"{c / r:.2f}" if isinstance(r, (int, float)) and r else "-"
        print(f"{label:<40}{fmt(r):>14}{fmt(c):>14}{ratio:>13}")
    print(f"bgsave status: redis {ref.get('bgsave_status')}, mnemo {cand.get('bgsave_status')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
