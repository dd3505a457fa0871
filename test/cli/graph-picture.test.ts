/**
 * The README's picture is what `doclint graph` draws from a real tree (Open vSwitch's FAQ):
 * regenerate it (scripts/graph-picture.js) and compare its nodes and edges with the committed SVG.
 * Runs where the OVS tree is extracted and graphviz is installed.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, expect, it} from 'vitest'
import {repo, run} from './helpers.js'

const OVS = '/tmp/corpus/ovs/Documentation'
const picture = path.join(repo, 'docs/images/ovs-faq-graph.svg')
const out = mkdtempSync(path.join(os.tmpdir(), 'doclint-picture-'))
afterAll(() => rmSync(out, {recursive: true, force: true}))

/** The nodes and edges of a graphviz SVG (its `<title>` elements), layout aside. */
function titles(svg: string): string[] {
  return [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1] ?? '').sort()
}

it.runIf(existsSync(OVS) && existsSync('/usr/bin/dot'))(
  'the committed picture is what doclint graph draws from OVS',
  () => {
    const script = readFileSync(path.join(repo, 'scripts/graph-picture.js'), 'utf8')
    const args = JSON.parse(
      /ARGS = (\[[^\]]*\])/.exec(script)?.[1]?.replace(/'/g, '"') ?? '[]'
    ) as string[]
    const target = path.join(out, 'g.svg')
    const ran = run([...args, '.', '--output', target], OVS)
    expect(ran.code).toBe(0)
    const drawn = titles(readFileSync(target, 'utf8'))
    expect(drawn).toContain('faq/index')
    expect(drawn).toContain('faq/contributing&#45;&gt;intro/install/general')
    expect(titles(readFileSync(picture, 'utf8'))).toEqual(drawn)
  }
)
