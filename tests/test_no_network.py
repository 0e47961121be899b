"""SweetSpot never phones home: importing, scoring, exporting and running the app open no
network socket.

Each scenario runs in a child process whose first act is to install an audit hook
(`sys.addaudithook`) that records and blocks every Python-level network operation: creating an
internet socket, connect, bind, sendto, and name lookups. At the end the child also lists its
open file descriptors and looks each socket up in /proc/self/net/{tcp,tcp6,udp,udp6}, which
catches internet sockets opened below Python (by Qt, say). Local sockets (AF_UNIX: the X
server, D-Bus) are not the network and are allowed.

Self-checks prove the fence works: a child that does connect is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "retail_bank.xlsx"

FENCE = r'''
import json, os, socket, sys

BLOCKED = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
           "socket.gethostbyaddr", "socket.getnameinfo", "socket.sendto", "socket.sendmsg",
           "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
           "webbrowser.open"}
INTERNET = (socket.AF_INET, socket.AF_INET6)
attempts = []

def _family(args):
    try:
        sock = args[0]
        return sock.family
    except Exception:
        return None

def hook(event, args):
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if family in INTERNET:
            attempts.append([event, repr(args[1:])])
            raise PermissionError("network is fenced off in this test")
        return
    if event in BLOCKED:
        if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
            if _family(args) not in INTERNET:
                return  # AF_UNIX: local, not the network
        attempts.append([event, repr(args[1:])[:200]])
        raise PermissionError("network is fenced off in this test")

sys.addaudithook(hook)

def internet_fds():
    """Open internet sockets of this process, also those opened by C++ code."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    def table_inodes(table, column):
        try:
            with open(f"/proc/self/net/{table}") as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            return {}
        return {p[column]: p for p in (line.split() for line in lines) if len(p) > column}

    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        for inode, parts in table_inodes(table, 9).items():
            if inode in inodes:
                found.append([table, parts[1], parts[2]])
                inodes.discard(inode)
    # Unbound internet sockets are in no table: whatever is not local (unix, netlink) counts.
    local = set(table_inodes("unix", 6)) | set(table_inodes("netlink", 9))
    found += [["unbound", inode, ""] for inode in sorted(inodes - local)]
    return found

def report():
    print("@@REPORT@@" + json.dumps({"attempts": attempts, "inet": internet_fds()}), flush=True)
