"""Start throw-away Daphne processes and databases on loopback for the scale test and the
load benchmark (no Django import here: these run in the parent process)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, timeout: float = 60.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port.

    Raises:
        TimeoutError: nothing listened in time.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run manage.py with the given environment; return its output.

    Raises:
        subprocess.CalledProcessError: the command failed.
    """
    done = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def postgres_recreate(
    *, name: str, admin_url: str = "postgresql://postgres@127.0.0.1:5432/test"
) -> str:
    """Drop and create a PostgreSQL database; return its URL.

    Raises:
        psycopg.OperationalError: PostgreSQL is not reachable.
    """
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def scaled_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.scaled",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "loopback-scale-test-key-" + "x" * 40),
        XINFA_SECURE_COOKIES="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


def embedded_env(*, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.embedded",
        XINFA_DATA_DIR=str(data_dir),
        XINFA_SQLITE_PATH=str(data_dir / "bench.sqlite3"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


@contextmanager
def daphne_processes(env: dict[str, str], ports: list[int], log_dir: Path) -> Iterator[None]:
    """Run one Daphne per port with `env`; stop them (by pid) on exit."""
    processes = []
    try:
        for port in ports:
            log = (log_dir / f"daphne-{port}.log").open("w")
            processes.append(
                subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
                    [
                        PYTHON,
                        "-m",
                        "daphne",
                        "-b",
                        "127.0.0.1",
                        "-p",
                        str(port),
                        "config.asgi:application",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in ports:
            wait_for_port(port)
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
