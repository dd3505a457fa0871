/** Fixed RunResult objects shared by the reporter tests: one tree run, one patch-series run. */
import type {Range} from '../../src/diagnostic.js'
import {assignKeys} from '../../src/engine/identity.js'
import type {Finding, PatchInfo, PatchResult, RunResult} from '../../src/engine/types.js'
import type {RuleMeta} from '../../src/rule.js'

/** The tree root and cwd of every fixed result (cwd is the repository, the tree is docs/). */
export const ROOT = '/repo/docs'
export const CWD = '/repo'

/** Build a range from 1-based line/column pairs (offsets are not used by reporters). */
export function range(line: number, column: number, endLine: number, endColumn: number): Range {
  return {
    start: {line, column, offset: 0},
    end: {line: endLine, column: endColumn, offset: 0}
  }
}

/** Rule metadata as the engine hands it to reporters. */
export const RULES: RuleMeta[] = [
  {
    id: 'doc-unknown',
    description: 'Links must resolve to an existing document',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'unknown document: {target}',
    messages: {missingDocument: 'Cannot find document `{target}`'}
  },
  {
    id: 'orphan',
    description: 'Every document must be in a toctree',
    recommended: true,
    defaultSeverity: 'warning',
    fixable: false,
    messages: {orphan: 'Document is not included in any toctree'}
  },
  {
    id: 'manifest-unlisted',
    description: 'Documents must be listed in the build manifest',
    recommended: true,
    defaultSeverity: 'error',
    fixable: true,
    messages: {unlisted: 'Unexpected document `{file}` missing from `{manifest}`'}
  }
]

/** A tree run: three findings in two files, one with a related location, one `info`. */
export function treeResult(): RunResult {
  const diagnostics: Finding[] = assignKeys([
    {
      ruleId: 'doc-unknown',
      messageId: 'missingDocument',
      message: 'Cannot find document `instal`; did you mean `install`?',
      severity: 'error',
      file: 'index.rst',
      range: range(7, 5, 7, 18),
      target: 'instal',
      resolved: 'instal',
      suggestions: ['install']
    },
    {
      ruleId: 'orphan',
      messageId: 'orphan',
      message: 'Document is not included in any toctree',
      severity: 'warning',
      file: 'old.rst',
      range: range(1, 1, 1, 1),
      related: [{file: 'index.rst', range: range(3, 1, 5, 12), message: 'root toctree is here'}]
    },
    {
      ruleId: 'manifest-unlisted',
      messageId: 'unlisted',
      message: 'Unexpected document `a, b: c.rst` missing from `automake.mk`',
      severity: 'info',
      file: 'dir with space/a, b: c.rst',
      range: range(2, 1, 2, 4)
    }
  ])
  return {
    mode: 'tree',
    root: ROOT,
    cwd: CWD,
    diagnostics,
    files: ['dir with space/a, b: c.rst', 'index.rst', 'install.rst', 'old.rst'],
    documents: 4,
    elapsedMs: 1234,
    rules: RULES
  }
}

const PATCHES: PatchInfo[] = [
  {index: 1, total: 3, subject: 'doc: Add <guide> & "tips"', id: 'aaa111', patchworkId: 101},
  {
    index: 2,
    total: 3,
    subject: 'Documentation: Remove Windows docs.',
    id: 'bbb222',
    patchworkId: 102
  },
  {index: 3, total: 3, subject: 'broken\u0001 patch', id: 'ccc333', patchworkId: 103}
]

/**
 * A series run: patch 1 is clean (it fixes a finding), patch 2 introduces an error and a warning,
 * patch 3 does not apply.
 */
export function patchResult(): RunResult {
  const [p1, p2, p3] = PATCHES as [PatchInfo, PatchInfo, PatchInfo]
  const fixed: Finding = {
    ruleId: 'doc-unknown',
    messageId: 'missingDocument',
    message: 'Cannot find document `guide`',
    severity: 'error',
    file: 'index.rst',
    range: range(4, 3, 4, 15),
    target: 'guide',
    resolved: 'guide',
    status: 'fixed',
    patch: p1
  }
  const dangling: Finding = {
    ruleId: 'doc-unknown',
    messageId: 'missingDocument',
    message: 'Cannot find document `topics/windows`',
    severity: 'error',
    file: 'index.rst',
    range: range(12, 3, 12, 30),
    target: 'topics/windows',
    resolved: 'topics/windows',
    status: 'introduced',
    patch: p2,
    related: [
      {file: 'automake.mk', range: range(60, 2, 60, 33), message: 'removed from DOC_SOURCE here'}
    ]
  }
  const orphan: Finding = {
    ruleId: 'orphan',
    messageId: 'orphan',
    message: 'Document is not included in any toctree',
    severity: 'warning',
    file: 'topics/new.rst',
    range: range(1, 1, 1, 1),
    status: 'introduced',
    patch: p2
  }
  const notApplied: Finding = {
    ruleId: 'patch-apply',
    messageId: 'notApplied',
    message: 'Patch does not apply: hunk 2 of `index.rst` does not match at line 40',
    severity: 'error',
    file: 'index.rst',
    range: range(40, 1, 40, 1),
    status: 'introduced',
    patch: p3
  }
  assignKeys([fixed])
  assignKeys([dangling, orphan, notApplied])
  const patches: PatchResult[] = [
    {patch: p1, applied: true, introduced: [], fixed: [fixed], existing: [], files: ['index.rst']},
    {
      patch: p2,
      applied: true,
      introduced: [dangling, orphan],
      fixed: [],
      existing: [],
      files: ['automake.mk', 'index.rst', 'topics/new.rst']
    },
    {patch: p3, applied: false, introduced: [notApplied], fixed: [], existing: [], files: []}
  ]
  return {
    mode: 'patch',
    root: ROOT,
    cwd: CWD,
    diagnostics: [fixed, dangling, orphan, notApplied],
    patches,
    files: ['automake.mk', 'index.rst', 'topics/new.rst'],
    documents: 40,
    elapsedMs: 2500,
    rules: RULES
  }
}

/** A clean tree run: no findings. */
export function cleanResult(): RunResult {
  return {
    mode: 'tree',
    root: ROOT,
    cwd: CWD,
    diagnostics: [],
    files: ['index.rst'],
    documents: 1,
    elapsedMs: 3,
    rules: RULES
  }
}
