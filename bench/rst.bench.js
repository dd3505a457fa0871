#!/usr/bin/env node
// Throughput of the RST parser on one thread: parses every .rst under a folder N times.
// Usage: npm run build:dist && node bench/rst.bench.js [folder=/tmp/corpus/peps] [N=5]
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {parse} from '../dist/src/rst/index.js'

const folder = process.argv[2] ?? '/tmp/corpus/peps'
const rounds = Number(process.argv[3] ?? 5)

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) walk(p, out)
    else if (name.endsWith('.rst')) out.push(readFileSync(p, 'utf8'))
  }
  return out
}

const texts = walk(folder, [])
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0)
// warm-up round so the JIT has compiled the hot paths
for (const t of texts) parse(t)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
let nodes = 0
for (let r = 0; r < rounds; r++) for (const t of texts) nodes += parse(t).children.length
const wall = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const cpuSec = (cpu.user + cpu.system) / 1e6
const mb = (bytes * rounds) / 1e6
console.log(
  `corpus: ${folder}: ${texts.length} files, ${(bytes / 1e6).toFixed(2)} MB; ${rounds} rounds`
)
console.log(
  `wall ${wall.toFixed(2)} s: ${(mb / wall).toFixed(1)} MB/s; cpu ${cpuSec.toFixed(2)} s: ${(mb / cpuSec).toFixed(1)} MB/s (top-level nodes ${nodes})`
)
