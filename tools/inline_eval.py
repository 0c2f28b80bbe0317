"""Numbers in prose as ``{eval}`name``` inline expressions, in the book and in JupyterLab.

A markdown cell writes a number as ``{eval}`resting_text``` where ``resting_text``
is a variable a code cell above it defined (usually a string from
``formatting.for_people``). jupyterlab-myst evaluates it in the kernel when the
cell is run. myst-nb's own ``{eval}`` role only works in its ``inline``
execution mode (a kernel alive while the page is rendered); the book renders
notebooks that were executed beforehand (``cache`` mode fed by nbval or by
tools/execute_notebooks.py, or ``force`` mode in a plain ``jupyter-book
build``), so this module makes every execution *record* the values:

1. **Recording** (whoever executes the notebook). After each non-empty code
   cell, the names used by the markdown cells between it and the next code cell
   are evaluated in the kernel as Jupyter ``user_expressions`` (one silent
   request, exactly what jupyterlab-myst sends when it renders the cell), and
   each result is appended to that code cell as a glue-format output
   (``metadata.scrapbook``, mime types prefixed ``application/papermill.record/``)
   under the key ``eval:<name>:<cell index>``. myst-nb removes such outputs from
   the rendered page and keeps them in ``nb_client.glue_data``; jupyter-cache
   stores them with the other outputs (markdown is not cached). A name that
   does not evaluate (``NameError``, an expression that is not a plain name)
   fails the execution like an error in a code cell.

   Executors: :func:`execute` replaces ``nbclient.execute`` inside
   jupyter-cache (:func:`install`), which covers myst-nb's ``cache`` and
   ``force`` modes and tools/execute_notebooks.py; tools/nbval_cache.py does
   the same for nbval's runs (:func:`evaluate_with` on nbval's kernel).

2. **Rendering** (this module is a Sphinx extension, see ``_config.yml``). The
   ``{eval}`` role is replaced by one that reads the value recorded after the
   last code cell before its markdown cell (the value jupyterlab-myst shows
   when the notebook is run from the top), a string's ``text/plain`` without
   its quotes, as jupyterlab-myst strips them. It warns (an error under
   ``-W``) when a name has no record there (used before any code cell, or the
   notebook was not executed). In myst-nb's ``inline`` mode the role defers to
   myst-nb's own.

3. **Figures.** A code cell's figure caption and alt text (myst-nb's
   ``mystnb.figure.caption`` and ``mystnb.image.alt`` metadata) may use
   ``{eval}`` too: those names are recorded after the figure cell itself; the
   caption is parsed as Markdown (the role above), and the alt text is filled
   in by a wrapper of myst-nb's image renderer (:func:`substitute_in_alt`).
"""

from __future__ import annotations

import re
from typing import Any

GLUE_PREFIX = "application/papermill.record/"
KEY_PREFIX = "eval:"
#: ``{eval}`...``` in MyST markdown (the role's content cannot contain a backtick).
EVAL_ROLE = re.compile(r"\{eval\}`([^`]*)`")
#: What ``{eval}`` may hold here: one plain variable name.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class EvalRecordError(RuntimeError):
    """A name used in ``{eval}`` did not evaluate in the kernel."""


# ------------------------------------------------------------------ what to evaluate


def eval_names(markdown: str) -> list[str]:
    """The contents of the ``{eval}`` roles of a markdown text, in order, without repeats."""
    return list(dict.fromkeys(match.strip() for match in EVAL_ROLE.findall(markdown)))


def names_by_code_cell(cells) -> dict[int, list[str]]:
    """For each non-empty code cell (by index), the ``{eval}`` names of the markdown cells after it.

    A markdown cell's names are evaluated right after the last non-empty code
    cell before it, which is the kernel state jupyterlab-myst sees when the
    notebook is run from the top. The names in a code cell's figure caption and
    alt text are evaluated after that cell itself. Names in markdown before any
    code cell are listed under ``-1`` (nothing can record them).
    """
    found: dict[int, list[str]] = {}
    last = -1
    for index, cell in enumerate(cells):
        names = []
        if cell.get("cell_type") == "code":
            if str(cell.get("source", "")).strip():
                last = index
            names = eval_names(figure_text(cell.get("metadata", {})))
        elif cell.get("cell_type") == "markdown":
            names = eval_names(str(cell.get("source", "")))
        if names:
            merged = found.setdefault(last, [])
            merged.extend(name for name in names if name not in merged)
    return found


