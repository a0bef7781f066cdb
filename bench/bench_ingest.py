"""Benchmark: ingest through the tus upload endpoint of a real server, against hashing plus writing the file.

    .venv/bin/python bench/bench_ingest.py                 # 100 MiB and 1 GiB, PATCH chunks of 64 MiB
    .venv/bin/python bench/bench_ingest.py --chunk-mib 16 --large-mib 2048

Everything lives in a temporary directory (SQLite database, blob store, the test files), removed at the end.
A `zhifa runserver` subprocess serves on a free port of 127.0.0.1; a signed-in officer uploads each file
(POST, then PATCH chunks) and the time runs from the POST to the last 204, which comes only once the blob is
in place and the evidence and its ledger entry are committed.

Baseline, measured in the same run on the same file: `openssl dgst -sm3 FILE` followed by `cat FILE > copy`
(the two things ingest must do: SM3 is the ceiling, at roughly 300 MB/s, and the bytes must be written once).

Each measurement is taken --rounds times (the file's first bytes changed each round, so nothing is
deduplicated) and the best of each is compared: on a shared machine the best is the fairest estimate of the
work itself. The client sends each PATCH body with sendfile(2) and acknowledges responses at once
(TCP_QUICKACK, see below), so the figure is the server's ingest.

Targets: ingest throughput of the large file at least 60% of the baseline's; the server's peak RSS (VmHWM)
grows by less than 50 MiB from the small upload to the large one (memory does not follow the file size).
Prints PASS/FAIL for each and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from benchdb import tree_node
from targets import Targets

# The development server (wsgiref) writes a response's status line and headers in two segments: with Nagle's
# algorithm on its side and delayed ACKs on ours, every response would wait ~40 ms for our ACK. Acknowledging at
# once (Linux's TCP_QUICKACK, set again before each response) takes that artefact out of the figure.
QUICKACK = getattr(socket, "TCP_QUICKACK", None)
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MIB = 1 << 20


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--small-mib", type=int, default=100, help="the small file (default 100 MiB)")
    p.add_argument("--large-mib", type=int, default=1024, help="the large file (default 1024 MiB)")
    p.add_argument("--chunk-mib", type=int, default=64, help="PATCH size (default 64 MiB)")
    p.add_argument("--rounds", type=int, default=3, help="measurements of each, the best kept (default 3)")
    p.add_argument("--dir", help="where to put the temporary directory (default: the system's)")
    return p.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_file(path: Path, mib: int) -> None:
    block = os.urandom(MIB)
    with open(path, "wb") as f:
        for i in range(mib):
            # Different bytes in every MiB (no dedup, no compression anywhere), cheaply.
            f.write(i.to_bytes(8, "big") + block[8:])


def setup_database(env: dict[str, str]) -> str:
    """Migrate, create one agency with a unit and an officer who may hand in; returns a session cookie."""
    os.environ.update(env)
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from zhifa.agencies.models import OrgLevel, Role, RoleGrant

    call_command("migrate", verbosity=0)
    levels = {lv.code: lv for lv in OrgLevel.objects.all()}

    node = partial(tree_node, levels)

    city = node(None, "city", "鞍山市")
    agency = node(city, "agency", "鞍山市自然资源局", uscc="11210300MB2345678")
    unit = node(agency, "unit", "执法监察支队")
    user = get_user_model().objects.create_user("bench_officer", password="bench-password-1")
    RoleGrant.objects.create(user=user, agency=unit, role=Role.OFFICER)
    client = Client()
    client.force_login(user)
    from django.db import connections

    connections.close_all()
    return client.cookies["sessionid"].value


def hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _response(sock: socket.socket) -> tuple[int, dict[str, str]]:
    """Read one HTTP response (headers and a small body) from ``sock``."""
    f = sock.makefile("rb")
    try:
        status = int(f.readline().split()[1])
        headers: dict[str, str] = {}
        while (line := f.readline().decode("latin-1").strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = f.read(int(headers.get("content-length", "0")))
        if status >= 300:
            headers["body"] = body.decode(errors="replace")
        return status, headers
    finally:
        f.close()


def upload(port: int, cookie: str, path: Path, chunk: int) -> tuple[float, str]:
    """(seconds from POST to the last 204, the evidence page) for one file.

    The client sends each PATCH body with sendfile(2) straight from the page cache, so what is measured is
    the server's ingest, not a Python client's copying.
    """
    size = path.stat().st_size
    base = f"Tus-Resumable: 1.0.0\r\nCookie: sessionid={cookie}\r\nHost: 127.0.0.1:{port}\r\n"
    meta = "filename " + base64.b64encode(path.name.encode()).decode() + ",kind " + base64.b64encode(b"video").decode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=600)
    started = time.perf_counter()
    sock.sendall((f"POST /records/tus/ HTTP/1.1\r\n{base}Upload-Length: {size}\r\nUpload-Metadata: {meta}\r\n"
                  "Content-Length: 0\r\n\r\n").encode())
    status, headers = _response(sock)
    if status != 201:
        raise SystemExit(f"POST: {status} {headers.get('body', '')}")
    url = "/" + headers["location"].split("/", 3)[3]
    offset = 0
    evidence = ""
    with open(path, "rb") as f:
        while offset < size:
            n = min(chunk, size - offset)
            sock.sendall((f"PATCH {url} HTTP/1.1\r\n{base}Upload-Offset: {offset}\r\n"
                          f"Content-Type: application/offset+octet-stream\r\nContent-Length: {n}\r\n\r\n").encode())
            sock.sendfile(f, offset, n)
            if QUICKACK is not None:
                sock.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
            status, headers = _response(sock)
            if status != 204:
                raise SystemExit(f"PATCH at {offset}: {status} {headers.get('body', '')}")
            offset = int(headers["upload-offset"])
            evidence = headers.get("zhifa-evidence") or evidence
    elapsed = time.perf_counter() - started
    sock.close()
    return elapsed, evidence


def baseline(path: Path, workdir: Path) -> tuple[float, float, str]:
    """(seconds of openssl dgst -sm3, seconds of cat > copy, the SM3) for one file."""
    t = time.perf_counter()
    out = subprocess.run(["openssl", "dgst", "-sm3", "-r", str(path)], capture_output=True, check=True, text=True)
    t_sm3 = time.perf_counter() - t
    copy = workdir / "copy"
    t = time.perf_counter()
    subprocess.run(f"cat '{path}' > '{copy}'", shell=True, check=True)
    t_cat = time.perf_counter() - t
    copy.unlink()
    return t_sm3, t_cat, out.stdout.split()[0]


def main() -> None:
    args = parse_args()
    if shutil.which("openssl") is None:
        raise SystemExit("需要 openssl（基线）")
    targets = Targets()
    work = Path(tempfile.mkdtemp(prefix="zhifa-bench-ingest-", dir=args.dir))
    server = log = None
    try:
        data = work / "data"
        data.mkdir()
        env = {"ZHIFA_DATA_DIR": str(data), "ZHIFA_DATABASE_URL": f"sqlite:///{data / 'zhifa.sqlite3'}",
               "DJANGO_SETTINGS_MODULE": "zhifa.settings", "ZHIFA_SECRET_KEY": "bench-" + os.urandom(16).hex(),
               "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        cookie = setup_database(env)
        files = {}
        for label, mib in (("small", args.small_mib), ("large", args.large_mib)):
            files[label] = work / f"bench-{mib}MiB.mp4"
            make_file(files[label], mib)

        port = free_port()
        log = open(work / "server.log", "wb")  # noqa: SIM115 — closed in the finally below
        server = subprocess.Popen([sys.executable, "-m", "zhifa", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  env={**os.environ, **env}, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start: " + (work / "server.log").read_text()) from None
                time.sleep(0.2)
        rss_start = hwm_kib(server.pid)

        results = {}
        for label in ("small", "large"):
            path = files[label]
            size = path.stat().st_size
            mb = size / 1e6
            rounds = []
            for r in range(args.rounds):
                with open(path, "r+b") as f:  # new content each round (no dedup), same cost
                    f.write(r.to_bytes(8, "big"))
                t_sm3, t_cat, digest = baseline(path, work)
                t_ingest, evidence = upload(port, cookie, path, args.chunk_mib * MIB)
                import django.db

                from zhifa.records.models import Evidence

                pk = int(evidence.strip("/").split("/")[-1])
                matches = Evidence.objects.select_related("blob").get(pk=pk).blob.sm3 == digest
                django.db.connections.close_all()
                rounds.append((t_sm3, t_cat, t_ingest, matches))
                print(f"{size // MIB:>5} MiB #{r + 1}: openssl sm3 {mb / t_sm3:6.1f} MB/s + cat {mb / t_cat:7.1f} MB/s"
                      f" = baseline {mb / (t_sm3 + t_cat):6.1f} MB/s | ingest {mb / t_ingest:6.1f} MB/s"
                      f" ({100 * (t_sm3 + t_cat) / t_ingest:.0f}%) | SM3 {'matches' if matches else 'DIFFERS'}")
            best_base = min(t_sm3 + t_cat for t_sm3, t_cat, _, _ in rounds)
            best_ingest = min(t for _, _, t, _ in rounds)
            results[label] = (best_base, best_ingest, hwm_kib(server.pid), all(m for *_, m in rounds))
            print(f"{size // MIB:>5} MiB best of {args.rounds}: baseline {mb / best_base:6.1f} MB/s,"
                  f" ingest {mb / best_ingest:6.1f} MB/s ({100 * best_base / best_ingest:.0f}% of baseline),"
                  f" server peak RSS {results[label][2] / 1024:.1f} MiB")
            path.unlink()

        best_base, best_ingest, hwm_large, ok_large = results["large"]
        hwm_small = results["small"][2]
        ratio = best_base / best_ingest
        growth = (hwm_large - hwm_small) / 1024
        print(f"server peak RSS: {rss_start / 1024:.1f} MiB at start, {hwm_small / 1024:.1f} MiB after "
              f"{args.small_mib} MiB, {hwm_large / 1024:.1f} MiB after {args.large_mib} MiB")
        targets.check(ratio >= 0.6, f"ingest of {args.large_mib} MiB at {100 * ratio:.0f}% of "
                      f"openssl dgst -sm3 + cat (best of {args.rounds} each; target >= 60%)")
        targets.check(growth < 50, f"server peak RSS grew {growth:.1f} MiB from {args.small_mib} MiB "
                      f"to {args.large_mib} MiB (target < 50 MiB)")
        targets.check(ok_large and results["small"][3], "stored SM3 equals openssl's")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(10)
        if log is not None:
            log.close()
        shutil.rmtree(work, ignore_errors=True)
    targets.exit()


if __name__ == "__main__":
    main()
