"""No data lost: a process saving a project is killed (SIGKILL, no clean-up at all) at random
moments, 50 times; the project on disk is always loadable and is the old or the new version,
never a torn mix, and its `.bak` holds the version before it.

A self-check runs the same harness against a naive writer (open, write in pieces) and must see a
torn file, so the kill test is known to be able to fail.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

import pytest

from sweetspot.core.model import Workshop
from sweetspot.core.project import (
    SCHEMA_VERSION,
    FileStamp,
    Project,
    ProjectError,
    backup_path,
    dumps_project,
    load_project,
    save_project,
)
from sweetspot.core.scoring import ScoringSettings
from tests.conftest import make_small_workshop

ROWS = 3000  # about 0.6 MB of JSON: a save takes long enough to be hit mid-way
KILLS = 50
SLOW_DISK = 0.03  # seconds per fsync in the saving child

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)


def big_workshop() -> Workshop:
    w = make_small_workshop()
    ins = w.insights.iloc[[i % 2 for i in range(ROWS)]].reset_index(drop=True)
    ins["id"] = [f"I{i}" for i in range(len(ins))]
    w.insights = ins
    return w


def project_of(workshop: Workshop, generation: int) -> Project:
    workshop.insights["need"] = [f"gen {generation} need {i}" for i in range(ROWS)]
    return Project(
        workshop,
        ScoringSettings(alpha=(generation % 100) / 100),
        view_state={"generation": generation},
    )


def generation_of(project: Project) -> int:
    """The generation a loaded project claims, after checking every part agrees with it."""
    g = int(project.view_state["generation"])
    needs = project.workshop.insights["need"].tolist()
    assert len(needs) == ROWS
    assert needs[0] == f"gen {g} need 0" and needs[-1] == f"gen {g} need {ROWS - 1}"
    assert all(n.startswith(f"gen {g} ") for n in needs)
    assert project.settings.alpha == pytest.approx((g % 100) / 100)
    return g


def _naive_save(project: Project, path: Path) -> None:
    """What a save without the defence looks like: truncate, then write piece by piece."""
    data = dumps_project(project).encode("utf-8")
    with open(path, "wb") as f:
        for start in range(0, len(data), 16384):
            f.write(data[start : start + 16384])
            f.flush()
            time.sleep(SLOW_DISK / 20)  # the same slow disk as the real save gets


def _save_forever(
    path: str, first: int, done: Synchronized, naive: bool, workshop: Workshop
) -> None:
    """Child: save generation after generation until killed.

    The disk is made slow (each fsync waits), as on a laptop writing to a network share or a
    busy SSD: otherwise nearly every kill lands in the CPU work before the write."""
    real_fsync = os.fsync

    def slow_fsync(fd: Any) -> None:
        time.sleep(SLOW_DISK)
        real_fsync(fd)

    os.fsync = slow_fsync  # only in this forked child
    g = first
    while True:
        project = project_of(workshop, g)
        if naive:
            _naive_save(project, Path(path))
        else:
            save_project(project, path)
        done.value = g
        g += 1


def kill_while_saving(path: Path, kills: int, *, naive: bool = False, stop_on_tear: bool = False):
    """Run the kill loop; returns (torn count, generations loaded, kills that hit a save)."""
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261201)
    workshop = big_workshop()  # built once; the forked children share it
    save_project(project_of(workshop, 0), path)
    last = 0
    torn = 0
    mid_write = 0
    seen: list[int] = []
    for _ in range(kills):
        done = ctx.Value("q", -1)
        child = ctx.Process(target=_save_forever, args=(str(path), last + 1, done, naive, workshop))
        child.start()
        time.sleep(rng.uniform(0.0, 0.4))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        temps = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        completed = done.value if done.value >= 0 else last
        try:
            g = generation_of(load_project(path))
        except (ProjectError, AssertionError, KeyError, ValueError):
            torn += 1
            if stop_on_tear:
                break
            save_project(project_of(workshop, completed), path)
            last = completed
            continue
        # Old or new: the last finished save, or the one that was running.
        assert g in (completed, completed + 1), (g, completed)
        if temps or g == completed + 1 or g != last:
            mid_write += bool(temps)
        if not naive and backup_path(path).exists():
            # The backup is a whole project too: the version before, or (killed between the
            # backup and the write) the same one.
            b = generation_of(load_project(backup_path(path)))
            assert b in (g - 1, g) or (g == last and b <= g), (b, g)
        elif not naive:
            assert g == 0  # no save has finished yet: nothing to back up
        for temp in temps:  # stale temp files of killed saves; a real crash leaves them too
            temp.unlink()
        seen.append(g)
        last = g
    return torn, seen, mid_write


def test_a_save_killed_at_random_moments_never_tears_the_project(tmp_path: Path) -> None:
    path = tmp_path / "workshop.sweetspot"
    torn, seen, mid_write = kill_while_saving(path, KILLS)
    assert torn == 0
    assert len(seen) == KILLS
    # The kills really landed in saves: new versions were written, and some kills hit a save
    # between creating its temporary file and replacing the project.
    assert seen[-1] > 10
    assert mid_write >= 3, mid_write


def test_self_check_the_harness_does_find_a_torn_naive_save(tmp_path: Path) -> None:
    torn, _, _ = kill_while_saving(tmp_path / "naive.sweetspot", 30, naive=True, stop_on_tear=True)
    assert torn >= 1


def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "p.sweetspot"
    w = make_small_workshop()
    for alpha in (0.1, 0.2, 0.3):
        save_project(Project(w, ScoringSettings(alpha=alpha)), path)
    assert load_project(path).settings.alpha == 0.3
    assert load_project(backup_path(path)).settings.alpha == 0.2


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = save_project(Project(make_small_workshop()), tmp_path / "p.sweetspot")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["schema_version"] = SCHEMA_VERSION + 3
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError) as info:
        load_project(path)
    message = str(info.value)
    assert message.startswith("p.sweetspot was saved by a newer version of SweetSpot")
    assert f"file format {SCHEMA_VERSION + 3}" in message and "Update SweetSpot" in message
    assert "\n" not in message
    assert path.read_bytes() == before


def test_older_schema_is_migrated_and_saved_as_current(tmp_path: Path) -> None:
    path = tmp_path / "old.sweetspot"
    old = {
        "alpha": 0.7,
        "insights": [{"id": "I1", "need": "Queues", "importance": 5, "satisfaction": 2}],
        "objectives": [{"id": "O1", "objective": "Cost", "weight": 1}],
        "initiatives": [{"id": "A", "initiative": "Booking"}],
        "links": [{"initiative": "A", "target": "I1", "strength": 9}],
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    project = load_project(path)
    assert project.settings.alpha == 0.7
    assert project.workshop.insights["need"].tolist() == ["Queues"]
    save_project(project, path)
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    # The pre-migration file is the backup, untouched.
    assert json.loads(backup_path(path).read_text(encoding="utf-8")) == old


def test_a_change_on_disk_by_someone_else_is_detected(tmp_path: Path) -> None:
    path = save_project(Project(make_small_workshop()), tmp_path / "p.sweetspot")
    stamp = FileStamp.of(path)
    assert stamp is not None and stamp.matches(path)
    # A colleague saves the same project from their laptop (same size, new content).
    other = load_project(path)
    other.settings = ScoringSettings(alpha=0.9)
    data = dumps_project(other).encode("utf-8")
    path.write_bytes(data)
    assert not stamp.matches(path)
    # Deleted or replaced by a folder: also "changed".
    path.unlink()
    assert not stamp.matches(path)


def test_temp_files_left_by_killed_saves_are_tidied_on_the_next_save(tmp_path: Path) -> None:
    path = save_project(Project(make_small_workshop()), tmp_path / "p [v2].sweetspot")
    old = [tmp_path / ".p [v2].sweetspot.abc123.tmp", tmp_path / ".p [v2].sweetspot.bak.x9.tmp"]
    running = tmp_path / ".p [v2].sweetspot.fresh.tmp"  # another save, in progress right now
    other = tmp_path / ".other.sweetspot.abc.tmp"
    for temp in (*old, running, other):
        temp.write_bytes(b"{half a proj")
    hours_ago = time.time() - 2 * 3600
    for temp in (*old, other):
        os.utime(temp, (hours_ago, hours_ago))
    save_project(Project(make_small_workshop()), path)
    assert not any(t.exists() for t in old)
    assert running.exists() and other.exists()
