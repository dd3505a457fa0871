/**
 * Issue 7, item 6: `--fix` and `--output` write atomically (temp file in the same folder, fsync,
 * rename), never follow a symlink out of the tree, and an interrupted write leaves the original
 * byte-identical. The interruption is real: a child process is SIGKILLed in the middle of a
 * write, while writeFileAtomic is still consuming its data.
 */
import {spawn} from 'node:child_process'
import {cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanTemps, doclint, repoRoot, snapshot, tempDir, writeTree} from './helpers.js'

afterAll(cleanTemps)

const fixTree = path.join(repoRoot, 'fixtures', 'manifest-unlisted', 'new-files')

describe('--output', () => {
  it('writes the report atomically and leaves no temp file', () => {
    const dir = tempDir()
    writeTree(dir, {
      'conf.py': "project = 'x'\n",
      'index.rst': 'T\n=\n\n:doc:`nope`\n',
      'report.json': 'old'
    })
    const run = doclint(dir, ['--format', 'json', '--output', 'report.json'])
    expect(run.code).toBe(1)
    expect(
      JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).diagnostics
    ).toHaveLength(1)
    expect(readdirSync(dir).filter((name) => name.startsWith('.doclint-tmp-'))).toEqual([])
  })

  it('refuses a symlink that leads out of the tree (exit 2), the outside file untouched', () => {
    const outer = tempDir()
    const dir = path.join(outer, 'tree')
    writeTree(outer, {'victim.txt': 'precious\n'})
    writeTree(dir, {'conf.py': "project = 'x'\n", 'index.rst': 'T\n=\n'})
    symlinkSync(path.join(outer, 'victim.txt'), path.join(dir, 'report.json'))
    const before = snapshot(outer)
    const run = doclint(dir, ['--format', 'json', '--output', 'report.json'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/refusing to write \S*report\.json: it resolves outside/)
    expect(snapshot(outer)).toEqual(before)
  })

  it('follows a symlink that stays inside the tree', () => {
    const dir = tempDir()
    writeTree(dir, {'conf.py': "project = 'x'\n", 'index.rst': 'T\n=\n', 'out/real.json': ''})
    symlinkSync(path.join('out', 'real.json'), path.join(dir, 'report.json'))
    const run = doclint(dir, ['--format', 'json', '--output', 'report.json'])
    expect(run.code).toBe(0)
    expect(
      JSON.parse(readFileSync(path.join(dir, 'out', 'real.json'), 'utf8')).diagnostics
    ).toEqual([])
  })
})

describe('--fix', () => {
  it('edits the manifest in place, atomically, keeping every other byte', () => {
    const dir = tempDir()
    cpSync(fixTree, dir, {recursive: true})
    const run = doclint(dir, ['--fix', '--format', 'json'])
    expect(run.signal).toBeNull()
    const expected = readFileSync(
      path.join(fixTree, 'expected-fixed', 'Documentation', 'automake.mk')
    )
    expect(readFileSync(path.join(dir, 'Documentation', 'automake.mk'))).toEqual(expected)
    expect(
      readdirSync(path.join(dir, 'Documentation')).filter((name) =>
        name.startsWith('.doclint-tmp-')
      )
    ).toEqual([])
  })

  it('never writes through a manifest symlinked out of the tree', () => {
    const outer = tempDir()
    const dir = path.join(outer, 'tree')
    cpSync(fixTree, dir, {recursive: true})
    const manifest = path.join(dir, 'Documentation', 'automake.mk')
    writeFileSync(path.join(outer, 'automake.mk'), readFileSync(manifest))
    // Replace the manifest with a link to the copy outside the tree.
    cpSync(path.join(outer, 'automake.mk'), path.join(outer, 'victim.mk'))
    rmSync(manifest)
    symlinkSync(path.join(outer, 'victim.mk'), manifest)
    const before = snapshot(outer)
    const run = doclint(dir, ['--fix', '--format', 'json'])
    expect(run.signal).toBeNull()
    expect(run.stderr).toMatch(/automake\.mk: symbolic link points outside the tree; not followed/)
    expect(snapshot(outer)).toEqual(before)
  })
})

describe('an interrupted write', () => {
  it('SIGKILL in the middle of writeFileAtomic leaves the original byte-identical', async () => {
    const dir = tempDir()
    const target = path.join(dir, 'automake.mk')
    // Every byte value, CRLF and a missing final newline: "intact" means byte for byte.
    const original = Buffer.concat([
      Buffer.from('DOC_SOURCE = \\\r\n\ta.rst\n'),
      Buffer.from(Array.from({length: 256}, (_, i) => i))
    ])
    writeFileSync(target, original)
    // The child hands writeFileAtomic an async iterable (FileHandle.writeFile takes one): it
    // yields a first chunk, says so, and then waits for ever, so the kill lands mid-write.
    const script = `
      import {writeFileAtomic} from ${JSON.stringify(path.join(repoRoot, 'dist', 'src', 'fs', 'atomic.js'))}
      async function* data() {
        yield new Uint8Array(1024 * 1024).fill(65)
        process.stdout.write('paused\\n')
        await new Promise(() => {})
      }
      await writeFileAtomic(${JSON.stringify(target)}, data())
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('paused')) resolve()
      })
      child.on('exit', () => reject(new Error(`child exited before pausing: ${stderr}`)))
    })
    // The temp file exists and holds the partial write: the kill really is mid-write.
    const temps = readdirSync(dir).filter((name) => name.startsWith('.doclint-tmp-'))
    expect(temps).toHaveLength(1)
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    expect(readFileSync(target)).toEqual(original)
  })
})
