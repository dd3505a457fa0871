/** The git index (staged content) as a tree, for `--staged` runs. */
import {BlobTree, nulRecords, runGit, type GitEntry} from './git.js'

/**
 * The files as staged in `repoDir`'s index (`git ls-files -s -z`), read through one cat-file
 * process. Conflicted paths (stages 1-3) show their `ours` side (stage 2). Call `close()` when done.
 */
export class IndexTree extends BlobTree {
  constructor(repoDir: string, label = 'index') {
    super(repoDir, label)
  }

  protected override async loadEntries(): Promise<GitEntry[]> {
    // ls-files lists only below its working folder: run it at the top so paths are root-relative.
    const top = (await runGit(this.repo, ['rev-parse', '--show-toplevel'])).toString('utf8').trim()
    const output = await runGit(top, ['ls-files', '-s', '-z', '--full-name'])
    const merged = new Map<string, GitEntry>()
    for (const record of nulRecords(output)) {
      // `<mode> SP <oid> SP <stage> TAB <path>`
      const tab = record.indexOf('\t')
      if (tab < 0) continue
      const [mode, oid, stage] = record.slice(0, tab).split(' ')
      if (mode === undefined || oid === undefined || (stage !== '0' && stage !== '2')) continue
      const path = record.slice(tab + 1)
      if (stage === '2' && merged.has(path)) continue
      merged.set(path, {mode, oid, path})
    }
    return [...merged.values()]
  }
}
