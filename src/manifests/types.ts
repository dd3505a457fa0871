/** Build-system manifests. Owned by manifests/: this is the shape the graph carries. */
import type {Range} from '../diagnostic.js'

/** One word of a manifest list, with where it came from (through variable expansion). */
export interface ManifestEntry {
  /** The file it names, POSIX, relative to the tree root. */
  path: string
  /** The word as written. */
  word: string
  /** Where the word is (the build file, relative to the tree root). */
  file: string
  range: Range
}

/** One list (a variable of one build file). */
export interface ManifestList {
  kind: 'automake' | 'meson' | 'conf.py' | 'toctree'
  /** The build file (relative to the tree root). */
  file: string
  variable: string
  entries: ManifestEntry[]
  /** Globs (relative to the tree root) of files this list must cover. */
  covers: string[]
  ignore: string[]
}

/** All manifests of the tree. */
export interface ManifestSet {
  lists: ManifestList[]
}
