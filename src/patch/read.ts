/** Reading patch inputs: format-patch mails, mbox series, plain diffs, patchwork API JSON. */
import type {Address, Email} from 'postal-mime'
import {DEFAULT_LIMITS} from '../config/types.js'
import type {PatchInput, PatchProblem, PatchReference} from './types.js'

/** postal-mime, loaded when a mail needs it (a plain diff, as --staged reads, never does). */
async function postalMime(): Promise<typeof import('postal-mime').default> {
  return (await import('postal-mime')).default
}

/** Limits of {@link readPatchInput}. */
export interface ReadOptions {
  /** Largest input accepted, in bytes (default: limits.maxPatchSize's, 8 MiB). */
  maxBytes?: number
  /** Most patches accepted from one input (default: limits.maxPatches's, 1000). */
  maxPatches?: number
  /** Largest mail that needs MIME decoding, in bytes (default: limits.maxMimeSize's, 512 KiB). */
  maxMimeBytes?: number
}

/** What an input held. */
export interface ReadResult {
  kind: 'mail' | 'mbox' | 'diff' | 'patchwork-patch' | 'patchwork-series' | 'unknown'
  /** Patches in series order. */
  patches: PatchInput[]
  /** Patchwork series members still to be fetched (their mbox), in series order. */
  references: PatchReference[]
  /** What could not be read; each becomes a `patch-malformed` finding. */
  problems: PatchProblem[]
  /** Mails left out on purpose (cover letter, replies), by subject. */
  skipped: string[]
}

/** Series position and version parsed from a subject's bracketed prefixes. */
export interface SubjectInfo {
  subject: string
  index?: number
  total?: number
  version?: number
  reply: boolean
}

/**
 * Strip leading `[PATCH v2 3/5]`, `[ovs-dev,3/5]`, `Re:` and similar from a subject, reading the
 * series position and version from them, as `git am` strips them.
 */
export function parseSubject(raw: string): SubjectInfo {
  let rest = raw.replace(/\s+/g, ' ').trim()
  const info: SubjectInfo = {subject: rest, reply: false}
  for (;;) {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']')
      if (close < 0) break
      const group = rest.slice(1, close)
      const position = /(?:^|[\s,])(\d+)\/(\d+)(?:$|[\s,])/.exec(group)
      if (position) {
        info.index = Number(position[1])
        info.total = Number(position[2])
      }
      const version = /(?:^|[\s,])v(\d+)(?:$|[\s,])/i.exec(group)
      if (version) info.version = Number(version[1])
      rest = rest.slice(close + 1).trimStart()
    } else if (/^(re|aw|fwd?):/i.test(rest)) {
      info.reply = true
      rest = rest.slice(rest.indexOf(':') + 1).trimStart()
    } else {
      break
    }
  }
  info.subject = rest
  return info
}

function problem(messageId: string, message: string, source: string): PatchProblem {
  return {ruleId: 'patch-malformed', messageId, message, source}
}

const HEADER_LINE = /^[!-9;-~]+:/

/** How much of an input is looked at to tell what kind it is (looksLikeMail reads 64 KiB). */
const SNIFF_BYTES = 64 * 1024

/** Whether text starts like a mail: header lines up to a blank line, naming From or Subject. */
function looksLikeMail(text: string): boolean {
  const lines = text.slice(0, SNIFF_BYTES).split('\n')
  let start = 0
  if (lines[0]?.startsWith('From ')) start = 1
  let sawKey = false
  for (let i = start; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '')
    if (line === '') return sawKey
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (i === start) return false
      continue
    }
    if (!HEADER_LINE.test(line)) return false
    if (/^(from|subject|message-id|date):/i.test(line)) sawKey = true
  }
  return false
}

/** Split an mbox (as a one-char-per-byte string) at `From ` lines followed by a header. */
function splitMbox(binary: string): string[] {
  const starts: number[] = []
  let lineStart = 0
  while (lineStart < binary.length) {
    const end = binary.indexOf('\n', lineStart)
    const lineEnd = end < 0 ? binary.length : end
    if (binary.startsWith('From ', lineStart)) {
      const nextStart = lineEnd + 1
      const nextEnd = binary.indexOf('\n', nextStart)
      const next = binary.slice(nextStart, nextEnd < 0 ? binary.length : nextEnd)
      if (HEADER_LINE.test(next)) starts.push(lineStart)
    }
    if (end < 0) break
    lineStart = end + 1
  }
  if (starts.length === 0 || starts[0] !== 0) starts.unshift(0)
  return starts.map((start, k) => binary.slice(start, starts[k + 1] ?? binary.length))
}

