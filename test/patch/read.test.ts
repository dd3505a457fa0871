import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import PostalMime from 'postal-mime'
import {afterAll, describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {parseSubject, readPatchInput} from '../../src/patch/read.js'
import {GitTree} from '../../src/tree/git.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {cleanup, commitAll, git, gitBytes, makeRepo, snapshot, writeFiles} from './helpers.js'
import {sharedMissing, sharedPath} from '../shared.js'

afterAll(cleanup)

/** A repository with three commits on top of `base`, each editing a different document. */
function seriesRepo(): string {
  const dir = makeRepo({
    'doc/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   b\n',
    'doc/a.rst': 'A\n',
    'doc/b.rst': 'B\n'
  })
  writeFiles(dir, {'doc/a.rst': 'A\n\nMore about a.\n'})
  commitAll(dir, 'doc: Expand a.')
  writeFiles(dir, {
    'doc/c.rst': 'C\n',
    'doc/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   b\n   c\n'
  })
  commitAll(dir, 'doc: Add c.')
  writeFiles(dir, {'doc/b.rst': 'B, café\n'})
  commitAll(dir, 'doc: Accent b.')
  return dir
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('readPatchInput: git format-patch', () => {
  it('reads one format-patch mail: subject, author, message id, commit id', async () => {
    const dir = seriesRepo()
    const mail = gitBytes(dir, 'format-patch', '-1', '--stdout', '--thread', 'HEAD~1')
    const read = await readPatchInput(mail, '0001.patch')
    expect(read.kind).toBe('mail')
    expect(read.problems).toEqual([])
    expect(read.patches).toHaveLength(1)
    const [patch] = read.patches
    expect(patch).toMatchObject({
      subject: 'doc: Add c.',
      index: 1,
      total: 1,
      author: 'Ada Tester <ada@example.org>',
      source: '0001.patch'
    })
    expect(patch?.id).toBe(git(dir, 'rev-parse', 'HEAD~1').trim())
    expect(patch?.messageId).toMatch(/@/)
    expect(parseDiff(patch?.diff ?? '').files.map((file) => file.newPath)).toEqual([
      'b/doc/c.rst',
      'b/doc/index.rst'
    ])
  })

  it('reads an mbox series with a cover letter, skipping it and ordering by number', async () => {
    const dir = seriesRepo()
    const mbox = git(dir, 'format-patch', '--cover-letter', '-v2', '-3', '--stdout')
    // Shuffle the mails: order must come from the [PATCH v2 n/3] numbers.
    const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m)
    expect(mails).toHaveLength(4)
    const shuffled = [mails[2], mails[0], mails[3], mails[1]].join('')
    const read = await readPatchInput(encode(shuffled), 'series.mbox')
    expect(read.kind).toBe('mbox')
    expect(read.problems).toEqual([])
    expect(read.skipped).toEqual(['*** SUBJECT HERE ***'])
    expect(
      read.patches.map((patch) => [patch.index, patch.total, patch.version, patch.subject])
    ).toEqual([
      [1, 3, 2, 'doc: Expand a.'],
      [2, 3, 2, 'doc: Add c.'],
      [3, 3, 2, 'doc: Accent b.']
    ])
  })

  it('applies an mbox series in order to reproduce the last commit', async () => {
    const dir = seriesRepo()
    const mbox = gitBytes(dir, 'format-patch', '-3', '--stdout')
    const read = await readPatchInput(mbox, 'series.mbox')
    let tree: GitTree | OverlayTree = new GitTree(dir, 'HEAD~3')
    const first = tree
    for (const patch of read.patches) {
      const result = await applyPatch(tree, parseDiff(patch.diff))
      expect(result.ok).toBe(true)
      if (result.ok)
        tree = new OverlayTree(tree, result.changes, `after [${patch.index}/${patch.total}]`)
    }
    const head = new GitTree(dir, 'HEAD')
    expect(await snapshot(tree)).toEqual(await snapshot(head))
    first.close()
    head.close()
  })

  it('reads format-patch --attach (multipart with the patch as an attachment)', async () => {
    const dir = seriesRepo()
    const mail = gitBytes(dir, 'format-patch', '--attach', '-1', '--stdout', 'HEAD')
    const read = await readPatchInput(mail, 'attached.patch')
    expect(read.problems).toEqual([])
    expect(read.patches[0]?.subject).toBe('doc: Accent b.')
    const parsed = parseDiff(read.patches[0]?.diff ?? '')
    expect(parsed.files).toHaveLength(1)
    expect(parsed.files[0]?.hunks[0]?.lines.map((line) => line.kind + line.text)).toEqual([
      '-B',
      '+B, café'
    ])
  })

  it('reports a series with a missing patch', async () => {
    const dir = seriesRepo()
    const mbox = git(dir, 'format-patch', '-3', '--stdout')
    const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m)
    const read = await readPatchInput(encode([mails[0], mails[2]].join('')), 'gap.mbox')
    expect(read.patches.map((patch) => patch.index)).toEqual([1, 3])
    expect(read.problems.map((problem) => problem.messageId)).toEqual(['seriesIncomplete'])
    expect(read.problems[0]?.message).toContain('2/3')
  })
})

