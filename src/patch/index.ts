/** Patch modes: read patches, parse diffs, apply them in memory, run a series. */
export {applyPatch, checkPath, normalizeWhitespace} from './apply.js'
export type {ApplyOptions, ApplyResult, FileChange} from './apply.js'
export {parseDiff, splitGitHeader, stripComponents, unquoteCString} from './diff.js'
export {parseSubject, readPatchInput} from './read.js'
export type {ReadOptions, ReadResult, SubjectInfo} from './read.js'
export {patchInfoOf, problemFindings, problemResult, runSeries} from './series.js'
export type {SeriesOptions} from './series.js'
export type * from './types.js'