'''


def run_fenced(body: str, tmp_path: Path, timeout: float = 240) -> dict[str, list[list[str]]]:
    """Run `body` inside the fence; returns the network attempts and open internet sockets."""
    script = FENCE + "\ntry:\n" + textwrap.indent(textwrap.dedent(body), "    ")
    script += "\nfinally:\n    report()\n"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "OUT": str(tmp_path),
        "SAMPLE": str(SAMPLE),
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    marker = [line for line in done.stdout.splitlines() if line.startswith("@@REPORT@@")]
    assert marker, (done.returncode, done.stdout[-2000:], done.stderr[-3000:])
    report: dict[str, list[list[str]]] = json.loads(marker[-1][len("@@REPORT@@") :])
    report["returncode"] = [[str(done.returncode)]]
    report["stderr"] = [[done.stderr[-3000:]]]
    return report


def assert_offline(report: dict[str, list[list[str]]]) -> None:
    assert report["attempts"] == [], report["attempts"]
    assert report["inet"] == [], report["inet"]
    assert report["returncode"] == [["0"]], report["stderr"]


CORE = """
import os
from pathlib import Path
out = Path(os.environ["OUT"])
from sweetspot.core.importing import inspect_inputs, load_workshop
from sweetspot.core.scoring import score
from sweetspot.core.graph import analyse
from sweetspot.core.export import write_backlog, write_backlog_csv
from sweetspot.core.plot import save_matrix_png
from sweetspot.core.project import Project, load_project, save_project
from sweetspot.core.template import write_template

sample = Path(os.environ["SAMPLE"])
assert inspect_inputs([sample])
w = load_workshop([sample])
assert w.can_score, [str(p) for p in w.errors]
result = score(w)
report_ = analyse(w, result)
write_backlog(out / "backlog.xlsx", w, result, report_)
write_backlog_csv(out / "backlog.csv", result)
save_matrix_png(out / "matrix.png", result)
save_project(Project(w), out / "p.sweetspot")
assert len(load_project(out / "p.sweetspot").workshop.insights) == len(w.insights)
write_template(out / "template.xlsx")
# The deliverables (#17): the slide deck and the tracker CSVs.
from sweetspot.core.deck import write_deck
from sweetspot.core.tracker_csv import write_tracker_csv

write_deck(out / "workshop.pptx", w, result, report_, title="Fenced")
write_tracker_csv(out / "jira.csv", w, result, "jira")
write_tracker_csv(out / "azure.csv", w, result, "azure")
for name in ("backlog.xlsx", "backlog.csv", "matrix.png", "p.sweetspot", "template.xlsx",
             "workshop.pptx", "jira.csv", "azure.csv"):
    assert (out / name).stat().st_size > 0, name
"""


def test_import_score_export_open_no_network_socket(tmp_path: Path) -> None:
    assert_offline(run_fenced(CORE, tmp_path))


APP = """
import os
from pathlib import Path
out = Path(os.environ["OUT"])
from PySide6.QtCore import QSettings, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from sweetspot.ui.app import create_application
app = create_application()
from sweetspot.ui.main_window import VIEWS, MainWindow

settings = QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings, recovery_folder=out / "recovery", show_progress=False)
window.resize(1400, 900)
window.show()
loop = QEventLoop()
outcome = []
window.loadFinished.connect(lambda how: (outcome.append(how), loop.quit()))
QTimer.singleShot(60_000, loop.quit)
window.files.open_path(Path(os.environ["SAMPLE"]))  # the real threaded import
loop.exec()
assert outcome == ["finished"], outcome
assert window.has_workshop and len(window.doc.result.table) == 21
for view in VIEWS:
    window.show_view(view)
    for _ in range(20):
        app.processEvents()
# The deliverables from the File menu (#17), the save dialog answered.
from sweetspot.ui import dialogs
answers = iter([out / "app.pptx", out / "app-jira.csv", out / "app-azure.csv"])
dialogs.choose_save_path = lambda *_a: next(answers)
dialogs.show_error = lambda _p, _t, message: (_ for _ in ()).throw(AssertionError(message))
window.files.act_export_slides.trigger()
window.files.act_export_jira.trigger()
window.files.act_export_azure.trigger()
for name in ("app.pptx", "app-jira.csv", "app-azure.csv"):
    assert (out / name).stat().st_size > 0, name
window.recovery.autosave()
window.doc.undo_stack.setClean()
window.close()
app.processEvents()
"""


def test_starting_the_app_and_importing_opens_no_network_socket(tmp_path: Path) -> None:
    assert_offline(run_fenced(APP, tmp_path))


CLI_DELIVERABLES = """
import os
from pathlib import Path
out = Path(os.environ["OUT"])
from sweetspot.cli import main
sample = os.environ["SAMPLE"]
assert main(["deck", sample, "-o", str(out / "cli.pptx"), "--draws", "100"]) == 0
assert main(["rank", sample, "--issues", "jira", "-o", str(out / "cli-jira.csv")]) == 0
assert main(["rank", sample, "--issues", "azure", "-o", str(out / "cli-azure.csv")]) == 0
for name in ("cli.pptx", "cli-jira.csv", "cli-azure.csv"):
    assert (out / name).stat().st_size > 0, name
"""


def test_cli_deck_and_tracker_csvs_open_no_network_socket(tmp_path: Path) -> None:
    assert_offline(run_fenced(CLI_DELIVERABLES, tmp_path))


def test_self_check_a_connect_is_caught(tmp_path: Path) -> None:
    body = """
import socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except OSError:
    pass
"""
    report = run_fenced(body, tmp_path)
    events = [a[0] for a in report["attempts"]]
    assert events and events[0] in ("socket.getaddrinfo", "socket.__new__", "socket.connect")
    with pytest.raises(AssertionError):
        assert_offline(report)


def test_self_check_an_url_fetch_and_a_raw_socket_are_caught(tmp_path: Path) -> None:
    body = """
import socket, urllib.request
for attempt in (
    lambda: urllib.request.urlopen("http://example.com", timeout=1),
    lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM),
    lambda: socket.getaddrinfo("example.com", 80),
):
    try:
        attempt()
    except OSError:
        pass
"""
    report = run_fenced(body, tmp_path)
    events = {a[0] for a in report["attempts"]}
    assert {"urllib.Request", "socket.__new__", "socket.getaddrinfo"} <= events


def test_self_check_a_socket_opened_below_python_is_seen(tmp_path: Path) -> None:
    """The /proc scan sees an internet socket the audit hook never heard of."""
    body = """
import ctypes, socket
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
assert fd >= 0
local = libc.socket(socket.AF_UNIX, socket.SOCK_STREAM, 0)  # local: allowed
assert local >= 0
"""
    report = run_fenced(body, tmp_path)
    assert report["attempts"] == []
    assert [kind for kind, _, _ in report["inet"]] == ["unbound"]