def figure_text(metadata) -> str:
    """The caption and alt text of a code cell's figure (myst-nb's ``mystnb`` metadata), which may use ``{eval}``."""
    options = (metadata or {}).get("mystnb", {}) or {}
    caption = (options.get("figure", {}) or {}).get("caption", "")
    alt = (options.get("image", {}) or {}).get("alt", "")
    return f"{caption}\n{alt}"


def record_key(name: str, cell_index: int) -> str:
    return f"{KEY_PREFIX}{name}:{cell_index}"


def record_outputs(cell_index: int, results: dict[str, dict]) -> list[dict]:
    """Glue-format outputs of evaluated ``user_expressions``; raises :class:`EvalRecordError` on a failed one."""
    import nbformat

    outputs = []
    for name, result in results.items():
        if not NAME.match(name):
            raise EvalRecordError(
                f"{{eval}}`{name}` after code cell {cell_index}: write a plain variable name "
                "(compute the value in a code cell and name it)"
            )
        if result.get("status") != "ok":
            raise EvalRecordError(
                f"{{eval}}`{name}` after code cell {cell_index} does not evaluate: "
                f"{result.get('ename', 'error')}: {result.get('evalue', '')} "
                "(define it in a code cell before the markdown cell that uses it)"
            )
        outputs.append(
            nbformat.v4.new_output(
                "display_data",
                data={GLUE_PREFIX + mime: value for mime, value in result.get("data", {}).items()},
                metadata={"scrapbook": {"name": record_key(name, cell_index), "mime_prefix": GLUE_PREFIX}},
            )
        )
    return outputs


def user_expressions(names: list[str]) -> dict[str, str]:
    return {name: name for name in names}


def evaluate_with(kc, names: list[str], timeout: float = 60.0) -> dict[str, dict]:
    """Evaluate ``names`` through a blocking kernel client (one silent execute request)."""
    import time
    from queue import Empty

    msg_id = kc.execute("", silent=True, store_history=False, user_expressions=user_expressions(names),
                        stop_on_error=False)
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EvalRecordError(f"the kernel did not evaluate {names} within {timeout:g} s")
        try:
            reply = kc.get_shell_msg(timeout=remaining)
        except Empty:
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"].get("user_expressions", {})


# ------------------------------------------------------------------ recording with nbclient

_client_class = None


def _recording_client():
    global _client_class
    if _client_class is not None:
        return _client_class
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbclient.util import ensure_async

    class RecordingNotebookClient(NotebookClient):
        """nbclient's client that records the ``{eval}`` values after each code cell."""

        async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if not hasattr(self, "_eval_names"):
                self._eval_names = names_by_code_cell(self.nb.cells)
            names = self._eval_names.get(cell_index)
            if not names or cell.cell_type != "code":
                return cell
            msg_id = await ensure_async(
                self.kc.execute("", silent=True, store_history=False,
                                user_expressions=user_expressions(names), stop_on_error=False)
            )
            reply = await self.async_wait_for_reply(msg_id, cell)
            results = (reply or {}).get("content", {}).get("user_expressions", {})
            try:
                cell.outputs.extend(record_outputs(cell_index, {name: results.get(name, {}) for name in names}))
            except EvalRecordError as error:
                raise CellExecutionError(str(error), "EvalRecordError", str(error)) from None
            return cell

    _client_class = RecordingNotebookClient
    return _client_class


def execute(nb, cwd: str | None = None, km=None, **kwargs: Any):
    """``nbclient.execute`` that also records the ``{eval}`` values (same signature)."""
    resources = {}
    if cwd is not None:
        resources["metadata"] = {"path": cwd}
    return _recording_client()(nb=nb, resources=resources, km=km, **kwargs).execute()


def install() -> None:
    """Make jupyter-cache's executor (used by myst-nb and tools/execute_notebooks.py) record ``{eval}`` values."""
    import jupyter_cache.executors.utils as executor

    executor.executenb = execute


# ------------------------------------------------------------------ rendering (Sphinx)


def _recorded(glue_data: dict, name: str, before: int) -> list[dict]:
    """The record of ``name`` made after the last code cell before cell ``before`` (a list of at most one)."""
    prefix = f"{KEY_PREFIX}{name}:"
    found = {}
    for key, output in glue_data.items():
        if key.startswith(prefix) and key[len(prefix):].isdigit() and int(key[len(prefix):]) < before:
            found[int(key[len(prefix):])] = output
    return [found[max(found)]] if found else []


def _cell_index(client, line: int) -> int:
    """The notebook cell a source line of the parsed page belongs to (myst-nb's cell source map)."""
    index = 0
    for cell in range(len(client.notebook.cells)):
        if client.cell_line(cell) <= line:
            index = cell
    return index


