/** Where the intersphinx tests find their real inventories. */
import {existsSync, readdirSync} from 'node:fs'
import path from 'node:path'

/**
 * CPython's objects.inv from Debian's python3-doc (`/usr/share/doc/python3.X/html/objects.inv`).
 * Throws with the package to install when it is missing (.ci/run installs it).
 */
export function pythonInventoryPath(): string {
  const base = '/usr/share/doc'
  const found = readdirSync(base)
    .filter((name) => /^python3\.\d+$/.test(name))
    .map((name) => path.join(base, name, 'html', 'objects.inv'))
    .find((file) => existsSync(file))
  if (found === undefined) {
    throw new Error("CPython's objects.inv is missing: apt-get install -y python3-doc")
  }
  return found
}
