"""A private Virtuoso Open Source instance for tests: loopback only, free ports, a temporary folder.

Not the system service: the database, its log and the ini live in the folder given, the
SQL and HTTP ports are picked free on 127.0.0.1, and `stop()` leaves nothing running.
Facts it relies on were measured on the CI machine kind (/work/shared/notes/virtuoso.md):
start-up takes 2–5 s, the packaged ini caps answers at 10,000 rows (raised here), and
SPARQL updates over HTTP need `SPARQL_UPDATE` granted to the anonymous "SPARQL" user.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.server import free_port

SERVER = "virtuoso-t"
ISQL = "isql-vt"  # plain `isql` is unixODBC's client, not Virtuoso's

# dba/dba is the password of a fresh database: the instance listens on loopback only and
# lives as long as the test session
_USER, _PASSWORD = "dba", "dba"

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""


class VirtuosoError(RuntimeError):
    """The test instance did not start or did not take its set-up."""


def available() -> bool:
    """True when Virtuoso's server and SQL client are installed."""
    return shutil.which(SERVER) is not None and shutil.which(ISQL) is not None


class Virtuoso:
    """One Virtuoso server in `folder`; `start()` then `stop()`, or use it as a context manager.

    :raises VirtuosoError: from `start()` if the server is not installed, exits, or does not
        answer SPARQL within `timeout` seconds.
    """

    def __init__(self, folder: Path, *, max_rows: int = 1_000_000, grant_update: bool = True) -> None:
        self.folder = folder
        self.max_rows = max_rows
        self.grant_update = grant_update
        self.sql_port = free_port()
        self.http_port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The SPARQL endpoint (query and update)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def spec(self) -> str:
        """What `open_store` and `--store` take for this instance."""
        return "sparql+" + self.url

    def start(self, *, timeout: float = 60.0) -> Virtuoso:
        if not available():
            raise VirtuosoError(f"expected {SERVER} and {ISQL} on PATH, found them missing")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                   max_rows=self.max_rows), encoding="utf-8")
        log = open(self.folder / "server.out", "wb")  # noqa: SIM115 - the child holds it open
        self._proc = subprocess.Popen([SERVER, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                      stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self._proc.poll() is not None:
                raise VirtuosoError(f"{SERVER} exited with {self._proc.returncode}: {self._log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise VirtuosoError(f"expected {SERVER} to answer on {self.url} within {timeout:.0f} s, found silence")
            time.sleep(0.3)
        if self.grant_update:
            self.isql('grant SPARQL_UPDATE to "SPARQL";')
        return self

    def _answers(self) -> bool:
        try:
            return httpx.get(self.url, params={"query": "ASK {}"}, timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def _log_tail(self) -> str:
        for name in ("virtuoso.log", "server.out"):
            path = self.folder / name
            if path.is_file():
                return " | ".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:])
        return "no log"

    def isql(self, sql: str) -> str:
        """Run SQL (or `rdf_loader_run()` and friends) as dba; the client's output.

        :raises VirtuosoError: if the client reports an error.
        """
        done = subprocess.run([ISQL, str(self.sql_port), _USER, _PASSWORD, f"exec={sql}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise VirtuosoError(f"{ISQL} {sql!r}: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        """Shut the server down cleanly, or kill it after 30 s."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            subprocess.run([ISQL, str(self.sql_port), _USER, _PASSWORD, "-K"], capture_output=True, timeout=30)
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
