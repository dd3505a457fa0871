import {describe, expect, it} from 'vitest'
import {mystLineFromPins} from '../../src/markdown/myst-version.js'

const pin = (text: string, path = 'docs/requirements.txt') => mystLineFromPins([{path, text}])

describe('MyST line from pinned requirements', () => {
  it('reads exact and compatible pins', () => {
    expect(pin('sphinx==5.3.0\nmyst-parser==0.18.1\n')).toEqual({
      line: '0.18',
      file: 'docs/requirements.txt'
    })
    expect(pin('myst_parser==4.0.1')?.line).toBe('current')
    expect(pin('myst-parser~=0.18.0')?.line).toBe('0.18')
    expect(pin('myst-parser~=3.0')?.line).toBe('current')
    expect(pin('MyST-Parser[linkify] == 2.0.0')?.line).toBe('current')
  })

  it('takes the newest a range allows, as pip does', () => {
    expect(pin('myst-parser>=0.18')?.line).toBe('current')
    expect(pin('myst-parser>=0.17,<0.19')?.line).toBe('0.18')
    expect(pin('myst-parser<1')?.line).toBe('0.18')
    expect(pin('myst-parser')?.line).toBe('current')
  })

  it('reads pyproject extras and setup.cfg, skips comments and other packages', () => {
    const pyproject =
      '[project.optional-dependencies]\ndocs = ["sphinx>=5", "myst-parser>=0.18,<0.19"]\n'
    expect(pin(pyproject, 'pyproject.toml')).toEqual({line: '0.18', file: 'pyproject.toml'})
    expect(pin('# myst-parser==0.18\nmyst-nb==1.0\n')).toBeUndefined()
    expect(
      mystLineFromPins([
        {path: 'docs/requirements.txt', text: 'furo\n'},
        {path: 'setup.cfg', text: '[options.extras_require]\ndocs =\n    myst-parser==1.0.0\n'}
      ])
    ).toEqual({line: 'current', file: 'setup.cfg'})
  })
})
