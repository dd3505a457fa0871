import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

const bin = new URL('../bin/doclint.js', import.meta.url).pathname
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

describe('doclint --version', () => {
  it('prints the package version', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], {encoding: 'utf8'})
    expect(out.trim()).toBe(pkg.version)
  })
})