function formatAddress(address: Address | undefined): string | undefined {
  if (!address) return undefined
  if (address.address === undefined) return address.name || undefined
  return address.name ? `${address.name} <${address.address}>` : address.address
}

function stripAngles(id: string | undefined): string | undefined {
  if (id === undefined) return undefined
  const trimmed = id.trim()
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed
}

const PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff', 'text/x-log', 'text/plain'])

/** The text a mail carries: its body plus attached patches (decoded by postal-mime). */
function mailText(email: Email): string {
  const parts = [email.text ?? '']
  for (const attachment of email.attachments) {
    const named = attachment.filename ?? ''
    if (!PATCH_TYPES.has(attachment.mimeType) && !/\.(patch|diff)$/i.test(named)) continue
    const content = attachment.content
    const text =
      typeof content === 'string'
        ? attachment.encoding === 'base64'
          ? Buffer.from(content, 'base64').toString('utf8')
          : content
        : new TextDecoder().decode(content)
    parts.push(text)
  }
  return parts.join('\n')
}

/** Where the body of a mail starts (after the blank line ending its header), if it has one. */
function plainBody(mail: Uint8Array): {bodyStart: number} | undefined {
  const bytes = Buffer.from(mail.buffer, mail.byteOffset, mail.byteLength)
  const lf = bytes.indexOf('\n\n')
  const crlf = bytes.indexOf('\r\n\r\n')
  if (lf < 0 && crlf < 0) return undefined
  return lf >= 0 && (crlf < 0 || lf < crlf) ? {bodyStart: lf + 2} : {bodyStart: crlf + 4}
}

/**
 * Whether a mail's body is its text as it is: one text/plain part (or no Content-Type), in
 * UTF-8 or ASCII, not transfer-encoded, no other parameter. `git format-patch` and
 * `git send-email` write these; anything else (MIME parts, quoted-printable, base64, other
 * charsets, format=flowed) is left to postal-mime.
 */
function isPlainText(headersOnly: Email): boolean {
  const header = (key: string) =>
    headersOnly.headers
      .find((entry) => entry.key === key)
      ?.value.trim()
      .toLowerCase()
  const type = header('content-type')
  if (type !== undefined) {
    const [mime = '', ...params] = type.split(';').map((part) => part.trim())
    if (mime !== 'text/plain') return false
    for (const param of params) {
      const [name, value = ''] = param.split('=', 2).map((part) => part.trim())
      // format=flowed (RFC 3676) rewraps lines: postal-mime undoes it; so does any other parameter
      if (name !== 'charset' || !/^"?(utf-?8|us-ascii)"?$/.test(value)) return false
    }
  }
  const encoding = header('content-transfer-encoding')
  return encoding === undefined || ['7bit', '8bit', 'binary'].includes(encoding)
}

const utf8 = new TextDecoder()

/**
 * A plain body's text. A mail whose every line ends in a carriage return and a line feed went
 * through a transport that wrote them (as postal-mime does, each line loses its carriage returns
 * and ends in one line feed). Otherwise the carriage returns are the patch's own: `git
 * format-patch` writes line feeds, and a carriage return before one is a CRLF file's content,
 * which `git apply` keeps (a last line without a line feed gets one).
 */
function decodeUtf8(bytes: Uint8Array): string {
  const text = utf8.decode(bytes)
  if (text === '') return ''
  if (!text.includes('\r') || !everyLineEndsInCr(text)) {
    return text.endsWith('\n') ? text : `${text}\n`
  }
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  let out = ''
  for (const line of lines) {
    let end = line.length
    while (end > 0 && line.charCodeAt(end - 1) === 13) end--
    out += `${end === line.length ? line : line.slice(0, end)}\n`
  }
  return out
}

/** Whether every line feed of `text` follows a carriage return. */
function everyLineEndsInCr(text: string): boolean {
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (at === 0 || text.charCodeAt(at - 1) !== 13) return false
  }
  return true
}

interface ParsedMail {
  info: SubjectInfo
  input: PatchInput
}

