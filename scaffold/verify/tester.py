"""The contract tester on the Docker engine: its image, built once per base, and its runs in a stack.

The image is built on demand FROM the stack's own Python base (nothing is pulled), tagged
by a hash of its recipe and the base's id, so it is built once and reused afterwards. Each
run is a throwaway container on the stack's network; its JUnit XML is read back from it.
"""

from __future__ import annotations

import io
import tarfile
import time
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from scaffold.errors import first_line
from scaffold.records import record
from scaffold.verify import contract
from scaffold.verify.contract import Target
from scaffold.verify.outcomes import CaseResult

BUILD_TIMEOUT = 600  # seconds pip may take to install the tester into the image


@record
class Image:
    """The tester's image, or why there is none."""

    tag: str = ""
    built_in: float | None = None  # seconds the build took; None: it was there already
    error: str = ""


def ensure_image(client: Any, base_image: str, label: str) -> Image:
    """The tester's image for this base: found by its tag, or built now."""
    import docker.errors

    try:
        base_id = client.images.get(base_image).id
    except docker.errors.ImageNotFound:
        return Image(error=f"the base image {base_image} is not on this engine")
    except docker.errors.APIError as exc:
        return Image(error=f"cannot read the base image {base_image}: {first_line(exc)}")
    tag = contract.image_tag(base_id)
    with suppress(docker.errors.ImageNotFound):
        client.images.get(tag)
        return Image(tag)
    started = time.monotonic()
    recipe = io.BytesIO(contract.dockerfile(base_image).encode())
    try:
        client.images.build(fileobj=recipe, tag=tag, rm=True, forcerm=True, pull=False,
                            labels={label: "contract-tester"}, timeout=BUILD_TIMEOUT)
    except docker.errors.BuildError as exc:
        said = [str(c.get("stream", c.get("error", ""))).strip() for c in exc.build_log]
        tail = " / ".join(s for s in said if s)[-300:]
        return Image(error=f"building the contract tester FROM {base_image} failed: {tail}")
    except (docker.errors.APIError, OSError) as exc:
        return Image(error=f"building the contract tester FROM {base_image} failed: "
                           f"{first_line(exc)}")
    return Image(tag, time.monotonic() - started)


def run(client: Any, image: str, network: str, target: Target,
        labels: dict[str, str]) -> list[CaseResult]:
    """schemathesis against one app, from a container on the stack's network."""
    import docker.errors

    try:
        container = client.containers.run(
            image, command=contract.command(target), network=network, detach=True,
            labels=labels, working_dir="/tmp",
            use_config_proxy=False)  # the app is on the stack's network: never via a proxy
    except docker.errors.APIError as exc:
        return [contract.unanswered(target, f"cannot start the tester: {first_line(exc)}")]
    try:
        if not _finished(container, contract.HARD_TIMEOUT):
            return [contract.unanswered(target, f"the tester did not finish within "
                                                f"{contract.HARD_TIMEOUT}s; stopped")]
        report = _read_file(container, contract.JUNIT_PATH)
        if report is None:
            said = container.logs().decode("utf-8", "replace")
            return [contract.unanswered(target, f"the tester wrote no report: "
                                                f"{contract.output_tail(said)}")]
        return contract.results(target, report)
    finally:
        with suppress(docker.errors.APIError):
            container.remove(force=True)


def _finished(container: Any, seconds: float) -> bool:
    """Wait for the container to exit; False (and it is killed) when it takes longer."""
    try:
        container.wait(timeout=seconds)
    except OSError:  # requests' ReadTimeout and ConnectionError are OSErrors
        return False
    return True


def _read_file(container: Any, path: str) -> str | None:
    """A file's text from a (stopped) container, or None when it is not there."""
    import docker.errors

    try:
        chunks, _ = container.get_archive(path)
        data = b"".join(chunks)
    except docker.errors.NotFound:
        return None
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = next((m for m in tar.getmembers() if m.isfile()), None)
        extracted = tar.extractfile(member) if member is not None else None
        return extracted.read().decode("utf-8", "replace") if extracted is not None else None


def check_contracts(client: Any, network: str, label: tuple[str, str],
                    targets: Sequence[tuple[Target, str]]) -> list[CaseResult]:
    """Every (target, its Python base image) in turn; the image is built once per base.
    `label`: (name, value) put on what runs, so a cleanup can find it."""
    from scaffold import console

    out: list[CaseResult] = []
    images: dict[str, Image] = {}
    for target, base in targets:
        if base not in images:
            images[base] = ensure_image(client, base, label[0])
            built = images[base].built_in
            if built is not None:
                console.out(f"built the contract tester FROM {base} in {built:.1f}s "
                            f"({images[base].tag})")
        if images[base].error:
            out.append(contract.unanswered(target, images[base].error))
            continue
        started = time.monotonic()
        found = run(client, images[base].tag, network, target, dict([label]))
        scope = "reads only: the variant keeps its data; " if target.read_only else ""
        passed = sum(c.outcome == "pass" for c in found)
        console.out(f"contract {target.service}: {passed}/{len(found)} operations conform "
                    f"({scope}{time.monotonic() - started:.1f}s)")
        out += found
    return out
