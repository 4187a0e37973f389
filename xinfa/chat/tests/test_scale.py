"""Scaled deployment: two Daphne processes share the Redis channel layer and PostgreSQL.

A message written through process A reaches a customer socket attached to process B.
Needs PostgreSQL and Redis on 127.0.0.1; with CI=true it must run, elsewhere it skips when
they are down.
"""

import asyncio
import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

import pytest

from xinfa.chat.bench.servers import (
    PYTHON,
    ROOT,
    daphne_processes,
    free_port,
    manage,
    postgres_recreate,
    scaled_env,
)

pytestmark = pytest.mark.services
DATABASE = "xinfa_live_test"
REDIS_URL = os.environ.get("XINFA_LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


class TwoProcesses(TypedDict):
    ports: list[int]
    session: dict[str, Any]
    logs: Path


def _services_or_skip() -> str:
    import psycopg
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
        return postgres_recreate(name=DATABASE)
    except (psycopg.OperationalError, redis.exceptions.ConnectionError) as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL/Redis must be up in CI: {exc}")
        pytest.skip(f"PostgreSQL/Redis not reachable: {exc}")


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoProcesses]:
    database_url = _services_or_skip()
    env = scaled_env(database_url=database_url, redis_url=REDIS_URL)
    manage(env, "migrate", "--noinput")
    work = tmp_path_factory.mktemp("scale")
    sessions_file = work / "sessions.json"
    subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [PYTHON, "-m", "xinfa.chat.bench.seed", "1", str(sessions_file)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    ports = [free_port(), free_port()]
    with daphne_processes(env, ports, work):
        yield {"ports": ports, "session": json.loads(sessions_file.read_text())[0], "logs": work}


async def _open(port: int, token: str):
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    socket = await connect(
        f"ws://127.0.0.1:{port}/ws/chat/",
        origin=Origin(f"http://127.0.0.1:{port}"),
        open_timeout=30,
    )
    await socket.send(json.dumps({"type": "hello", "token": token, "last_sequence": 0}))
    welcome = json.loads(await asyncio.wait_for(socket.recv(), 30))
    assert welcome["type"] == "welcome"
    return socket


async def _next_message(socket, timeout: float = 30) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout))
        if frame["type"] == "message":
            return frame


def _post_http(port: int, session: dict, body: dict) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/chat/sessions/{session['session_id']}/messages/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Chat {session['token']}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def test_message_through_process_a_reaches_socket_on_process_b(
    two_processes: TwoProcesses,
) -> None:
    port_a, port_b = two_processes["ports"]
    session = two_processes["session"]

    async def scenario() -> tuple[dict, dict, dict, dict]:
        on_b = await _open(port_b, session["token"])
        on_a = await _open(port_a, session["token"])
        await on_a.send(json.dumps({"type": "message", "client_id": "via-a", "text": "从A发出"}))
        echo_a = await _next_message(on_a)
        seen_b = await _next_message(on_b)
        posted = await asyncio.to_thread(
            _post_http, port_a, session, {"client_id": "http-a", "text": "<i>HTTP</i> 从A"}
        )
        seen_b2 = await _next_message(on_b)
        await on_a.close()
        await on_b.close()
        return echo_a, seen_b, posted, seen_b2

    echo_a, seen_b, posted, seen_b2 = asyncio.run(scenario())
    assert echo_a["message"] == seen_b["message"]
    assert (seen_b["message"]["client_id"], seen_b["message"]["text"]) == ("via-a", "从A发出")
    assert seen_b["message"]["sequence"] == 1
    assert (posted["client_id"], posted["sequence"], posted["duplicate"]) == ("http-a", 2, False)
    assert (seen_b2["message"]["sequence"], seen_b2["message"]["text"]) == (2, "<i>HTTP</i> 从A")
    log_names = sorted(p.name for p in two_processes["logs"].glob("daphne-*.log"))
    assert log_names == sorted(f"daphne-{port}.log" for port in (port_a, port_b))