/** A hand-made mail around `body` with the given transfer encoding and charset. */
function mail(body: Uint8Array | string, headers: string): Uint8Array {
  const head = encode(
    'From: =?UTF-8?Q?Jos=C3=A9_Tester?= <jose@example.org>\n' +
      'Subject: [PATCH 1/1] doc: =?UTF-8?Q?Caf=C3=A9?= fix\n' +
      'Message-ID: <abc.123@example.org>\n' +
      'MIME-Version: 1.0\n' +
      headers +
      '\n'
  )
  const tail = typeof body === 'string' ? encode(body) : body
  const out = new Uint8Array(head.length + tail.length)
  out.set(head)
  out.set(tail, head.length)
  return out
}

const DIFF =
  'Fix it.\n---\ndiff --git a/a.rst b/a.rst\n--- a/a.rst\n+++ b/a.rst\n@@ -1,2 +1,2 @@\n Café\n-old line with trailing space \n+new line = ok\n'

/** Quoted-printable as RFC 2045 writes it (=XX for non-ASCII, `=`, trailing spaces; soft breaks). */
function quotedPrintable(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let out = ''
  let lineLength = 0
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    let piece: string
    if (byte === 10) {
      out += '\n'
      lineLength = 0
      continue
    }
    const nextIsBreak = bytes[i + 1] === 10 || i + 1 === bytes.length
    if ((byte >= 33 && byte <= 126 && byte !== 61) || (byte === 32 && !nextIsBreak))
      piece = String.fromCharCode(byte)
    else piece = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
    if (lineLength + piece.length > 75) {
      out += '=\n'
      lineLength = 0
    }
    out += piece
    lineLength += piece.length
  }
  return out
}

describe('readPatchInput: MIME-encoded mails', () => {
  it('decodes a quoted-printable body and encoded-word headers', async () => {
    const qp = quotedPrintable(DIFF)
    expect(qp).toContain('=C3=A9')
    expect(qp).toContain('space=20')
    const read = await readPatchInput(
      mail(
        qp,
        'Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n'
      ),
      'qp.eml'
    )
    expect(read.problems).toEqual([])
    expect(read.patches[0]).toMatchObject({
      subject: 'doc: Café fix',
      author: 'José Tester <jose@example.org>',
      messageId: 'abc.123@example.org'
    })
    expect(read.patches[0]?.diff).toContain('-old line with trailing space \n+new line = ok\n')
  })

  it('decodes a base64 body', async () => {
    const b64 = Buffer.from(DIFF, 'utf8')
      .toString('base64')
      .replace(/(.{76})/g, '$1\n')
    const read = await readPatchInput(
      mail(
        b64 + '\n',
        'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n'
      ),
      'b64.eml'
    )
    expect(read.problems).toEqual([])
    expect(read.patches[0]?.diff).toContain(' Café\n-old line with trailing space \n')
  })

  it('decodes a non-UTF-8 (ISO-8859-1) body to Unicode', async () => {
    const latin1 = new Uint8Array(Buffer.from(DIFF, 'latin1'))
    expect(latin1.includes(0xe9)).toBe(true)
    const read = await readPatchInput(
      mail(
        latin1,
        'Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n'
      ),
      'latin1.eml'
    )
    expect(read.patches[0]?.diff).toContain(' Café\n')
  })
})