async function readMail(
  bytes: Uint8Array,
  source: string,
  maxMimeBytes: number
): Promise<ParsedMail | PatchProblem> {
  let mail = bytes
  // The mbox `From ` separator is not a header: postal-mime would take it for one.
  if (mail[0] === 0x46 && Buffer.from(mail.subarray(0, 5)).toString('latin1') === 'From ') {
    const newline = mail.indexOf(10)
    mail = newline < 0 ? new Uint8Array(0) : mail.subarray(newline + 1)
  }
  let separatorSha: string | undefined
  const firstLine = Buffer.from(bytes.subarray(0, 120)).toString('latin1')
  const sha = /^From ([0-9a-f]{40}) /.exec(firstLine)
  if (sha) separatorSha = sha[1]
  let email: Email
  let body: string | undefined
  try {
    const plain = plainBody(mail)
    // The header block alone when the body is plain text: postal-mime collects every decoded
    // line as a part of a Blob, and Node's Blob takes seconds for a few hundred thousand parts
    // (10 s for a 13 MB mail). A mail that does need MIME decoding is bounded instead.
    const header = plain
      ? await (await postalMime()).parse(mail.subarray(0, plain.bodyStart))
      : undefined
    if (plain && header && isPlainText(header)) {
      email = header
      body = decodeUtf8(mail.subarray(plain.bodyStart))
    } else if (mail.length > maxMimeBytes) {
      return problem(
        'mimeTooLarge',
        `Mail is ${mail.length} bytes and not plain text (MIME parts, base64, quoted-printable, another charset, or no blank line after its header), more than the limit of ${maxMimeBytes} for such mails (limits.maxMimeSize); not read`,
        source
      )
    } else {
      email = await (await postalMime()).parse(mail)
    }
  } catch (error) {
    return problem('badMail', `Cannot read mail: ${(error as Error).message}`, source)
  }
  const info = parseSubject(email.subject ?? '')
  const input: PatchInput = {
    subject: info.subject,
    index: info.index ?? 1,
    total: info.total ?? 1,
    diff: body ?? mailText(email),
    source
  }
  const author = formatAddress(email.from)
  if (author !== undefined) input.author = author
  const messageId = stripAngles(email.messageId)
  if (messageId) input.messageId = messageId
  if (info.version !== undefined) input.version = info.version
  if (separatorSha !== undefined) input.id = separatorSha
  // Patchwork's mbox downloads name the patch they came from.
  const patchworkId = email.headers.find((header) => header.key === 'x-patchwork-id')?.value.trim()
  if (patchworkId !== undefined && /^\d{1,15}$/.test(patchworkId)) {
    input.patchworkId = Number(patchworkId)
    input.id ??= patchworkId
  }
  return {info, input}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function patchworkPerson(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined
  const name = typeof value.name === 'string' ? value.name : ''
  const email = typeof value.email === 'string' ? value.email : ''
  if (name && email) return `${name} <${email}>`
  return name || email || undefined
}

function readPatchworkPatch(
  doc: Record<string, unknown>,
  source: string
): PatchInput | PatchProblem {
  const name = typeof doc.name === 'string' ? doc.name : ''
  if (typeof doc.diff !== 'string' || doc.diff === '') {
    return problem('noDiff', `Patchwork patch \`${name || source}\` has no \`diff\``, source)
  }
  const info = parseSubject(name)
  const input: PatchInput = {
    subject: info.subject,
    index: info.index ?? 1,
    total: info.total ?? 1,
    diff: doc.diff,
    source
  }
  if (typeof doc.id === 'number') {
    input.patchworkId = doc.id
    input.id = String(doc.id)
  }
  const author = patchworkPerson(doc.submitter)
  if (author !== undefined) input.author = author
  const messageId = stripAngles(typeof doc.msgid === 'string' ? doc.msgid : undefined)
  if (messageId) input.messageId = messageId
  if (info.version !== undefined) input.version = info.version
  return input
}

function readPatchworkSeries(doc: Record<string, unknown>, source: string): ReadResult {
  const result: ReadResult = {
    kind: 'patchwork-series',
    patches: [],
    references: [],
    problems: [],
    skipped: []
  }
  const patches = Array.isArray(doc.patches) ? doc.patches : []
  const declaredTotal = typeof doc.total === 'number' ? doc.total : patches.length
  patches.forEach((entry: unknown, position) => {
    if (!isRecord(entry) || typeof entry.id !== 'number' || typeof entry.mbox !== 'string') {
      result.problems.push(
        problem(
          'badSeriesEntry',
          `Patchwork series entry ${position + 1} has no \`id\` and \`mbox\``,
          source
        )
      )
      return
    }
    const info = parseSubject(typeof entry.name === 'string' ? entry.name : '')
    result.references.push({
      patchworkId: entry.id,
      subject: info.subject,
      index: info.index ?? position + 1,
      total: info.total ?? declaredTotal,
      mbox: entry.mbox,
      source: typeof entry.url === 'string' ? entry.url : source
    })
  })
  result.references.sort((a, b) => a.index - b.index)
  if (result.references.length === 0 && result.problems.length === 0) {
    result.problems.push(problem('emptySeries', 'Patchwork series has no patches', source))
  }
  return result
}

function readJson(text: string, source: string): ReadResult {
  const empty: ReadResult = {
    kind: 'unknown',
    patches: [],
    references: [],
    problems: [],
    skipped: []
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    return {
      ...empty,
      problems: [problem('badJson', `Cannot read JSON: ${(error as Error).message}`, source)]
    }
  }
  const items = Array.isArray(doc) ? doc : [doc]
  if (isRecord(doc) && Array.isArray(doc.patches)) return readPatchworkSeries(doc, source)
  const result: ReadResult = {...empty, kind: 'patchwork-patch'}
  for (const item of items) {
    if (!isRecord(item)) {
      result.problems.push(problem('notAPatch', 'JSON is not a patchwork patch or series', source))
      continue
    }
    if (typeof item.diff === 'string') {
      const read = readPatchworkPatch(item, source)
      if ('ruleId' in read) result.problems.push(read)
      else result.patches.push(read)
    } else if (typeof item.mbox === 'string' && typeof item.id === 'number') {
      const info = parseSubject(typeof item.name === 'string' ? item.name : '')
      result.references.push({
        patchworkId: item.id,
        subject: info.subject,
        index: info.index ?? result.references.length + 1,
        total: info.total ?? items.length,
        mbox: item.mbox,
        source
      })
    } else {
      result.problems.push(
        problem(
          'notAPatch',
          'JSON is not a patchwork patch (no `diff`) or series (no `patches`)',
          source
        )
      )
    }
  }
  result.patches.sort((a, b) => a.index - b.index)
  result.references.sort((a, b) => a.index - b.index)
  return result
}

/** Report numbering gaps and duplicates of a series (`2/5` missing, `3/5` twice). */
function checkNumbering(infos: SubjectInfo[], source: string): PatchProblem[] {
  const numbered = infos.filter((info) => info.index !== undefined && info.total !== undefined)
  if (numbered.length === 0) return []
  const total = Math.max(...numbered.map((info) => info.total as number))
  const seen = new Map<number, number>()
  for (const info of numbered)
    seen.set(info.index as number, (seen.get(info.index as number) ?? 0) + 1)
  const problems: PatchProblem[] = []
  const missing: number[] = []
  for (let index = 1; index <= total && index <= 10_000; index++)
    if (!seen.has(index)) missing.push(index)
  if (missing.length > 0) {
    problems.push(
      problem(
        'seriesIncomplete',
        `Series is missing patch ${missing.map((index) => `${index}/${total}`).join(', ')}`,
        source
      )
    )
  }
  const twice = [...seen].filter(([, count]) => count > 1).map(([index]) => `${index}/${total}`)
  if (twice.length > 0)
    problems.push(
      problem('seriesDuplicate', `Series has patch ${twice.join(', ')} more than once`, source)
    )
  return problems
}

/**
 * Read patches from bytes, recognising the format by content: a `git format-patch` mail, an mbox
 * of several mails (a series, ordered by `[PATCH n/N]`, cover letter skipped), a plain unified
 * diff, or patchwork API JSON (a patch with `diff`, or a series whose patches need fetching).
 * Never throws: unreadable input gives problems.
 */
export async function readPatchInput(
  bytes: Uint8Array,
  name: string,
  options: ReadOptions = {}
): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxPatchSize
  const maxPatches = options.maxPatches ?? DEFAULT_LIMITS.maxPatches
  const maxMimeBytes = options.maxMimeBytes ?? DEFAULT_LIMITS.maxMimeSize
  const empty: ReadResult = {
    kind: 'unknown',
    patches: [],
    references: [],
    problems: [],
    skipped: []
  }
  if (bytes.length > maxBytes) {
    return {
      ...empty,
      problems: [
        problem(
          'tooLarge',
          `Input is ${bytes.length} bytes, more than the limit of ${maxBytes}`,
          name
        )
      ]
    }
  }
  let result: ReadResult
  try {
    result = await readByKind(bytes, name, maxPatches, maxMimeBytes)
  } catch (error) {
    /* v8 ignore next 2 -- defensive: every reader returns problems instead of throwing */
    return {
      ...empty,
      problems: [problem('unreadable', `Cannot read input: ${(error as Error).message}`, name)]
    }
  }
  const count = result.patches.length + result.references.length
  if (count > maxPatches) {
    return {
      ...empty,
      kind: result.kind,
      problems: [
        problem(
          'tooManyPatches',
          `Input has ${count} patches, more than the limit of ${maxPatches}`,
          name
        )
      ]
    }
  }
  return result
}

