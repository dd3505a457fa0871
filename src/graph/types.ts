/**
 * The project graph rules query. Owned by graph/: extend freely (rules depend on it), but keep
 * rules free of file-system access: everything they need is here.
 */
import type {DocFacts} from '../facts/types.js'
import type {ManifestSet} from '../manifests/types.js'
import type {SphinxProject} from '../project/types.js'

/** One Sphinx document. */
export interface GraphDocument {
  docname: string
  /** POSIX path relative to the tree root. */
  path: string
  parser: string
  facts: DocFacts
}

/** Everything rules see. */
export interface Graph {
  project: SphinxProject
  /** Documents by docname, in sorted docname order. */
  documents: Map<string, GraphDocument>
  /** Build-system manifests (automake, meson, conf.py man_pages). */
  manifests: ManifestSet
}
