"""Command line: ``jwtinspector [TOKEN|FILE]`` opens the window; sub-commands
``decode``, ``verify``, ``decrypt``, ``encode``, ``keygen``, ``lint``,
``present`` and ``diff`` are a scriptable front over the engine. Sub-commands
never import Qt, so they start fast and run headless.

One module per sub-command, over :mod:`.common` (arguments, input, errors) and
:mod:`.output` (what is printed); :mod:`.main` builds the parser.

Exit status: 0 success (token valid), 1 token invalid (diff: the tokens
differ), 2 unusable input or arguments (one line on stderr, never a traceback).
"""

from jwtinspector.cli.main import main as main
