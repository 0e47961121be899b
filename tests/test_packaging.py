"""Cheap checks of the packaging files, without building: the spec runs (with PyInstaller's
classes replaced by recorders), names the right version, bundles files that exist, and the
Linux desktop entry, MIME type and icons are complete. The real build and its smoke test are
`packaging/build.sh` (docs/packaging.md)."""

from __future__ import annotations

import configparser
import json
import struct
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sweetspot import resources

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


class Recorder:
    """Stands in for Analysis / PYZ / EXE / COLLECT / BUNDLE and keeps what it was given."""

    made: ClassVar[list[Recorder]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.kind = type(self).__name__
        Recorder.made.append(self)
        # What Analysis exposes to the rest of the spec: (name, path, typecode) lists.
        self.scripts = [
            ("pyi_rth_mplconfig", "/x/pyi_rth_mplconfig.py", "PYSOURCE"),
            ("rthook_mpl_cache", "/x/rthook_mpl_cache.py", "PYSOURCE"),
            ("__main__", "/x/__main__.py", "PYSOURCE"),
        ]
        self.pure: list[Any] = []
        self.binaries = [
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "/v/libqxcb.so", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/v/libqoffscreen.so", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqwayland.so", "/v/libqwayland.so", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqvnc.so", "/v/libqvnc.so", "BINARY"),
            ("PySide6/Qt/plugins/imageformats/libqsvg.so", "/v/libqsvg.so", "BINARY"),
            ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "/v/libqsvgicon.so", "BINARY"),
            ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/v/libqgtk3.so", "BINARY"),
            ("PySide6/Qt/lib/libQt6Svg.so.6", "/v/libQt6Svg.so.6", "BINARY"),
            ("PySide6/Qt/lib/libQt6Network.so.6", "/v/libQt6Network.so.6", "BINARY"),
            ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ]
        self.datas = [
            ("PySide6/Qt/translations/qtbase_de.qm", "/v/qtbase_de.qm", "DATA"),
            ("PySide6/Qt/translations/qtwebengine_de.qm", "/v/qtwebengine_de.qm", "DATA"),
        ]


def _recorder(name: str) -> type[Recorder]:
    return type(name, (Recorder,), {})


def run_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, onefile: bool = False
) -> tuple[dict[str, Any], dict[str, list[Recorder]]]:
    """Execute build.spec the way PyInstaller does, with recorders for its classes."""
    Recorder.made = []
    hooks = types.ModuleType("PyInstaller.utils.hooks")

    def copy_metadata(name: str) -> list[tuple[str, str]]:
        return [(f"/site/{name}-{VERSION}.dist-info", f"{name}-{VERSION}.dist-info")]

    def collect_submodules(package: str, filter: Any = lambda _n: True) -> list[str]:
        names = [
            ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for f in sorted((ROOT / package).rglob("*.py"))
        ]
        return [n for n in names if filter(n)]

    hooks.copy_metadata = copy_metadata  # type: ignore[attr-defined]
    hooks.collect_submodules = collect_submodules  # type: ignore[attr-defined]
    for mod in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, mod, types.ModuleType(mod))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setenv("SWEETSPOT_ONEFILE", "1" if onefile else "0")
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec adds packaging/ to it
    names = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    namespace: dict[str, Any] = {
        "SPECPATH": str(ROOT),
        "workpath": str(tmp_path / "work"),
        "DISTPATH": str(tmp_path / "dist"),
        "__name__": "__main__",
        **{n: _recorder(n) for n in names},
    }
    code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    exec(code, namespace)
    made = {n: [r for r in Recorder.made if r.kind == n] for n in names}
    return namespace, made


@pytest.fixture(scope="module")
def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def test_spec_compiles(spec_text: str) -> None:
    compile(spec_text, str(SPEC), "exec")


def test_spec_builds_one_folder_named_sweetspot_with_the_pyproject_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns, made = run_spec(tmp_path, monkeypatch)
    assert ns["VERSION"] == VERSION
    assert ns["APP_NAME"] == "SweetSpot"
    assert len(made["EXE"]) == 1 and len(made["COLLECT"]) == 1
    exe = made["EXE"][0]
    assert exe.kwargs["name"] == "SweetSpot"
    assert exe.kwargs["exclude_binaries"] is True
    assert made["COLLECT"][0].kwargs["name"] == "SweetSpot"
    if sys.platform in ("win32", "darwin"):
        icon = Path(exe.kwargs["icon"])
        assert icon.exists() and icon.suffix == {"win32": ".ico", "darwin": ".icns"}[sys.platform]
    else:
        assert exe.kwargs["icon"] is None  # Linux: the .desktop entry names the icon
    # The About box reads the version from the bundled package metadata.
    datas = made["Analysis"][0].kwargs["datas"]
    assert (f"/site/sweetspot-{VERSION}.dist-info", f"sweetspot-{VERSION}.dist-info") in datas


