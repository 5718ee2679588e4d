"""What an imported service is: a backing preset known by its image, and which variables look secret."""

from __future__ import annotations

import re

from scaffold.manifest.catalog import Preset
from scaffold.manifest.presets import lookup
from scaffold.records import record

# the image's repository (without registry or tag) -> the preset that runs it
IMAGE_PRESETS = {
    "postgres": "postgres", "library/postgres": "postgres", "bitnami/postgresql": "",
    "mysql": "mysql", "library/mysql": "mysql",
    "mariadb": "mariadb", "library/mariadb": "mariadb",
    "mongo": "mongodb", "library/mongo": "mongodb",
    "redis": "redis", "library/redis": "redis",
    "rabbitmq": "rabbitmq", "library/rabbitmq": "rabbitmq",
    "apache/kafka": "kafka",
    "minio/minio": "minio",
    "axllent/mailpit": "mailpit",
    "memcached": "memcached", "library/memcached": "memcached",
}
_SECRET_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|(^|_)KEY($|_)|PRIVATE|CREDENTIAL|_AUTH$)")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# the environment of presets whose compose template writes it, not their data file
_TEMPLATE_ENVIRONMENT = {"postgres": (("POSTGRES_DB", "{database}"), ("POSTGRES_PASSWORD", "{secret:PASSWORD}"),
                                      ("POSTGRES_USER", "{user}"))}


def preset_environment(preset: Preset) -> tuple[tuple[str, str], ...]:
    """(container variable, its template) of each variable a backing preset sets."""
    own = preset.backing.environment if preset.backing else ()
    return own or _TEMPLATE_ENVIRONMENT.get(preset.name, ())


@record
class ImageName:
    """An image reference cut into the parts the importer looks at."""

    registry: str
    repository: str
    tag: str


def split_image(image: str) -> ImageName:
    """`docker.io/library/postgres:15` -> (docker.io, library/postgres, 15); a digest counts as no tag."""
    name = image.split("@", 1)[0]
    first, _, rest = name.partition("/")
    registry = first if rest and ("." in first or ":" in first or first == "localhost") else ""
    path = rest if registry else name
    repository, _, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "")
    if registry == "docker.io":
        registry = ""
    return ImageName(registry, repository.removeprefix("library/"), tag)


def backing_preset(image: str) -> tuple[Preset, str] | None:
    """The backing preset and its version for an image the catalog knows, else None.

    Only an image whose preset gives back the very same reference is recognised: a
    private mirror or a digest stays an `image` service rather than being changed.
    """
    name = split_image(image)
    preset = lookup(IMAGE_PRESETS.get(name.repository, ""))
    if preset is None or preset.backing is None or name.registry or not name.tag:
        return None
    if not _VERSION.match(name.tag) or name.tag in preset.refused_versions:
        return None
    if split_image(preset.image_for(name.tag)) != name:
        return None
    return preset, name.tag


def looks_secret(variable: str) -> bool:
    """PASSWORD, SECRET, TOKEN, KEY...: a value that belongs in .env, never in the manifest."""
    return bool(_SECRET_NAME.search(variable.upper()))


def data_path(preset: Preset, version: str) -> str:
    """Where the preset keeps its data at this version (postgres 18 moved it one level up)."""
    data = preset.backing.data if preset.backing else ""
    major = version.split(".")[0].split("-")[0]
    if preset.name == "postgres" and major.isdigit() and int(major) >= 18:
        return "/var/lib/postgresql"
    return data
