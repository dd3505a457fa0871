/**
 * What checking a tree needs beyond deciding what to check: the conf.py reader, the manifest
 * readers and the graph builder with its parsers. run.ts loads it only when a check runs, so a
 * run answered by the `--cache` whole-run record never loads (or, bundled, even reads) it.
 */
export {buildGraph} from '../graph/build.js'
export {readManifests} from '../manifests/index.js'
export {loadProject} from '../project/load.js'
export {findBuilds} from '../build/find.js'
export {followBuild} from '../build/summary.js'
export {RST_CONTEXT_PREFIX} from '../graph/rst-context.js'