describe('readPatchInput: plain-text mails skip the MIME parser for their body', () => {
  // The body of a plain-text mail (what git format-patch writes) is taken as it is; postal-mime
  // reads only the header then. It must give exactly what postal-mime gives for the whole mail.
  const headerVariants = [
    '',
    'Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n',
    'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 7bit\n',
    'Content-Type: TEXT/PLAIN; format=flowed; charset=us-ascii\n',
    'Content-Type: text/plain\nContent-Transfer-Encoding: binary\n'
  ]
  const line = fc.string({
    unit: fc.constantFrom('a', ' ', 'é', '€', '-', '+', '@', '\t', '=', '>', '😀', '\r')
  })
  const body = fc.array(line, {maxLength: 20}).map((lines) => lines.join('\n'))

  it('the body text and the header fields are the ones postal-mime reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...headerVariants),
        body,
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', '\n', 'tail', 'tail\r', '\r\r', '\n\n'),
        async (headers, text, eol, suffix) => {
          const diff = `${text}\n---\n${DIFF}${suffix}`
          const lf = mail(diff, headers)
          // the whole mail with CRLF line ends, as some mailers and mbox tools write it
          const bytes = eol === '\n' ? lf : encode(decode(lf).replaceAll('\n', '\r\n'))
          const read = await readPatchInput(bytes, 'plain.eml')
          const full = await PostalMime.parse(bytes)
          // a mail with line feeds keeps the carriage returns of its lines (a CRLF file's
          // content, as git apply keeps them); one written with CRLF everywhere loses them
          // (format=flowed is rewrapped by postal-mime, carriage returns and all)
          const expected =
            eol === '\n' && diff.includes('\r') && !headers.includes('format=flowed')
              ? diff.endsWith('\n')
                ? diff
                : `${diff}\n`
              : full.text
          expect(read.patches[0]?.diff).toBe(expected)
          expect(read.patches[0]?.subject).toBe('doc: Café fix')
          expect(read.patches[0]?.author).toBe('José Tester <jose@example.org>')
        }
      ),
      {seed: 20261124, numRuns: 150}
    )
  })

  it('a mail of several megabytes is read in one pass (no Blob stream)', async () => {
    const big = `Add a big file.\n---\n${DIFF}${'+x = 1;\n'.repeat(400_000)}`
    const read = await readPatchInput(
      mail(big, 'Content-Type: text/plain; charset=UTF-8\n'),
      'big.eml'
    )
    expect(read.problems).toEqual([])
    expect(read.patches[0]?.diff.length).toBe(big.length)
  })
})

describe('readPatchInput: limits.maxMimeSize', () => {
  const big = `Add a big file.\n---\n${DIFF}${'+x = 1;\n'.repeat(2000)}`

  it('a MIME-encoded mail over the limit is refused unread, with a patch-malformed problem', async () => {
    const b64 = Buffer.from(big, 'utf8')
      .toString('base64')
      .replace(/(.{76})/g, '$1\n')
    const bytes = mail(
      `${b64}\n`,
      'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n'
    )
    const read = await readPatchInput(bytes, 'b64.eml', {maxMimeBytes: 4096})
    expect(read.patches).toEqual([])
    expect(read.problems).toEqual([
      expect.objectContaining({
        ruleId: 'patch-malformed',
        messageId: 'mimeTooLarge',
        message: expect.stringMatching(
          /^Mail is \d+ bytes and not plain text .*more than the limit of 4096 for such mails \(limits\.maxMimeSize\); not read$/
        ) as unknown,
        source: 'b64.eml'
      })
    ])
    // under the limit it is decoded
    const under = await readPatchInput(bytes, 'b64.eml', {maxMimeBytes: bytes.length})
    expect(under.problems).toEqual([])
    expect(under.patches[0]?.diff).toBe(big)
  })

  it('a plain-text mail of the same size is not bounded by it', async () => {
    const bytes = mail(big, 'Content-Type: text/plain; charset=UTF-8\n')
    const read = await readPatchInput(bytes, 'plain.eml', {maxMimeBytes: 4096})
    expect(read.problems).toEqual([])
    expect(read.patches[0]?.diff).toBe(big)
  })
})

