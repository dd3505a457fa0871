// Regenerates the README's picture: `doclint graph` on Open vSwitch's FAQ (a real tree), drawn
// by graphviz. Run after `npm run build`:
//   node scripts/graph-picture.js [OVS_DOCUMENTATION_FOLDER]   (default /tmp/corpus/ovs/Documentation)
// test/cli/graph-picture.test.ts checks that the committed picture is what this draws.
import {execFileSync} from 'node:child_process'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const docs = process.argv[2] ?? '/tmp/corpus/ovs/Documentation'
export const PICTURE = 'docs/images/ovs-faq-graph.svg'
export const ARGS = ['graph', '--root', 'faq/index', '--depth', '2']

execFileSync(
  process.execPath,
  [path.join(repo, 'bin/doclint.cjs'), ...ARGS, '.', '--output', path.join(repo, PICTURE)],
  {cwd: docs, stdio: 'inherit'}
)
