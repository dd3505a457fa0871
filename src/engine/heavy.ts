/**
 * What checking a tree needs beyond deciding what to check: the graph builder with its parsers.
 * run.ts loads it only when a check runs, so a run answered by the `--cache` whole-run record
 * never loads (or, bundled, even reads) it. The build file, conf.py and manifest readers are
 * in readers.ts, loaded only when what they read is not known from the cache.
 */
export {buildGraph} from '../graph/build.js'
export {followBuild} from '../build/summary.js'
export {RST_CONTEXT_PREFIX} from '../graph/rst-context.js'