def _position(client, line: int) -> int:
    """Records made after cells before this index are visible at ``line``.

    In a markdown cell: the records of the code cells above it; in a code
    cell's figure caption: also that cell's own.
    """
    index = _cell_index(client, line)
    return index + 1 if client.notebook.cells[index].get("cell_type") == "code" else index


def substitute_in_alt(client, alt: str, line: int) -> str:
    """``{eval}`name``` in a figure's alt text (``mystnb.image.alt``), from the records of the figure's cell."""
    from myst_nb.core.variables import RetrievalError

    def value(match):
        name = match.group(1).strip()
        outputs = _recorded(client.glue_data, name, before=_position(client, line)) if NAME.match(name) else []
        text = outputs[0].get("data", {}).get("text/plain") if outputs else None
        if text is None:
            raise RetrievalError(f"{{eval}}`{name}` in an alt text: no value was recorded for it")
        return _strip_quotes(str(text))

    return EVAL_ROLE.sub(value, alt)


def _install_alt_substitution() -> None:
    """Let myst-nb's image renderer fill ``{eval}`` names in alt texts (one wrapped method)."""
    from myst_nb.core.render import NbElementRenderer
    from myst_nb.core.variables import RetrievalError

    original = NbElementRenderer.render_image
    if getattr(original, "_inline_eval", False):
        return

    def render_image(self, data):
        image_nodes = original(self, data)
        client = getattr(self.renderer, "nb_client", None)
        for node in image_nodes:
            alt = node.get("alt", "")
            if client is None or "{eval}`" not in alt:
                continue
            try:
                node["alt"] = substitute_in_alt(client, alt, data.line)
            except RetrievalError as error:
                self.logger.warning(str(error), subtype="eval", line=data.line)
        return image_nodes

    render_image._inline_eval = True
    NbElementRenderer.render_image = render_image


def _strip_quotes(text: str) -> str:
    """A string's repr without its quotes (jupyterlab-myst: ``/^(["'])(.*)\\1$/``)."""
    match = re.fullmatch(r"""(["'])(.*)\1""", text)
    return match.group(2) if match else text


def _eval_role():
    from docutils import nodes
    from myst_nb.core.execute.inline import NotebookClientInline
    from myst_nb.core.variables import VariableOutput, create_warning, render_variable_outputs
    from myst_nb.ext.eval import EvalRoleAny
    from myst_nb.ext.utils import RoleBase

    native = EvalRoleAny()

    class RecordedEvalRole(RoleBase):
        """``{eval}`name```: the value the notebook's execution recorded for ``name``."""

        def __call__(self, name, rawtext, text, lineno, inliner, options=None, content=()):
            renderer = inliner.document.get("nb_renderer")
            client = getattr(getattr(renderer, "renderer", None), "nb_client", None)
            if isinstance(client, NotebookClientInline):
                return native(name, rawtext, text, lineno, inliner, options or {}, content)
            return super().__call__(name, rawtext, text, lineno, inliner, options or {}, content)

        def warn(self, message):
            return [], [create_warning(message, self.document, self.line, subtype="eval")]

        def run(self):
            name = self.text.strip()
            if not NAME.match(name):
                return self.warn(f"{{eval}}`{name}`: write a plain variable name defined in a code cell above")
            element = self.document.get("nb_renderer")
            if element is None:
                return self.warn(f"{{eval}}`{name}` is only available in a notebook")
            client = element.renderer.nb_client
            outputs = _recorded(client.glue_data, name, before=_position(client, self.line))
            if not outputs:
                return self.warn(
                    f"{{eval}}`{name}`: no value was recorded for it (define it in a code cell before this "
                    "markdown cell; is the notebook excluded from execution?)"
                )
            bundles = [dict(outputs[0].get("data", {}))]
            if set(bundles[0]) == {"text/plain"}:
                # Plain text, as {glue:text} pasted it (jupyterlab-myst strips a string's quotes the same way).
                return [nodes.Text(_strip_quotes(str(bundles[0]["text/plain"])))], []
            data = VariableOutput(
                data=bundles[0],
                metadata={**dict(outputs[0].get("metadata", {})), "strip_text_quotes": True},
                nb_renderer=element,
                vtype="eval",
                index=0,
            )
            return render_variable_outputs([data], self.document, self.line, self.source, inline=True), []

    return RecordedEvalRole()


def _add_role(app):
    app.add_role("eval", _eval_role(), override=True)


def setup(app):
    install()
    _install_alt_substitution()
    # After myst-nb's setup registered its own eval role.
    app.connect("builder-inited", _add_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
