/**
 * The readers of the build files, conf.py and the manifests: run.ts loads them only when a
 * check cannot take what they found from the `--cache` file (a `--staged` run usually can).
 * Bundled, they are a chunk of their own (scripts/bundle.js).
 */
export {findBuilds} from '../build/find.js'
export {readManifests} from '../manifests/index.js'
export {loadProject} from '../project/load.js'
