"""The one settings object of the HTTP server, read from `CANCU_*` environment variables."""
from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What `cancu serve` needs to know; each field can be set as `CANCU_<FIELD>` in the environment.

    >>> Settings(store="memory:").cors_origins
    []
    """

    model_config = SettingsConfigDict(env_prefix="CANCU_", extra="ignore")

    store: str = "cancu-data"
    # The upload token is read from this environment variable when a request comes in,
    # never stored in the settings, so it does not show up in logs or reprs of the app.
    token_env: str = "CANCU_API_TOKEN"
    max_upload_bytes: int = 20 * 1024 * 1024
    # Where uploaded files are written (a graph's name comes from its file's path, so the
    # same file uploaded again replaces its graph only while this folder stays the same);
    # empty: a folder the server creates in the system's temporary directory.
    upload_dir: str = ""
    sparql_timeout: float = 10.0
    sparql_row_limit: int = 10_000
    sparql_workers: int = 2
    max_query_bytes: int = 64 * 1024
    # CORS is closed unless origins are listed: a browser page on another site cannot read answers.
    cors_origins: list[str] = []
