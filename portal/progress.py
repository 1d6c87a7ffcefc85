"""A progress bar on standard error for the long commands (generate_volume, eligibility): `label [####....] 3/10`,
redrawn in place, so standard output keeps only the command's result."""

import sys


def progress_bar(stream=None, width=30):
    """A `progress(label, done, total)` function drawing on `stream` (standard error by default)."""

    def progress(label, done, total):
        out = stream or sys.stderr
        filled = int(width * done / total) if total else width
        out.write(f"\r{label:>9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}   ")
        if done >= total:
            out.write("\n")
        out.flush()

    return progress
