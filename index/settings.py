"""The index's settings: ``[index]`` in HOME/config.toml or ``--set index.NAME=VALUE``, over these defaults."""
from __future__ import annotations

from archive import Config, ConfigError
from archive.config import checked_section

DEFAULT_CACHE_MB = 256  # posting lists, BM25 norms and masks of terms kept per process (setting index.cache_mb)


def index_settings(config: Config) -> dict:
    """The ``[index]`` settings as SearchIndex's arguments; raises ConfigError naming a bad one."""
    settings = checked_section(config, "index", {"cache_mb": DEFAULT_CACHE_MB})
    if settings.get("cache_mb", DEFAULT_CACHE_MB) < 1:
        raise ConfigError(f"setting index.cache_mb must be 1 or more, not {settings['cache_mb']}")
    return settings
