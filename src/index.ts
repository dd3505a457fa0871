/** doclint's public API. */
export type {Diagnostic, Severity, Range, Point} from './diagnostic.js'
export {VERSION} from './version.js'
