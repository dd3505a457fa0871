import {describe, expect, it} from 'vitest'
import {confObjectTypes} from '../../src/project/confpy-directives.js'
import {readConfPy} from '../../src/project/confpy.js'

// The setup() of FRR's doc/user/conf.py, trimmed: a std object type, then a directive override.
const FRR_SETUP = `
def setup(app):
    # Override the directive that was just created for us
    if int(sphinx.__version__.split(".")[0]) >= 2:
        app.add_object_type("clicmd", "clicmd", objname="CLI command")
        app.add_directive_to_domain("std", "clicmd", ClicmdDirective, override=True)
    else:
        app.add_object_type(
            "clicmd", "clicmd", indextemplate="pair: %s; configuration command"
        )
    app.add_js_file("overrides.js")
`

describe('confObjectTypes', () => {
  it('reads the object types setup() registers (FRR), once each', () => {
    expect(confObjectTypes(FRR_SETUP)).toEqual(['clicmd'])
  })

  it('reads cross-reference types and raw or single-quoted names', () => {
    const text =
      "def setup(app):\n    app.add_crossref_type('topic2', 'topic2')\n    app.add_object_type(r'confval', 'confval')\n"
    expect(confObjectTypes(text)).toEqual(['topic2', 'confval'])
  })

  it('ignores names it cannot read literally, and calls that are not methods', () => {
    const text = [
      'def setup(app):',
      '    app.add_object_type(NAME, "x")',
      '    app.add_object_type("a" "b", "x")',
      '    app.add_object_type(f"{x}", "x")',
      '    app.add_object_type(rolename="y", directivename="y")',
      '    add_object_type("bare", "bare")',
      '    app.add_directive("custom", Custom)',
      '    app.add_object_type("",'
    ].join('\n')
    expect(confObjectTypes(text)).toEqual([])
  })

  it('never throws on broken Python', () => {
    expect(confObjectTypes('app.add_object_type(')).toEqual([])
    expect(confObjectTypes('app.add_object_type("x"')).toEqual([])
    expect(confObjectTypes('"""unterminated')).toEqual([])
  })

  it('is part of what readConfPy returns', () => {
    expect(readConfPy(FRR_SETUP).objectTypes).toEqual(['clicmd'])
    expect(readConfPy("project = 'x'\n").objectTypes).toEqual([])
  })
})
