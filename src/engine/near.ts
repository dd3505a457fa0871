/**
 * What a `--staged` run needs to carry a stored check over a prose edit (run.ts nearCheck): the
 * reStructuredText front end alone. run.ts loads it only then; bundled, it is a chunk of its own
 * (scripts/bundle.js), so such a run never loads the graph, conf.py and manifest readers.
 */
export {decodeText, rstFactsOfContext} from '../graph/rst-context.js'
