#!/usr/bin/python3
"""Dump what docutils' real reStructuredText parser sees in RST files, for differential testing.

Usage: docutils-dump.py --table TABLE.json FILE.rst...

Prints one JSON object per file and line:
  {"file": PATH, "roles": [[name, text], ...], "directives": [[name, line], ...], "error": null}
with both lists sorted (they are multisets). Only docutils' parser runs (no transforms). Every
role and directive is replaced by a generic recording handler: role names are lower-cased as
written (the default role is reported by name), role text is the raw text between the backquotes;
directive bodies are parsed as reStructuredText, kept literal or parsed as inline text according to
TABLE.json, the same table src/rst/directives.ts exports ({"table": {name: spec}, ...}).
"""
import io
import json
import sys

try:
    import docutils.frontend
    import docutils.nodes as nodes
    import docutils.utils
    from docutils.parsers import rst
    from docutils.parsers.rst import Directive, directives, roles
    from docutils.parsers.rst import states
except ImportError:  # pragma: no cover - reported to the caller
    print(json.dumps({"error": "docutils not importable"}))
    sys.exit(3)

RECORD = {"roles": [], "directives": []}
STATE = {"default_role": "title-reference"}
TABLE = {}


def spec_for(name):
    spec = TABLE.get(name)
    if spec:
        return spec
    if name.startswith("auto") or (":" in name and name.split(":", 1)[1].startswith("auto")):
        return {"body": "literal", "argument": True}
    return {"body": "rst", "argument": True}


def make_role(name):
    def role_fn(role, rawtext, text, lineno, inliner, options=None, content=None):
        RECORD["roles"].append([name, docutils.utils.unescape(text, True)])
        return [nodes.literal(rawtext, docutils.utils.unescape(text))], []

    return role_fn


def patched_role(role_name, language_module, lineno, reporter):
    name = role_name.lower() if role_name else STATE["default_role"]
    return make_role(name), []


class AnyOptions(dict):
    """Accept every option name (docutils looks converters up by name)."""

    def __missing__(self, key):
        return directives.unchanged


def make_directive(name):
    spec = spec_for(name)

    class Generic(Directive):
        required_arguments = 0
        optional_arguments = 1 if spec.get("argument", True) else 0
        final_argument_whitespace = True
        option_spec = AnyOptions({"class": directives.unchanged})
        has_content = True

        def run(self):
            RECORD["directives"].append([name, self.lineno])
            node = nodes.container()
            if name == "default-role":
                arg = self.arguments[0].strip().lower() if self.arguments else ""
                STATE["default_role"] = arg or "title-reference"
                return []
            mode = spec.get("inlineArgument")
            if mode and self.arguments:
                arg = self.arguments[0]
                if mode == "rest":
                    parts = arg.split(None, 1)
                    arg = parts[1] if len(parts) > 1 else ""
                if arg:
                    self.state.inline_text(arg, self.lineno)
            body = spec.get("body", "rst")
            if body == "rst" and self.content:
                self.state.nested_parse(self.content, self.content_offset, node)
            elif body == "inline" and self.content:
                self.state.inline_text("\n".join(self.content), self.content_offset + 1)
            return [node]

    return Generic


def patched_directive(directive_name, language_module, document):
    return make_directive(directive_name.lower()), []


roles.role = patched_role
directives.directive = patched_directive


def settings():
    try:
        s = docutils.frontend.get_default_settings(rst.Parser)
    except AttributeError:  # docutils < 0.18
        s = docutils.frontend.OptionParser(components=(rst.Parser,)).get_default_values()
    s.report_level = 5
    s.halt_level = 5
    s.warning_stream = io.StringIO()
    s.file_insertion_enabled = False
    s.raw_enabled = False
    s.tab_width = 8
    s.character_level_inline_markup = False
    return s


def dump(path, text):
    RECORD["roles"] = []
    RECORD["directives"] = []
    STATE["default_role"] = "title-reference"
    error = None
    try:
        document = docutils.utils.new_document(path, settings())
        rst.Parser().parse(text, document)
    except Exception as e:  # noqa: BLE001 - report and keep going
        error = "%s: %s" % (type(e).__name__, e)
    return {
        "file": path,
        "roles": sorted(RECORD["roles"]),
        "directives": sorted(RECORD["directives"]),
        "error": error,
    }


def main(argv):
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--table":
        with open(args[1], encoding="utf-8") as f:
            data = json.load(f)
        TABLE.update(data.get("table", data))
        args = args[2:]
    for path in args:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            text = f.read()
        print(json.dumps(dump(path, text), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