@pytest.mark.parametrize(("platform", "suffix"), [("win32", ".ico"), ("darwin", ".icns")])
def test_windows_and_macos_builds_get_their_icon_and_macos_an_app_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, suffix: str
) -> None:
    # Only the spec's platform branches are under test: matplotlib's font scan would look for
    # the Windows registry, so the font cache step is a stub here.
    fake = types.ModuleType("mpl_font_cache")
    cache = tmp_path / "fontlist-v0.json"
    cache.write_text("{}", encoding="utf-8")
    fake.write_font_cache = lambda _out: cache  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mpl_font_cache", fake)
    monkeypatch.setattr(sys, "platform", platform)
    _ns, made = run_spec(tmp_path, monkeypatch)
    icon = Path(made["EXE"][0].kwargs["icon"])
    assert icon.exists() and icon.suffix == suffix and icon.parent == ROOT / "resources"
    assert made["EXE"][0].kwargs["strip"] is False
    bundles = made["BUNDLE"]
    if platform == "darwin":
        assert len(bundles) == 1
        plist = bundles[0].kwargs["info_plist"]
        assert bundles[0].kwargs["name"] == "SweetSpot.app"
        assert plist["CFBundleShortVersionString"] == VERSION
    else:
        assert bundles == []


def test_onefile_variant_is_one_exe_and_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ns, made = run_spec(tmp_path, monkeypatch, onefile=True)
    assert made["COLLECT"] == []
    exe = made["EXE"][0]
    assert exe.kwargs["name"] == "SweetSpot"
    assert "exclude_binaries" not in exe.kwargs
    assert len(exe.args) == 5  # pyz, scripts, binaries, datas, options: all in the one file


def test_every_bundled_file_exists_and_samples_and_template_sources_are_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ns, made = run_spec(tmp_path, monkeypatch)
    analysis = made["Analysis"][0]
    datas: list[tuple[str, str]] = analysis.kwargs["datas"]
    local = [(Path(src), dest) for src, dest in datas if not src.startswith("/site/")]
    missing = [str(src) for src, _dest in local if not src.exists()]
    assert missing == []
    dests = {(src.name, dest) for src, dest in local}
    for sample in ("retail_bank.xlsx", "pharma_hcp.xlsx", "retail_bank_messy.xlsx"):
        assert (sample, "sample_data") in dests
    assert ("retail_bank_csv", "sample_data/retail_bank_csv") in dests
    for resource in ("sweetspot.desktop", "sweetspot-mime.xml", "sweetspot.ico", "sweetspot.icns"):
        assert (resource, "resources") in dests
    # The font cache was built at "build time" and is valid JSON listing DejaVu Sans.
    cache = next(src for src, dest in local if dest == "mpl-fontcache")
    assert cache.parent == tmp_path / "work" / "mpl-fontcache"
    fonts = json.loads(cache.read_text(encoding="utf-8"))["ttflist"]
    assert any(f["name"] == "DejaVu Sans" for f in fonts)
    # Bundled fonts only, stored relative to matplotlib's data folder (valid wherever unpacked).
    assert all(not Path(f["fname"]).is_absolute() for f in fonts)
    # Every sweetspot module is bundled: the window imports its views by name (importlib), and
    # the template is written by code (sweetspot.core.template).
    hidden = set(analysis.kwargs["hiddenimports"])
    for module in (
        "sweetspot.core.template",
        "sweetspot.ui.views.matrix_view",
        "sweetspot.ui.views.graph_view",
        "sweetspot.ui.views.backlog_view",
        "sweetspot.ui.views.data_view",
        "sweetspot.ui.views.weights_panel",
        "sweetspot.ui.views.details_panel",
        "sweetspot.resources",
    ):
        assert module in hidden, module
    assert "sweetspot.__main__" not in hidden  # the entry script, not a module to import
    # Our run-time hook exists and replaces PyInstaller's matplotlib one.
    hooks = [Path(h) for h in analysis.kwargs["runtime_hooks"]]
    assert all(h.exists() for h in hooks)
    assert [s[0] for s in analysis.scripts] == ["rthook_mpl_cache", "__main__"]