describe('readPatchInput: other formats', () => {
  it('reads a plain (non-git) unified diff', async () => {
    const read = await readPatchInput(
      encode('--- a.rst.orig\n+++ a.rst\n@@ -1 +1 @@\n-a\n+b\n'),
      'fix.diff'
    )
    expect(read.kind).toBe('diff')
    expect(read.patches[0]).toMatchObject({subject: 'fix.diff', index: 1, total: 1})
  })

  it('reads a patchwork patch document', async () => {
    const doc = {
      id: 7,
      name: '[ovs-dev,v2,2/4] doc: Fix.',
      msgid: '<m@x>',
      submitter: {name: 'A B', email: 'a@b'},
      diff: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'
    }
    const read = await readPatchInput(encode(JSON.stringify(doc)), 'p.json')
    expect(read.kind).toBe('patchwork-patch')
    expect(read.patches[0]).toMatchObject({
      subject: 'doc: Fix.',
      index: 2,
      total: 4,
      version: 2,
      patchworkId: 7,
      messageId: 'm@x',
      author: 'A B <a@b>'
    })
  })

  it('returns patchwork series members as references to fetch, in order', async () => {
    const doc = {
      id: 9,
      name: 'Series',
      patches: [
        {id: 12, name: '[2/2] second', mbox: 'https://pw/2/mbox/'},
        {id: 11, name: '[1/2] first', mbox: 'https://pw/1/mbox/'}
      ]
    }
    const read = await readPatchInput(encode(JSON.stringify(doc)), 's.json')
    expect(read.kind).toBe('patchwork-series')
    expect(
      read.references.map((ref) => [ref.index, ref.patchworkId, ref.subject, ref.mbox])
    ).toEqual([
      [1, 11, 'first', 'https://pw/1/mbox/'],
      [2, 12, 'second', 'https://pw/2/mbox/']
    ])
  })

  const SEED = 'seeds/patchwork-patch-2233254.json'
  it.skipIf(sharedMissing(SEED) !== undefined)(
    `reads the patchwork seed document${sharedMissing(SEED) === undefined ? '' : ` (skipped: ${sharedMissing(SEED)})`}`,
    async () => {
      const bytes = readFileSync(sharedPath(SEED), {flag: 'r'})
      const read = await readPatchInput(bytes, 'seed.json')
      expect(read.patches[0]).toMatchObject({
        subject: 'Documentation: Remove Windows docs.',
        index: 3,
        total: 5,
        patchworkId: 2233254
      })
    }
  )

  it('gives patch-malformed problems, never a throw, for unreadable input', async () => {
    for (const [bytes, id] of [
      [encode('hello world\n'), 'notAPatch'],
      [encode('{"diff": 3'), 'badJson'],
      [encode('{"name": "x"}'), 'notAPatch'],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x01]), 'notAPatch'],
      [encode('From: a@b\nSubject: hi\n\njust words\n'), 'notAPatch']
    ] as const) {
      const read = await readPatchInput(bytes, 'bad')
      expect(read.patches).toEqual([])
      expect(read.problems.map((problem) => [problem.ruleId, problem.messageId])).toEqual([
        ['patch-malformed', id]
      ])
    }
  })

  it('enforces byte and patch-count limits with clear messages', async () => {
    const big = await readPatchInput(encode('x'.repeat(2000)), 'big.diff', {maxBytes: 1000})
    expect(big.problems[0]?.message).toBe('Input is 2000 bytes, more than the limit of 1000')
    const dir = seriesRepo()
    const many = await readPatchInput(
      gitBytes(dir, 'format-patch', '-3', '--stdout'),
      'many.mbox',
      {maxPatches: 2}
    )
    expect(many.patches).toEqual([])
    expect(many.problems[0]?.message).toBe('Input has 3 patches, more than the limit of 2')
  })
})

describe('readPatchInput: patchwork mbox downloads', () => {
  it('splits `From patchwork` separators and reads X-Patchwork-Id', async () => {
    const one = (n: number, id: number): string =>
      `From patchwork Tue May  5 22:52:1${n} 2026\n` +
      `Content-Type: text/plain; charset="utf-8"\n` +
      `From: Ilya <i@example.org>\n` +
      `X-Patchwork-Id: ${id}\n` +
      `Subject: [ovs-dev,${n}/2] Part ${n}.\n` +
      `Message-Id: <part-${n}@example.org>\n\n` +
      `Body ${n}.\n---\n--- a/f${n}\n+++ b/f${n}\n@@ -1 +1 @@\n-a\n+b\n\n`
    const read = await readPatchInput(encode(one(2, 502) + one(1, 501)), 'series-mbox')
    expect(read.problems).toEqual([])
    expect(
      read.patches.map((patch) => [
        patch.index,
        patch.total,
        patch.patchworkId,
        patch.messageId,
        patch.subject
      ])
    ).toEqual([
      [1, 2, 501, 'part-1@example.org', 'Part 1.'],
      [2, 2, 502, 'part-2@example.org', 'Part 2.']
    ])
  })
})

describe('parseSubject', () => {
  it('strips prefixes and reads numbers and versions', () => {
    expect(parseSubject('[PATCH v3 2/7] foo: bar')).toEqual({
      subject: 'foo: bar',
      index: 2,
      total: 7,
      version: 3,
      reply: false
    })
    expect(parseSubject('[ovs-dev,3/5] Documentation: Remove Windows docs.')).toMatchObject({
      subject: 'Documentation: Remove Windows docs.',
      index: 3,
      total: 5
    })
    expect(parseSubject('[ovs-dev] [PATCH 0/2] Cover')).toMatchObject({
      index: 0,
      total: 2,
      subject: 'Cover'
    })
    expect(parseSubject('Re: [PATCH] x')).toMatchObject({reply: true, subject: 'x'})
    expect(parseSubject('[RFC PATCH] y')).toEqual({subject: 'y', reply: false})
  })
})
