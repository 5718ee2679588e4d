"""Each preset's own compose keys, rendered from its template under templates/compose/.

Backing services without a template of their own render from their preset data
(compose/backing.yml.j2).

Compose, swarm and k8s all start from these (image, command, volumes, the preset's
environment); what every service shares is decided by the targets and `conventions`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from scaffold.conventions import escape, preset_value, secret_ref, with_secrets
from scaffold.manifest.model import Manifest, Service, Variant
from scaffold.resources import jinja_environment
from scaffold.targets import emit

if TYPE_CHECKING:
    import jinja2


@cache
def _jinja() -> jinja2.Environment:
    env = jinja_environment()
    env.filters["yaml"] = emit.scalar
    env.filters["flow"] = lambda items: emit.flow(list(items))
    env.filters["escape_dollar"] = escape
    env.filters["words"] = lambda items, secrets=(): emit.flow([with_secrets(i, secrets) for i in items])
    env.globals["secret"] = secret_ref
    env.globals["value"] = preset_value
    return env


def preset_fragment(service: Service, variant: Variant, manifest: Manifest) -> dict[str, Any]:
    """The preset's own keys for this service, rendered from its template."""
    # here, not at the top: the CLI imports the target registry for its choices, and
    # `scaffold --version` should not pay for YAML
    from scaffold.manifest import source

    name = service.template
    text = _jinja().get_template(name).render(service=service, variant=variant, project=manifest)
    data = source.parse(text, name).data or {}
    if not isinstance(data, dict):  # a template bug, not a user error
        raise TypeError(f"template {name} did not render a mapping")
    return data
