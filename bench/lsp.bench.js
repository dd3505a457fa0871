// The language server driven over stdio as an editor drives it: latency from a change to the
// diagnostics it causes, on Open vSwitch (116 documents) and on a generated tree of 3,000
// documents, once warm; and the server's memory over 10,000 edits.
// Usage: npm run build && node bench/lsp.bench.js [OVS root=/tmp/corpus/ovs] [edits=10000]
// Targets (issue #20): ≤ 50 ms on Open vSwitch, ≤ 200 ms on 3,000 documents; memory flat.
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter
} from 'vscode-jsonrpc/node.js'
import {bin} from './lib.js'

const ovs = path.resolve(process.argv[2] ?? '/tmp/corpus/ovs')
const editCount = Number(process.argv[3] ?? 10_000)

/** A generated tree: `count` documents in 30 folders, each with a label, links and a toctree. */
function generated(count) {
  const dir = mkdtempSync(path.join(tmpdir(), 'doclint-lsp-bench-'))
  writeFileSync(path.join(dir, 'conf.py'), "project = 'bench'\n")
  const folders = 30
  const index = ['Bench', '=====', '', '.. toctree::', '   :glob:', '', '   */index', '']
  writeFileSync(path.join(dir, 'index.rst'), index.join('\n'))
  for (let f = 0; f < folders; f++) {
    mkdirSync(path.join(dir, `f${f}`))
    const entries = []
    for (let i = f; i < count; i += folders) entries.push(`   d${i}`)
    writeFileSync(
      path.join(dir, `f${f}`, 'index.rst'),
      [`Folder ${f}`, '=========', '', '.. toctree::', '', ...entries, ''].join('\n')
    )
  }
  for (let i = 0; i < count; i++) {
    const next = (i + 1) % count
    const text = [
      `.. _label-${i}:`,
      '',
      `Document ${i}`,
      '============',
      '',
      `See :ref:\`label-${next}\` and :doc:\`/f${next % folders}/d${next}\`.`,
      '',
      'Section',
      '-------',
      '',
      'Some text with ``literal`` and *emphasis*.',
      ''
    ].join('\n')
    writeFileSync(path.join(dir, `f${i % folders}`, `d${i}.rst`), text)
  }
  return {dir, file: path.join(dir, 'f0', 'd0.rst')}
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN') / 1024
}

async function session(name, root, file, edits) {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit']
  })
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin)
  )
  const uri = pathToFileURL(file).href
  let wake = () => {}
  let latest = []
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri === uri) {
      latest = params.diagnostics
      wake()
    }
  })
  connection.onRequest('client/registerCapability', () => null)
  connection.onNotification('window/showMessage', () => undefined)
  connection.listen()
  const started = performance.now()
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{uri: pathToFileURL(root).href, name}],
    capabilities: {}
  })
  await connection.sendNotification('initialized', {})
  await connection.sendRequest('workspace/symbol', {query: '\u0000'})
  const coldMs = performance.now() - started
  const text = readFileSync(file, 'utf8')
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: {uri, languageId: 'restructuredtext', version: 1, text}
  })
  const base = text.replace(/\n*$/, '\n')
  const broken = `${base}\nSee :doc:\`/no/such/document\`.\n`
  const has = () => latest.some((d) => d.code === 'doc-unknown' && d.message.includes('no/such'))
  const times = []
  let rssStart = 0
  for (let i = 0; i < edits; i++) {
    const breakIt = i % 2 === 0
    const t = performance.now()
    const arrived = new Promise((resolve) => {
      wake = () => {
        if (has() === breakIt) resolve()
      }
    })
    await connection.sendNotification('textDocument/didChange', {
      textDocument: {uri, version: i + 2},
      // every edit is new content, as typing is (the facts cache must not grow with it)
      contentChanges: [{text: `${breakIt ? broken : base}\n.. edit ${i}\n`}]
    })
    await arrived
    times.push(performance.now() - t)
    if (i === 99) rssStart = rssMiB(child.pid)
  }
  const rssEnd = rssMiB(child.pid)
  const warm = times.slice(Math.min(20, times.length - 1)).sort((a, b) => a - b)
  const pick = (q) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]
  console.log(
    `${name}: first check ${coldMs.toFixed(0)} ms; change → diagnostics over ${times.length} edits: ` +
      `median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, worst ${warm.at(-1).toFixed(1)} ms; ` +
      `RSS ${rssStart.toFixed(0)} MiB after 100 edits, ${rssEnd.toFixed(0)} MiB after ${edits}`
  )
  await connection.sendRequest('shutdown', null)
  await connection.sendNotification('exit')
  connection.dispose()
}

if (existsSync(path.join(ovs, 'Documentation', 'conf.py'))) {
  await session(
    'Open vSwitch',
    ovs,
    path.join(ovs, 'Documentation', 'topics', 'bonding.rst'),
    editCount
  )
} else {
  console.log(`Open vSwitch: skipped, no tree at ${ovs} (extract it as bench/tree.bench.js says)`)
}
const big = generated(3000)
await session('3,000 documents', big.dir, big.file, Math.min(editCount, 1000))
