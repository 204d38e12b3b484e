"""Executes every notebook in this folder top to bottom and fails on the first error.

Run by `bash Notebooks/run` (and so by the README's test command). The committed notebooks
stay without outputs; the executed copies go to Notebooks/work/executed/ and the figures to
Notebooks/figures/, both git-ignored.
"""

import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    notebooks = [HERE / n for n in names] if names else sorted(HERE.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        print("execute.py: no notebooks found", file=sys.stderr)
        return 1
    executed = HERE / "work" / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        print(f"executing {path.name}", flush=True)
        nb = nbformat.read(path, as_version=4)
        # The kernel talks to us over Unix sockets in a private directory, not TCP on
        # loopback: nothing a notebook handles (seizure records among it) goes through a port.
        with tempfile.TemporaryDirectory(prefix="chokepoint-kernel-") as sockets:
            manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
            client = NotebookClient(nb, km=manager, timeout=900, kernel_name="python3",
                                    resources={"metadata": {"path": str(HERE)}})
            try:
                client.execute()
            except CellExecutionError as error:
                nbformat.write(nb, executed / path.name)
                print(f"{path.name}: a cell failed (executed copy in {executed / path.name}):\n{error}", file=sys.stderr)
                return 1
            finally:
                if manager.has_kernel:
                    manager.shutdown_kernel(now=True)
        nbformat.write(nb, executed / path.name)
    print(f"{len(notebooks)} notebook(s) ran without error; figures in {HERE / 'figures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
