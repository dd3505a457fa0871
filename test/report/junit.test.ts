import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {escapeXmlAttribute, escapeXmlText, junitReporter} from '../../src/report/junit.js'
import {cleanResult, patchResult, treeResult} from './run-results.js'

interface XmlElement {
  tag: string
  attrib: Record<string, string>
  text: string
  children: XmlElement[]
}

/**
 * Parse with Python's expat (a strict, independent XML 1.0 parser): it rejects anything that is
 * not well-formed, which is what CI systems reading the report do.
 */
function parseXml(xml: string): XmlElement {
  const script = `
import json, sys
import xml.etree.ElementTree as ET
def walk(e):
    return {"tag": e.tag, "attrib": e.attrib, "text": e.text or "", "children": [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))
`
  const out = execFileSync('python3', ['-c', script], {input: xml, encoding: 'utf8'})
  return JSON.parse(out) as XmlElement
}

function child(element: XmlElement | undefined, tag: string): XmlElement | undefined {
  return element?.children.find((item) => item.tag === tag)
}

describe('junit reporter', () => {
  it('has one test case per checked file in tree mode, failing files with errors', () => {
    const root = parseXml(junitReporter(treeResult(), {color: false}))
    expect(root.tag).toBe('testsuites')
    expect(root.attrib).toMatchObject({tests: '4', failures: '1', errors: '0', time: '1.234'})
    const suite = child(root, 'testsuite')
    const cases = suite?.children ?? []
    expect(cases.map((item) => item.attrib['name'])).toEqual([
      'docs/dir with space/a, b: c.rst',
      'docs/index.rst',
      'docs/install.rst',
      'docs/old.rst'
    ])
    const [info, index, install, old] = cases
    expect(child(info, 'failure')).toBeUndefined()
    expect(child(info, 'system-out')?.text).toContain('info manifest-unlisted')
    expect(child(index, 'failure')?.attrib).toEqual({message: '1 error', type: 'error'})
    expect(child(index, 'failure')?.text).toBe(
      'docs/index.rst:7:5-7:18 error doc-unknown Cannot find document `instal`; did you mean `install`?'
    )
    expect(install?.children).toEqual([])
    expect(child(old, 'system-out')?.text).toBe(
      'docs/old.rst:1:1-1:1 warning orphan Document is not included in any toctree\n  docs/index.rst:3:1 root toctree is here'
    )
  })

  it('has one test case per patch in patch mode', () => {
    const root = parseXml(junitReporter(patchResult(), {color: false}))
    expect(root.attrib).toMatchObject({tests: '3', failures: '2'})
    const cases = child(root, 'testsuite')?.children ?? []
    expect(cases.map((item) => item.attrib['name'])).toEqual([
      '[PATCH 1/3] doc: Add <guide> & "tips"',
      '[PATCH 2/3] Documentation: Remove Windows docs.',
      // The control character cannot be in XML at all: it is replaced, not dropped silently.
      '[PATCH 3/3] broken\uFFFD patch'
    ])
    const [clean, introducing, notApplied] = cases
    expect(child(clean, 'failure')).toBeUndefined()
    expect(child(clean, 'system-out')?.text).toBe(
      'Fixed:\ndocs/index.rst:4:3-4:15 error doc-unknown Cannot find document `guide`'
    )
    expect(child(introducing, 'failure')?.attrib).toEqual({
      message: '1 error introduced',
      type: 'introduced'
    })
    expect(child(introducing, 'failure')?.text).toContain(
      'docs/topics/new.rst:1:1-1:1 warning orphan'
    )
    expect(child(notApplied, 'failure')?.attrib).toEqual({
      message: 'patch does not apply',
      type: 'patch-apply'
    })
  })

  it('escapes markup, quotes and control characters so any input stays well-formed', () => {
    expect(escapeXmlText('a < b && c > d ]]>\r')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;&#13;')
    expect(escapeXmlAttribute('"x"\t\'y\'\n\r')).toBe('&quot;x&quot;&#9;&apos;y&apos;&#10;&#13;')
    expect(escapeXmlText('\u0000\u0007\u001B[31m\uFFFF')).toBe('\uFFFD\uFFFD\uFFFD[31m\uFFFD')
    expect(escapeXmlText('ok \uD83D\uDE00 lone \uD800 \uDC00')).toBe(
      'ok \uD83D\uDE00 lone \uFFFD \uFFFD'
    )
    const result = treeResult()
    const first = result.diagnostics[0]
    if (first === undefined) throw new Error('no finding')
    let nasty = ''
    for (let code = 0; code < 0x80; code++) nasty += String.fromCharCode(code)
    first.message = `${nasty}\uD800\uFFFE <![CDATA[ ]]> &amp;`
    first.file = 'we"ird<&>\n.rst'
    const root = parseXml(junitReporter(result, {color: false}))
    const names = (child(root, 'testsuite')?.children ?? []).map((item) => item.attrib['name'])
    expect(names).toContain('docs/we"ird<&>\n.rst')
    const failing = child(root, 'testsuite')?.children.find((item) => child(item, 'failure'))
    expect(child(failing, 'failure')?.text).toContain(
      `\t\n\uFFFD\uFFFD\r${'\uFFFD'.repeat(18)} !"#$%&'()*+,-./0123456789:;<=>?@`
    )
    expect(child(failing, 'failure')?.text).toContain('<![CDATA[ ]]> &amp;')
  })

  it('reports a clean run as passing cases', () => {
    const root = parseXml(junitReporter(cleanResult(), {color: false}))
    expect(root.attrib).toMatchObject({tests: '1', failures: '0'})
  })
})
