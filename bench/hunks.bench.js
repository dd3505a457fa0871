// Applying a patch is linear in its number of hunks: a file edited every tenth line, as plain
// `git diff` writes it, at 3,125 to 25,000 hunks (issue 18: 12,500 hunks in 1.65 MB took over
// 60 s when every hunk spliced the whole line array). Needs `npm run build` (bench/run.js does it).
import path from 'node:path'

const dist = path.join(import.meta.dirname, '..', 'dist', 'src')
const {applyPatch} = await import(path.join(dist, 'patch', 'apply.js'))
const {parseDiff} = await import(path.join(dist, 'patch', 'diff.js'))
const {MemoryTree} = await import(path.join(dist, 'tree', 'memory.js'))

for (const hunks of [3125, 6250, 12500, 25000]) {
  const lines = Array.from({length: hunks * 10}, (_, i) => `line ${i} of the document text`)
  const parts = ['diff --git a/f.rst b/f.rst\n--- a/f.rst\n+++ b/f.rst\n']
  for (let h = 0; h < hunks; h++) {
    const at = h * 10 + 5
    parts.push(`@@ -${at - 2},7 +${at - 2},7 @@\n`)
    for (let k = at - 3; k <= at + 3; k++) {
      parts.push(k === at ? `-${lines[k]}\n+changed ${k}\n` : ` ${lines[k]}\n`)
    }
  }
  const diff = parts.join('')
  const tree = new MemoryTree({'f.rst': `${lines.join('\n')}\n`})
  const started = performance.now()
  const result = await applyPatch(tree, parseDiff(diff))
  const ms = performance.now() - started
  console.log(
    `${String(hunks).padStart(6)} hunks, ${(diff.length / 2 ** 20).toFixed(2)} MiB: ${result.ok ? 'applied' : 'REFUSED'} in ${ms.toFixed(0)} ms (${((ms / hunks) * 1000).toFixed(0)} µs a hunk)`
  )
}
