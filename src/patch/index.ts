/** Patch mechanics: read patches, parse diffs, apply them in memory (series: src/series/). */
export {applyPatch, checkPath, normalizeWhitespace} from './apply.js'
export {NameFolder} from './apply.js'
export type {ApplyOptions, ApplyResult, FileChange} from './apply.js'
export {parseDiff, splitGitHeader, stripComponents, unquoteCString} from './diff.js'
export {parseSubject, readPatchInput} from './read.js'
export type {ReadOptions, ReadResult, SubjectInfo} from './read.js'
export type * from './types.js'
