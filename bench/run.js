// npm run bench: builds (tsc and the bundle bin/doclint.cjs runs), then runs every
// bench/*.bench.js in turn (each prints its own figures). `npm run bench -- staged` runs one.
import {execFileSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import path from 'node:path'

const here = import.meta.dirname
const only = process.argv.slice(2)
execFileSync('npm', ['run', '--silent', 'build:dist'], {
  cwd: path.join(here, '..'),
  stdio: 'inherit'
})
for (const file of readdirSync(here)
  .filter((name) => name.endsWith('.bench.js'))
  .sort()) {
  if (only.length && !only.some((name) => file.startsWith(name))) continue
  console.log(`\n== ${file}`)
  execFileSync(process.execPath, [path.join(here, file)], {stdio: 'inherit'})
}
