"""The solver: choose a problem type, fill a form built from the same options as ``dldrill solve``, see the steps.

The form is generated from each solver family's ``add_arguments`` (one source of truth with the CLI), and
the solver runs in a thread worker because the first SymPy import can take a moment.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any, NoReturn

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from dldrill.tui.screens.common import bind_keys

SKIPPED_OPTIONS = {"help", "json", "lang", "bank"}


class FormError(Exception):
    """The form could not be read (argparse's message, shown as a notification)."""


class FormParser(argparse.ArgumentParser):
    """An argparse parser that raises instead of printing usage and exiting (we are inside a full-screen app)."""

    def error(self, message: str) -> NoReturn:
        raise FormError(message)


def solver_parser(problem: str) -> tuple[Any, FormParser]:
    """The solver family module and a parser holding the problem's options."""
    from dldrill.commands.solve import PROBLEMS

    module = importlib.import_module(f"dldrill.commands.solvecli.{PROBLEMS[problem][0]}")
    parser = FormParser(prog=f"solve {problem}", add_help=False)
    module.add_arguments(problem, parser)
    return module, parser


def form_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.dest not in SKIPPED_OPTIONS and a.option_strings]


class SolverScreen(Screen[None]):
    """The list of problem types; Enter opens the form for one."""

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        from dldrill.commands.solve import PROBLEMS

        lang = self.dapp.lang
        yield Header()
        yield Static(self.dapp.t("solver.choose"), classes="hint")
        yield OptionList(*[Option(Text(f"{name:<21} {ja if lang == 'ja' else en}"), id=name)
                           for name, (_, ja, en) in PROBLEMS.items()], id="problem-list")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "home", "key.back")])
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(SolverFormScreen(str(event.option.id)))

    def action_home(self) -> None:
        self.app.pop_screen()


class SolverFormScreen(Screen[None]):
    """One field per option of the problem; ctrl+s solves and shows the worked solution below the form."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem
        self.module, self.parser = solver_parser(problem)

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        from dldrill.commands.solve import PROBLEMS

        _, ja, en = PROBLEMS[self.problem]
        yield Header()
        with VerticalScroll(id="solver-form"):
            yield Static(Text(f"{self.problem}: {ja if self.dapp.lang == 'ja' else en}", style="bold"))
            example = getattr(self.module, "EPILOG", {}).get(self.problem)
            if example:
                yield Static(Text(example), classes="hint")
            for action in form_actions(self.parser):
                label = f"{action.option_strings[-1]}  {action.help or ''}"
                if action.required:
                    label += f"  ({self.dapp.t('solver.required')})"
                if isinstance(action, argparse._StoreTrueAction):
                    yield Checkbox(Text(label), bool(action.default), id=f"f-{action.dest}")
                    continue
                yield Label(Text(label), classes="form-label")
                if action.choices:
                    choices = [(str(c), str(c)) for c in action.choices]
                    yield Select(choices, value=str(action.default) if action.default is not None else Select.BLANK,
                                 allow_blank=action.default is None, id=f"f-{action.dest}")
                else:
                    default = "" if action.default is None else str(action.default)
                    # a tuple metavar (several values per option) is not used by any solver form
                    placeholder = action.metavar if isinstance(action.metavar, str) else ""
                    yield Input(value=default, placeholder=placeholder, id=f"f-{action.dest}")
            yield Static(id="solution")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "back", "key.back"), ("ctrl+s", "solve", "key.solve")])
        for widget in self.query("Input, Select, Checkbox"):
            widget.focus()
            break

    def on_input_submitted(self) -> None:
        self.action_solve()

    def argv(self) -> list[str]:
        """The form as command-line arguments, exactly as ``dldrill solve PROBLEM`` would receive them."""
        args: list[str] = []
        for action in form_actions(self.parser):
            widget = self.query_one(f"#f-{action.dest}")
            option = action.option_strings[-1]
            if isinstance(widget, Checkbox):
                if widget.value:
                    args.append(option)
            elif isinstance(widget, Select):
                if widget.value is not Select.BLANK:
                    args += [option, str(widget.value)]
            elif isinstance(widget, Input) and widget.value.strip():
                args += [option, widget.value.strip()]
        return args

    def action_solve(self) -> None:
        try:
            args = self.parser.parse_args(self.argv())
        except FormError as exc:
            self.notify(str(exc), severity="error")
            return
        self.query_one("#solution", Static).update(self.dapp.t("solver.solving"))
        self.run_solver(args)

    @work(thread=True, exclusive=True)
    def run_solver(self, args: argparse.Namespace) -> None:
        """Solve off the UI thread; user errors come back as one-line notifications."""
        from dldrill.commands.solvecli.common import InputError
        from dldrill.render.terminal import solution_renderable
        from solvers.errors import SolverError

        lang = self.dapp.lang
        try:
            solution = self.module.solve(self.problem, args)
        except (SolverError, InputError) as exc:
            self.app.call_from_thread(self._failed, exc.message(lang))
            return
        self.app.call_from_thread(self._show, solution_renderable(solution, lang))

    def _failed(self, message: str) -> None:
        self.query_one("#solution", Static).update("")
        self.notify(message, severity="error")

    def _show(self, renderable: Any) -> None:
        solution = self.query_one("#solution", Static)
        solution.update(renderable)
        # after the next refresh: the new steps must be laid out before there is a place to scroll to
        form = self.query_one("#solver-form", VerticalScroll)
        self.call_after_refresh(form.scroll_to_widget, solution, top=True, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
