"""Load benchmark for live chat: many customer WebSockets on loopback, each sending messages.

    .venv/bin/python scripts/loadtest_chat.py --mode embedded --clients 500 --messages 10
    .venv/bin/python scripts/loadtest_chat.py --mode scaled --clients 500 --messages 10

embedded: one Daphne process, in-memory channel layer, SQLite (WAL) in a temporary folder.
scaled:   two Daphne processes, Redis channel layer (REDIS_URL, default db 13), PostgreSQL
          database `xinfa_loadtest` (dropped and re-created).
Round trip = customer sends `message` → receives the broadcast echo carrying its client_id
(stored first, then broadcast). At the end every chat is checked: each client_id echoed
exactly once, no duplicate sequence on any socket, and in the database 1..n with no gaps.
Bounded: at most --clients sockets, --messages each, and --time-limit seconds in total.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xinfa.chat.bench.servers import (
    PYTHON,
    ROOT,
    daphne_processes,
    embedded_env,
    free_port,
    manage,
    postgres_recreate,
    scaled_env,
)

RETRYABLE = frozenset({"unavailable", "rate_limited"})
RESEND_AFTER = 5.0


@dataclass
class Tally:
    rtts: list[float] = field(default_factory=list)
    sent: int = 0
    echoed: int = 0
    duplicates: int = 0
    resends: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    failed_clients: int = 0
    connect_seconds: list[float] = field(default_factory=list)


async def customer(
    url: str, token: str, args: argparse.Namespace, tally: Tally, deadline: float
) -> None:
    from websockets.asyncio.client import connect

    origin = url.replace("ws://", "http://").split("/ws/")[0]
    started = time.perf_counter()
    async with connect(
        url, origin=origin, open_timeout=60, max_queue=None, ping_interval=None
    ) as socket:
        await socket.send(json.dumps({"type": "hello", "token": token, "last_sequence": 0}))
        while json.loads(await socket.recv())["type"] != "welcome":
            pass
        tally.connect_seconds.append(time.perf_counter() - started)
        pending: dict[str, float] = {}
        sequences: set[int] = set()
        done = asyncio.Event()

        async def read() -> None:
            async for raw in socket:
                frame = json.loads(raw)
                if frame["type"] == "message":
                    message = frame["message"]
                    if message["sequence"] in sequences and not frame.get("duplicate"):
                        tally.duplicates += 1
                    sequences.add(message["sequence"])
                    sent_at = pending.pop(message["client_id"] or "", None)
                    if sent_at is not None:
                        tally.rtts.append(time.perf_counter() - sent_at)
                        tally.echoed += 1
                elif frame["type"] == "error":
                    tally.errors[frame["code"]] = tally.errors.get(frame["code"], 0) + 1
                    if frame["code"] in RETRYABLE and frame.get("client_id") in pending:
                        # The protocol's rule: resend with the same client_id after a pause.
                        await asyncio.sleep(float(frame.get("retry_after") or 0.5))
                        await socket.send(
                            json.dumps(
                                {"type": "message", "client_id": frame["client_id"], "text": "重发"}
                            )
                        )
                if tally_finished(pending, sent_all):
                    done.set()

        async def resend_overdue() -> None:
            # The protocol's rule: no echo within RESEND_AFTER seconds → same client_id again.
            while True:
                await asyncio.sleep(1.0)
                now = time.perf_counter()
                for client_id, sent_at in list(pending.items()):
                    if now - sent_at > RESEND_AFTER * (1 + resent.get(client_id, 0)):
                        resent[client_id] = resent.get(client_id, 0) + 1
                        tally.resends += 1
                        await socket.send(
                            json.dumps({"type": "message", "client_id": client_id, "text": "重发"})
                        )

        sent_all = False
        resent: dict[str, int] = {}
        reader = asyncio.create_task(read())
        resender = asyncio.create_task(resend_overdue())
        for _ in range(args.messages):
            await asyncio.sleep(args.interval * random.uniform(0.5, 1.5))  # noqa: S311
            if time.monotonic() > deadline:
                break
            client_id = uuid.uuid4().hex
            pending[client_id] = time.perf_counter()
            await socket.send(
                json.dumps(
                    {
                        "type": "message",
                        "client_id": client_id,
                        "text": f"压测消息 {client_id[:6]} <b>ok</b>",
                    }
                )
            )
            tally.sent += 1
        sent_all = True
        if pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=max(1.0, deadline - time.monotonic()))
        reader.cancel()
        resender.cancel()


def tally_finished(pending: dict[str, float], sent_all: bool) -> bool:
    return sent_all and not pending


async def run_clients(urls: list[str], sessions: list[dict], args: argparse.Namespace) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + args.time_limit
    ramp = args.ramp_seconds / max(1, len(sessions))

    async def one(index: int, session: dict) -> None:
        await asyncio.sleep(index * ramp)
        try:
            await customer(urls[index % len(urls)], session["token"], args, tally, deadline)
        except (OSError, TimeoutError, Exception) as exc:
            tally.failed_clients += 1
            tally.errors[type(exc).__name__] = tally.errors.get(type(exc).__name__, 0) + 1

    await asyncio.gather(*(one(i, s) for i, s in enumerate(sessions)))
    return tally


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def prepare(args: argparse.Namespace, work: Path) -> tuple[dict[str, str], int]:
    if args.mode == "embedded":
        env = embedded_env(data_dir=work)
        if args.background == "deferred":
            env["DJANGO_SETTINGS_MODULE"] = "xinfa.chat.bench.settings_deferred"
        processes = 1
    else:
        database_url = postgres_recreate(name=args.database)
        env = scaled_env(database_url=database_url, redis_url=args.redis_url)
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        processes = args.processes
    manage(env, "migrate", "--noinput")
    return env, processes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=["embedded", "scaled"], default="embedded")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument(
        "--background",
        choices=["inline", "deferred"],
        default="inline",
        help="embedded only: run per-message analysis/inspection in the request (as shipped) "
        "or queue it (the chat path alone)",
    )
    parser.add_argument("--messages", type=int, default=10, help="messages per client")
    parser.add_argument(
        "--interval", type=float, default=2.0, help="mean seconds between one client's messages"
    )
    parser.add_argument("--ramp-seconds", type=float, default=10.0)
    parser.add_argument("--time-limit", type=float, default=240.0)
    parser.add_argument("--processes", type=int, default=2, help="Daphne processes (scaled)")
    parser.add_argument("--database", default="xinfa_loadtest")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--log-dir", type=Path, default=None, help="keep Daphne logs here")
    args = parser.parse_args()
    if not 1 <= args.clients <= 2000 or not 1 <= args.messages <= 100:
        parser.error("--clients must be 1–2000 and --messages 1–100")
    import websockets

    with tempfile.TemporaryDirectory(prefix="xinfa-loadtest-") as folder:
        work = Path(folder)
        env, processes = prepare(args, work)
        sessions_file = work / "sessions.json"
        import subprocess

        seed = [PYTHON, "-m", "xinfa.chat.bench.seed"]
        subprocess.run(  # noqa: S603 - fixed interpreter and arguments
            [*seed, str(args.clients), str(sessions_file)],
            env=env,
            cwd=ROOT,
            check=True,
            timeout=300,
        )
        sessions = json.loads(sessions_file.read_text())
        ports = [free_port() for _ in range(processes)]
        logs = args.log_dir or work
        logs.mkdir(parents=True, exist_ok=True)
        with daphne_processes(env, ports, logs):
            urls = [f"ws://127.0.0.1:{port}/ws/chat/" for port in ports]
            # Each process loads the analysis models on its first message: warm them up.
            warm = argparse.Namespace(**{**vars(args), "messages": 1, "interval": 0.0})
            warm_tally = asyncio.run(run_clients(urls, sessions[: len(urls)], warm))
            load_before = os.getloadavg()
            began = time.perf_counter()
            tally = asyncio.run(run_clients(urls, sessions, args))
            elapsed = time.perf_counter() - began
            load_after = os.getloadavg()
        stored = json.loads(
            subprocess.run(  # noqa: S603
                [*seed, "verify", str(sessions_file)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            ).stdout
        )
    stored["messages"] -= warm_tally.sent  # the warm-up turns are stored too
    stored["distinct_client_ids"] -= warm_tally.sent
    report(args, processes, tally, elapsed, stored, websockets.__version__, load_before, load_after)
    lost = tally.sent - tally.echoed
    ok = (
        lost == 0
        and tally.duplicates == 0
        and stored["chats_with_gaps"] == 0
        and stored["messages"] == tally.sent
        and tally.failed_clients == 0
    )
    return 0 if ok else 1


def report(
    args: argparse.Namespace,
    processes: int,
    tally: Tally,
    elapsed: float,
    stored: dict,
    version: str,
    load_before: tuple,
    load_after: tuple,
) -> None:
    ms = [value * 1000 for value in tally.rtts]
    background = args.background if args.mode == "embedded" else "celery-queue"
    sending = args.interval * args.messages + args.ramp_seconds
    lines = [
        f"mode={args.mode} background={background} daphne_processes={processes} "
        f"clients={args.clients} "
        f"messages_per_client={args.messages} mean_interval={args.interval}s "
        f"websockets=={version} cpus={os.cpu_count()}",
        f"loadavg before={load_before[0]:.2f} after={load_after[0]:.2f}",
        f"connected={len(tally.connect_seconds)} failed_clients={tally.failed_clients} "
        f"connect+hello p50={percentile(tally.connect_seconds, 0.5) * 1000:.0f}ms "
        f"p99={percentile(tally.connect_seconds, 0.99) * 1000:.0f}ms",
        f"sent={tally.sent} echoed={tally.echoed} lost={tally.sent - tally.echoed} "
        f"duplicates={tally.duplicates} resends={tally.resends} errors={tally.errors}",
        f"round trip ms: p50={percentile(ms, 0.5):.1f} p95={percentile(ms, 0.95):.1f} "
        f"p99={percentile(ms, 0.99):.1f} max={max(ms, default=float('nan')):.1f} "
        f"mean={statistics.fmean(ms) if ms else float('nan'):.1f}",
        f"throughput: {tally.echoed / elapsed:.1f} messages/s over {elapsed:.1f}s "
        f"(offered ≈ {tally.sent / max(sending, 1e-9):.1f}/s)",
        f"database: stored={stored['messages']} distinct_client_ids="
        f"{stored['distinct_client_ids']} chats_with_gaps={stored['chats_with_gaps']}",
    ]
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    sys.exit(main())
