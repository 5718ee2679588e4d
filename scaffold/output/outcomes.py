"""Deciding what regeneration does to each file, so that no hand edit is ever lost. Pure.

For each file, from what scaffold wrote last (the base, in the lock), what is on
disk, and what the manifest gives now:

    created    nothing on disk: write it
    unchanged  disk already equals the new output
    updated    disk still equals the base (no hand edit): replace it
    kept       only the user changed it: leave their version
    merged     both changed it, in different lines: a three-way merge keeps both
    conflict   both changed the same lines: leave the file, put the new version
               beside it as <file>.scaffold-new, exit 1
    resolved   the user merged a conflict and deleted the .scaffold-new file
    orphan     generated before, not any more (e.g. a removed variant): kept
    pruned     an orphan deleted by --prune (only when it has no hand edit)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Literal

import yaml

from scaffold.output.lockfile import Entry, Lock, digest
from scaffold.output.merge3 import merge
from scaffold.records import record
from scaffold.targets.target import RenderedFile

Status = Literal["created", "unchanged", "updated", "kept", "merged", "conflict", "resolved",
                 "orphan", "pruned"]
CREATED: Status = "created"
UNCHANGED: Status = "unchanged"
UPDATED: Status = "updated"
KEPT: Status = "kept"
MERGED: Status = "merged"
CONFLICT: Status = "conflict"
RESOLVED: Status = "resolved"
ORPHAN: Status = "orphan"
PRUNED: Status = "pruned"
CHANGES_DISK = {CREATED, UPDATED, MERGED, PRUNED}
SIDE_SUFFIX = ".scaffold-new"


@record
class Outcome:
    """What a run does to one file: its status, and the text before and after."""

    path: str
    status: Status
    disk: str | None  # on disk before the run
    result: str | None  # on disk after the run (None: the file is deleted or absent)
    side: str | None = None  # content for <path>.scaffold-new, on a conflict
    entry: Entry | None = None  # the lock entry after the run (None: dropped)
    # the .scaffold-new file: "" none; "kept": the user edited it, left alone; "stale": deleted
    side_file: Literal["", "kept", "stale"] = ""

    @property
    def writes(self) -> bool:
        return self.status in CHANGES_DISK or self.side is not None or self.side_file == "stale"


def _valid_yaml(path: str, text: str) -> bool:
    if not path.endswith((".yml", ".yaml")):
        return True
    try:  # Kubernetes manifests hold several documents, each a mapping
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return False
    return bool(documents) and all(isinstance(d, dict) for d in documents)


def decide(path: str, entry: Entry | None, disk: str | None, new: str,
           side: str | None, force: bool = False) -> Outcome:
    """The outcome for one file; `side` is its .scaffold-new file's text, if there is one."""
    outcome = _decide(path, entry, disk, new, side is not None, force)
    if side is None:
        return outcome
    if outcome.status != CONFLICT:  # nothing left to merge by hand: the offer is out of date
        unedited = entry is not None and digest(side) == entry.pending
        return replace(outcome, side_file="stale" if force or unedited else "kept")
    if entry is not None and entry.pending and digest(side) != entry.pending:
        # the user is merging in the .scaffold-new file itself: never overwrite their work
        return replace(outcome, side=None, side_file="kept", entry=entry)
    return outcome


def _decide(path: str, entry: Entry | None, disk: str | None, new: str,
            side_exists: bool, force: bool) -> Outcome:
    if disk is None:
        return Outcome(path, CREATED, None, new, entry=Entry(new))
    if disk == new:
        return Outcome(path, UNCHANGED, disk, disk, entry=Entry(new))
    if force:
        return Outcome(path, UPDATED, disk, new, entry=Entry(new))
    if entry is not None and entry.pending and not side_exists:
        # the user merged the offered version by hand and removed the .scaffold-new file
        if entry.pending == digest(new):
            return Outcome(path, RESOLVED, disk, disk, entry=Entry(new))
        entry = Entry(entry.base)  # the manifest moved on since: merge against the old base
    if entry is None:
        # a file scaffold did not write (or whose lock was lost): never overwrite it; an empty
        # base means whatever the user merges from the offered version is theirs
        return Outcome(path, CONFLICT, disk, disk, side=new, entry=Entry("", digest(new)))
    if disk == entry.base:
        return Outcome(path, UPDATED, disk, new, entry=Entry(new))
    if new == entry.base:
        return Outcome(path, KEPT, disk, disk, entry=entry)
    merged = merge(entry.base, disk, new)
    if merged.conflicts == 0 and _valid_yaml(path, merged.text):
        return Outcome(path, MERGED, disk, merged.text, entry=Entry(new))
    return Outcome(path, CONFLICT, disk, disk, side=new, entry=Entry(entry.base, digest(new)))


def plan(
    files: Iterable[RenderedFile],
    lock: Lock,
    read: Callable[[str], str | None],
    force: bool = False,
    prune: bool = False,
    complete: bool = True,
) -> list[Outcome]:
    """An outcome per rendered file, then (when `complete`, i.e. every variant was rendered)
    one per file generated before that the manifest no longer gives."""
    out = []
    rendered = set()
    for f in files:
        rendered.add(f.path)
        side = read(f.path + SIDE_SUFFIX)
        out.append(decide(f.path, lock.files.get(f.path), read(f.path), f.content, side, force))
    if not complete:
        return out
    for path in sorted(set(lock.files) - rendered):
        entry = lock.files[path]
        disk = read(path)
        if disk is None:
            continue  # already gone: forget it
        if prune and disk == entry.base:
            out.append(Outcome(path, PRUNED, disk, None, entry=None))
        else:
            out.append(Outcome(path, ORPHAN, disk, disk, entry=entry))
    return out


def next_lock(manifest_text: str, outcomes: Iterable[Outcome], lock: Lock, complete: bool,
              ports: Mapping[str, int] | None = None) -> Lock:
    """The lock after the run: every file's new entry; others' entries stay when not all rendered."""
    files = {} if complete else dict(lock.files)
    for o in outcomes:
        if o.entry is not None:
            files[o.path] = o.entry
        else:
            files.pop(o.path, None)
    return Lock(manifest=digest(manifest_text), files=files,
                ports=dict(lock.ports if ports is None else ports))