def test_prebuilt_font_cache_loads_and_finds_the_chart_font(tmp_path: Path) -> None:
    import matplotlib as mpl
    from matplotlib import font_manager as fm

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from mpl_font_cache import write_font_cache
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    path = write_font_cache(tmp_path)
    assert path.name == f"fontlist-v{fm.FontManager.__version__}.json"
    manager = fm.json_load(str(path))
    found = Path(manager.findfont("DejaVu Sans", rebuild_if_missing=False))
    assert found.exists()
    assert found.is_relative_to(Path(mpl.get_data_path()))
    bold = manager.findfont(fm.FontProperties(family="DejaVu Sans", weight="bold"))
    assert Path(bold).name == "DejaVuSans-Bold.ttf"


def test_qt_plugins_kept_and_unused_qt_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ns, made = run_spec(tmp_path, monkeypatch)
    analysis = made["Analysis"][0]
    kept = {Path(b[0]).name for b in analysis.binaries}
    assert kept == {
        "libqxcb.so",
        "libqoffscreen.so",
        "libqwayland.so",
        "libqsvg.so",
        "libqsvgicon.so",
        "libQt6Svg.so.6",
    }
    assert [Path(d[0]).name for d in analysis.datas] == ["qtbase_de.qm"]
    excludes = set(analysis.kwargs["excludes"])
    for module in ("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "tkinter"):
        assert module in excludes
    # Only a demo of vaderSentiment imports nltk and requests; nltk's run-time hook, bundled,
    # stopped the frozen app at start (it needs ssl, which is excluded).
    for module in ("nltk", "requests", "textblob"):
        assert module in excludes
    # Used at run time: never excluded (matplotlib's Qt backend imports QtSvg).
    for module in ("PySide6.QtSvg", "PySide6.QtWidgets", "PySide6.QtGui", "pandas.plotting"):
        assert module not in excludes
    assert analysis.kwargs["hooksconfig"]["matplotlib"]["backends"][0] == "QtAgg"


def test_desktop_entry_has_the_required_keys() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ROOT / "resources" / "sweetspot.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "SweetSpot"
    assert entry["Exec"].split()[0] == "SweetSpot" and "%f" in entry["Exec"]
    assert entry["Icon"] == "sweetspot"
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")
    mime = set(entry["MimeType"].strip(";").split(";"))
    assert mime == {
        "application/x-sweetspot",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
        "text/csv",
    }


def test_mime_description_defines_the_project_type() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(ROOT / "resources" / "sweetspot-mime.xml").getroot()
    kind = root.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == "application/x-sweetspot"
    globs = [g.get("pattern") for g in kind.findall("m:glob", ns)]
    assert globs == ["*.sweetspot"]


def test_icon_files_are_complete() -> None:
    res = ROOT / "resources"
    for size in (16, 32, 48, 128, 256, 512):
        data = (res / f"sweetspot-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    ico = (res / "sweetspot.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6])[:2] == (0, 1) and struct.unpack("<H", ico[4:6])[0] >= 5
    # .icns: magic, total length, then (type, length, PNG) elements that fill the file exactly.
    icns = (res / "sweetspot.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    offset, types_found = 8, []
    while offset < len(icns):
        kind, length = (
            icns[offset : offset + 4],
            struct.unpack(">I", icns[offset + 4 : offset + 8])[0],
        )
        assert icns[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        types_found.append(kind)
        offset += length
    assert offset == len(icns)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(types_found)


def test_build_script_and_smoke_test_are_in_place() -> None:
    for shell in ("build.sh", "install-linux.sh"):
        script = ROOT / "packaging" / shell
        assert script.read_text(encoding="utf-8").startswith("#!/bin/sh")
        assert script.stat().st_mode & 0o111, f"{shell} is not executable"
    for name in ("build.py", "smoke_test.py", "mpl_font_cache.py", "rthook_mpl_cache.py"):
        compile((ROOT / "packaging" / name).read_text(encoding="utf-8"), name, "exec")


def test_build_output_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


# -- where the built app finds its files ---------------------------------------------------------
def test_resources_found_in_the_source_tree() -> None:
    assert resources.sample_data_dir() == ROOT / "sample_data"
    assert resources.resources_dir() == ROOT / "resources"
    assert not resources.is_frozen()


def test_resources_found_in_a_frozen_app_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "sample_data").mkdir(parents=True)
    (bundle / "resources").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "SweetSpot"))
    assert resources.is_frozen()
    assert resources.bundle_roots()[:2] == [bundle, tmp_path]
    assert resources.sample_data_dir() == bundle / "sample_data"
    assert resources.resources_dir() == bundle / "resources"
    assert resources.data_dirs("sample_data")[-1] == ROOT / "sample_data"


def test_missing_data_folder_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resources.find_data_dir("no_such_folder_anywhere") is None


def test_the_package_version_is_pyprojects() -> None:
    import tomllib

    import sweetspot

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert sweetspot.__version__ == pyproject["project"]["version"]
