"""Execute one notebook with a Jupyter kernel (nbclient), printing progress per cell.

usage: /usr/bin/python3 scripts/run_notebook.py IN.ipynb OUT.ipynb KERNEL_NAME TIMEOUT_S

Used by `npm run course` (lib/nb/run.ts) when Jupyter is installed. Writes OUT with outputs, also
when a cell fails; on failure prints one JSON line {"failedCell", "codeCell", "error"} to stdout
and exits 1.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

src, dst, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(src, as_version=4)
code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
state = {"t0": 0.0}


def on_start(cell, cell_index):
    state["t0"] = time.time()
    state["last"] = cell_index
    if cell.cell_type != "code":
        return
    n = code_cells.index(cell_index) + 1
    sys.stderr.write(f"  cell {n}/{len(code_cells)} (notebook cell {cell_index + 1}) …")
    sys.stderr.flush()


def on_done(cell, cell_index, execute_reply):
    if cell.cell_type != "code":
        return
    status = execute_reply.get("content", {}).get("status", "ok")
    sys.stderr.write(f" {'ok' if status == 'ok' else 'FAILED'} ({time.time() - state['t0']:.1f} s)\n")
    sys.stderr.flush()


client = NotebookClient(
    nb,
    kernel_name=kernel,
    timeout=timeout,
    allow_errors=False,
    resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
    on_cell_start=on_start,
    on_cell_executed=on_done,
)


def save():
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    nbformat.write(nb, dst)


try:
    client.execute()
except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as e:
    # the failing cell is the last one that started
    idx = state.get("last")
    detail = ""
    if idx is not None:
        for o in nb.cells[idx].get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                detail += o.get("text", "")
            elif o.get("output_type") == "error":
                detail += f"{o.get('ename')}: {o.get('evalue')}\n" + "\n".join(o.get("traceback", []))
    if isinstance(e, (DeadKernelError, TimeoutError)) or not detail:
        detail = (detail + "\n" + str(e)).strip()
    save()
    print(json.dumps({
        "failedCell": (idx + 1) if idx is not None else None,
        "codeCell": (code_cells.index(idx) + 1) if idx in code_cells else None,
        "error": detail[-4000:],
    }))
    sys.exit(1)
save()
