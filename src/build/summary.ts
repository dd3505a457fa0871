/** What doclint does with the build it found: the summary it reports and how warnings count. */
import type {DoclintConfig} from '../config/types.js'
import type {Related} from '../diagnostic.js'
import type {BuildSummary} from './types.js'
import {normalizePath} from '../manifests/text.js'
import type {BuildInfo} from './types.js'

/** The build followed for one project, and where its -W is written (for each escalated finding). */
export interface FollowedBuild {
  summary: BuildSummary
  /** Whether warnings fail the build (then they are errors here too). */
  warningsFail: boolean
  /** Where -W is written: the related location every escalated finding gets. */
  because?: Related
  /** Tags of the build (`-t`), when it gives any. */
  tags?: string[]
  /** `-D root_doc=…` / `-D master_doc=…`. */
  rootDoc?: string
}

/** Decide how the build found for `srcdir` counts, the configuration overriding it. */
export function followBuild(info: BuildInfo, srcdir: string, config: DoclintConfig): FollowedBuild {
  const build = info.strictest
  const summary: BuildSummary = {
    project: srcdir === '' ? '.' : srcdir,
    found: info.builds.length,
    warningsAreErrors: false
  }
  const notes: string[] = []
  const followed: FollowedBuild = {summary, warningsFail: false}
  if (build) {
    summary.source = `${build.file}:${build.line}`
    if (build.nitpicky) summary.nitpicky = true
    if (build.keepGoing) summary.keepGoing = true
    if (build.tags.length > 0) {
      summary.tags = [...build.tags]
      followed.tags = [...build.tags]
    }
    if (Object.keys(build.overrides).length > 0) summary.overrides = {...build.overrides}
    const rootDoc = build.overrides.root_doc ?? build.overrides.master_doc
    if (rootDoc !== undefined) followed.rootDoc = rootDoc
    const other = Object.keys(build.overrides).filter(
      (name) => name !== 'root_doc' && name !== 'master_doc'
    )
    if (other.length > 0) notes.push(`-D ${other.join(', ')}: not applied`)
    if (build.confdir !== undefined && !/[$@{]/.test(build.confdir)) {
      const confdir = normalizePath(build.confdir)
      // as written: relative to the build's top folder, which may be below the tree root
      const same = confdir === undefined || confdir === srcdir || srcdir.endsWith(`/${confdir}`)
      if (!same && confdir !== '.' && confdir !== '') {
        notes.push(`-c ${build.confdir}: conf.py is read from the source folder instead`)
      }
    }
    if (info.builds.length > 1) {
      notes.push(
        `${info.builds.length} builds found; the strictest (${summary.source}) is followed`
      )
    }
    if (build.conditional)
      notes.push('its flags depend on a build option: the strictest case is taken')
  }
  const configured = config.sphinx.warningsAreErrors
  const written = build?.warningsAreErrors
  if (configured !== undefined) {
    summary.warningsAreErrors = configured
    if (configured) summary.because = 'the configuration (sphinx.warningsAreErrors)'
  } else if (written) {
    summary.warningsAreErrors = true
    summary.because = `${written.file}:${written.line}`
  }
  followed.warningsFail = summary.warningsAreErrors
  if (summary.warningsAreErrors && written && configured === undefined) {
    const point = {line: written.line, column: 1, offset: 0}
    followed.because = {
      file: written.file,
      range: {start: point, end: point},
      message: `the build runs with -W: ${written.file}:${written.line}, so this warning fails it`
    }
  }
  if (notes.length > 0) summary.notes = notes
  return followed
}
