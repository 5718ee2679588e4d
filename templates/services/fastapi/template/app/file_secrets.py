"""Secrets handed over as files: Docker Swarm mounts them under /run/secrets and sets NAME_FILE.

Called once at start-up, before anything reads the environment, so the rest of the
code reads NAME from the environment whichever way the secret arrived.
"""

import os
from collections.abc import MutableMapping

SECRETS_DIR = "/run/secrets/"


def load_file_secrets(
    environ: MutableMapping[str, str] = os.environ, directory: str = SECRETS_DIR
) -> None:
    """Set NAME from the file NAME_FILE names, for files under `directory`, unless NAME is set.

    An unreadable secret file fails at start, not on the first request that needs it.
    """
    for key, path in list(environ.items()):
        name = key.removesuffix("_FILE")
        if name and name != key and name not in environ and path.startswith(directory):
            with open(path, encoding="utf-8") as handle:
                environ[name] = handle.read().rstrip("\r\n")
