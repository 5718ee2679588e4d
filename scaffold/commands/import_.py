"""`scaffold import`: adopt a compose project; print the manifest (--dry-run), what was written,
the nginx routes found and how each service came through (same, improved on purpose, lost)."""

from __future__ import annotations

from scaffold import console
from scaffold.errors import EXIT_CHECK_FAILED, EXIT_OK, printable
from scaffold.importer.compare import IMPROVED, LOST, SAME, table
from scaffold.importer.run import ImportOptions, ImportResult, run_import


def import_compose(options: ImportOptions) -> int:
    result = run_import(options)
    if options.dry_run:
        console.out(result.text, end="")
    show(result, options)
    if options.check and result.lost:
        return EXIT_CHECK_FAILED
    return EXIT_OK


def show(result: ImportResult, options: ImportOptions) -> None:
    loaded = result.loaded
    say = console.err if options.dry_run else console.out
    say(printable(f"read {len(loaded.files)} file(s) with {loaded.loader}: "
                  f"{len(loaded.project.get('services') or {})} services"))
    for name in result.written:
        say(printable(f"wrote        {name}"))
    if result.routes:
        say("nginx config kept as your file; routes found: " + printable(", ".join(result.routes)))
    counts = {s: sum(r.status == s for r in result.rows) for s in (SAME, IMPROVED, LOST)}
    say(f"compared with what scaffold generates: {counts[SAME]} same, "
        f"{counts[IMPROVED]} improved on purpose, {counts[LOST]} lost")
    if options.check or counts[LOST]:
        for line in table(result.rows):
            say(printable(line))