async function readByKind(
  bytes: Uint8Array,
  name: string,
  maxPatches: number,
  maxMimeBytes: number
): Promise<ReadResult> {
  // What kind of input it is shows in its first bytes: a mail is not decoded as a whole here
  // (each of its mails is, once), which for a large one is most of reading it.
  const decodeAll = (): string => {
    const all = new TextDecoder().decode(bytes)
    return all.startsWith('\ufeff') ? all.slice(1) : all
  }
  const start = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\ufeff/, '')
  const head = start.trimStart()
  if (head.startsWith('{') || head.startsWith('[')) return readJson(decodeAll(), name)
  if (looksLikeMail(start)) {
    const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    const pieces = splitMbox(binary)
    // Refuse before decoding thousands of mails (one extra for a cover letter).
    if (pieces.length > maxPatches + 1) {
      return {
        kind: 'mbox',
        patches: [],
        references: [],
        problems: [
          problem(
            'tooManyPatches',
            `Input has ${pieces.length} mails, more than the limit of ${maxPatches} patches`,
            name
          )
        ],
        skipped: []
      }
    }
    const result: ReadResult = {
      kind: pieces.length > 1 ? 'mbox' : 'mail',
      patches: [],
      references: [],
      problems: [],
      skipped: []
    }
    const mails: ParsedMail[] = []
    for (const [position, piece] of pieces.entries()) {
      const source = pieces.length > 1 ? `${name} (mail ${position + 1})` : name
      const read = await readMail(
        new Uint8Array(Buffer.from(piece, 'latin1')),
        source,
        maxMimeBytes
      )
      if ('ruleId' in read) {
        result.problems.push(read)
        continue
      }
      const hasDiff = /^(diff --git |--- |@@ -)/m.test(read.input.diff)
      if (read.info.index === 0 || (read.info.reply && !hasDiff)) {
        result.skipped.push(read.info.subject)
        continue
      }
      if (!hasDiff) {
        result.problems.push(
          problem('notAPatch', `Mail \`${read.info.subject}\` carries no patch`, source)
        )
        continue
      }
      mails.push(read)
    }
    // One mail of a series (`[PATCH 3/5]` alone) is checked on its own, not as a broken series.
    if (mails.length > 1)
      result.problems.push(
        ...checkNumbering(
          mails.map((mail) => mail.info),
          name
        )
      )
    // Numbered mails go by number; unnumbered ones keep their mbox order.
    const ordered = mails
      .map((mail, position) => ({mail, position}))
      .sort(
        (a, b) =>
          (a.mail.info.index ?? a.position + 1) - (b.mail.info.index ?? b.position + 1) ||
          a.position - b.position
      )
    const numbered = mails.some((mail) => mail.info.total !== undefined)
    ordered.forEach(({mail}, position) => {
      if (!numbered) {
        mail.input.index = position + 1
        mail.input.total = ordered.length
      }
      result.patches.push(mail.input)
    })
    return result
  }
  const text = decodeAll()
  if (/^(diff --git |--- |\+\+\+ |@@ -|Index: |diff -)/m.test(text)) {
    const info = parseSubject(name)
    return {
      kind: 'diff',
      patches: [{subject: info.subject, index: 1, total: 1, diff: text, source: name}],
      references: [],
      problems: [],
      skipped: []
    }
  }
  return {
    kind: 'unknown',
    patches: [],
    references: [],
    problems: [
      problem('notAPatch', `Cannot read \`${name}\` as a patch, mail, mbox or patchwork JSON`, name)
    ],
    skipped: []
  }
}
