"""Figure export: tagged cells give stable names, every other image is kept, and a broken
tag fails the build naming the lab and the cell. Notebooks are made by hand: no kernel."""

from __future__ import annotations

import base64

import nbformat
import pytest
import yaml

from dlbook_tools.book.figures import export_figures, figure_files
from dlbook_tools.errors import UserError
from support import ROOT

PNG = b"\x89PNG\r\n\x1a\n fake png bytes"
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><text>loss</text></svg>'


def image(*, png: bool = True, svg: bool = False):
    data = {"text/plain": "<Figure size 640x480 with 1 Axes>"}
    if png:
        data["image/png"] = base64.b64encode(PNG).decode()
    if svg:
        data["image/svg+xml"] = SVG
    return nbformat.v4.new_output("display_data", data=data)


def cell(source: str, *outputs, tags=()):
    c = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    c.outputs = list(outputs)
    return c


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lab"), *cells])


def test_a_tagged_cell_exports_under_its_name_svg_first_else_png(tmp_path):
    nb = notebook(
        cell("plot_loss()", image(png=True, svg=True), tags=["figure:loss-landscape"]),
        cell("plot_paths()", image(png=True), tags=["remove-nothing", "figure:paths"]),
    )
    path = tmp_path / "05-gradient-descent.ipynb"
    nbformat.write(nb, path)
    figures = export_figures(path, "docs/labs/05-gradient-descent.py", tmp_path / "figures")
    assert [(f.name, f.site_path) for f in figures] == [
        ("loss-landscape", "figures/05-gradient-descent/loss-landscape.svg"),
        ("paths", "figures/05-gradient-descent/paths.png"),
    ]
    assert (tmp_path / "figures/05-gradient-descent/loss-landscape.svg").read_text() == SVG
    assert (tmp_path / "figures/05-gradient-descent/paths.png").read_bytes() == PNG


def test_untagged_images_are_kept_by_cell_and_position():
    nb = notebook(cell("x = 1"), cell("two_plots()", image(), image(svg=True)),
                  cell("print('text only')", nbformat.v4.new_output("stream", text="hi\n")))
    # Cell 3, counting every cell from 1 (cell 1 is the markdown title), drew two images.
    assert sorted(figure_files(nb, "lab.py")) == ["cell-3-1.png", "cell-3-2.svg"]


def test_a_tag_on_a_cell_without_an_image_names_the_lab_and_cell():
    nb = notebook(cell("x = 1"), cell("print(loss)", tags=["figure:loss"]))
    with pytest.raises(UserError, match=r"lab docs/labs/03-losses\.py, cell 3 \(starting `print\(loss\)`\).*no image"):
        figure_files(nb, "docs/labs/03-losses.py")


def test_a_tagged_cell_with_two_images_is_an_error():
    nb = notebook(cell("both()", image(), image(), tags=["figure:both"]))
    with pytest.raises(UserError, match=r"cell 2 .*draws 2 image"):
        figure_files(nb, "lab.py")


def test_two_cells_with_one_name_is_an_error_naming_both():
    nb = notebook(cell("a()", image(), tags=["figure:curve"]), cell("b()", image(), tags=["figure:curve"]))
    with pytest.raises(UserError, match=r"lab\.py, cell 3 \(starting `b\(\)`\).*'curve'.*cell 2 \(starting `a\(\)`\)"):
        figure_files(nb, "lab.py")


@pytest.mark.parametrize("tags", [["figure:Bad Name"], ["figure:cell-2-1"], ["figure:a", "figure:b"]])
def test_malformed_reserved_or_double_tags_are_errors(tags):
    with pytest.raises(UserError, match="cell 2"):
        figure_files(notebook(cell("plot()", image(), tags=tags)), "lab.py")


def test_a_rebuild_rewrites_nothing_unchanged_and_deletes_stale_figures(tmp_path):
    path = tmp_path / "lab.ipynb"
    nbformat.write(notebook(cell("p()", image(), tags=["figure:old"])), path)
    export_figures(path, "lab.py", tmp_path)
    nbformat.write(notebook(cell("p()", image(), tags=["figure:new"]), cell("q()", image())), path)
    export_figures(path, "lab.py", tmp_path)
    kept = tmp_path / "lab" / "new.png"
    mtime = kept.stat().st_mtime_ns
    export_figures(path, "lab.py", tmp_path)
    assert sorted(p.name for p in (tmp_path / "lab").iterdir()) == ["cell-3-1.png", "new.png"]
    assert kept.stat().st_mtime_ns == mtime


def test_the_site_never_hides_cells_by_a_figure_tag():
    """mkdocs-jupyter removes cells for the tags its remove_tag_config lists: none may be figure:."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    listed = [t for tags in (jupyter.get("remove_tag_config") or {}).values() for t in tags]
    assert not [t for t in listed if t.startswith("figure:")]
