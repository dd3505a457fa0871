import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {renderMarkdown} from '../../src/cli/markdown.js'
import {closestFlag, useColor} from '../../src/cli/usage.js'
import {repo} from './helpers.js'

describe('explain renders rule docs for a terminal', () => {
  it('underlines headings, drops fences and comments, keeps code and link text', () => {
    const text = [
      '# orphan',
      '',
      'See [Sphinx](https://www.sphinx-doc.org) and [the rules](../docs/rules.md).',
      '',
      '<!-- example:start -->',
      '```rst',
      '.. toctree::',
      '```',
      '<!-- example:end -->',
      '',
      '## Why',
      'Because `x`.'
    ].join('\n')
    expect(renderMarkdown(text, {color: false})).toBe(
      [
        'orphan',
        '======',
        '',
        'See Sphinx (https://www.sphinx-doc.org) and the rules.',
        '',
        '    .. toctree::',
        '',
        'Why',
        '---',
        'Because `x`.',
        ''
      ].join('\n')
    )
  })

  it('leaves no Markdown markers in any rule page', () => {
    for (const file of readdirSync(path.join(repo, 'rules')).filter((f) => f.endsWith('.md'))) {
      const shown = renderMarkdown(readFileSync(path.join(repo, 'rules', file), 'utf8'), {
        color: false
      })
      expect(shown, file).not.toMatch(/<!--|-->|^```|^#+ /m)
    }
  })
})

describe('command-line helpers', () => {
  it('suggests the closest flag only when it is close', () => {
    const options = {format: {type: 'string'}, quiet: {type: 'boolean'}} as const
    expect(closestFlag('--fromat', options)).toBe('--format')
    expect(closestFlag('--zzzzzzzz', options)).toBeUndefined()
  })

  it('decides colour: flags, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    expect(useColor({noColor: true}, {FORCE_COLOR: '1'}, true)).toBe(false)
    expect(useColor({color: true}, {NO_COLOR: '1'}, false)).toBe(true)
    expect(useColor({}, {FORCE_COLOR: '1', NO_COLOR: '1'}, false)).toBe(true)
    expect(useColor({}, {FORCE_COLOR: '0'}, true)).toBe(false)
    expect(useColor({}, {NO_COLOR: '1'}, true)).toBe(false)
    expect(useColor({}, {}, true)).toBe(true)
    expect(useColor({}, {}, false)).toBe(false)
  })
})
