"""Sphinx configuration for the ipsrules documentation."""

from importlib import metadata

# -- Project -----------------------------------------------------------------

project = "ipsrules"
author = "The ipsrules developers"
copyright = f"2025, {author}"  # noqa: A001
release = metadata.version("ipsrules")
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------

extensions = [
    # MyST-NB reads the Markdown pages (it includes myst-parser) and the notebooks.
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Single backticks in docstrings (`Rule`, `follow_up_id`) are references to Python
# objects; one that cannot be resolved renders as code without a warning.
default_role = "py:obj"

# -- MyST --------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# Make `#`, `##` and `###` headings linkable as `page.md#slug`.
myst_heading_anchors = 3

# -- MyST-NB: notebooks ----------------------------------------------------------

# The notebooks are kept without outputs and run afresh at every build, so the pages always
# show what the current code computes; an error in a cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_execution_show_tb = True

# -- autodoc and napoleon ----------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"

napoleon_google_docstring = True
napoleon_numpy_docstring = False
# An `Attributes:` section becomes `:ivar:` fields inside the class description,
# not `.. attribute::` directives of their own: attrs fields are documented once,
# by the docstring, and never again by autodoc members.
napoleon_use_ivar = True
# The types of attrs fields are shown once, from the signature, under "Parameters";
# taken from the annotations they would name the private modules (`ipsrules._model`).
napoleon_attr_annotations = False

# -- HTML --------------------------------------------------------------------

html_theme = "furo"
html_title = f"ipsrules {release}"
