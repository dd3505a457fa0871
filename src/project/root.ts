/**
 * Where a Sphinx project's build lives: the folder its manifests (Makefile.am, meson.build,
 * MANIFEST.in) and build flags (tox.ini, CI workflows, .readthedocs.yaml) are read from. Several
 * projects under one PATH each have their own; one project checked through its documentation
 * folder has the same one as when checked from its top.
 */
import type {FileTree} from '../tree/types.js'
import {join} from './find.js'

/** What makes a folder the top of a build, with the files that show it. */
export type BuildRootMarker = 'git' | 'automake' | 'meson' | 'python'

/** A project's build folder (tree-relative, '' for the tree root) and what marks it. */
export interface BuildRoot {
  folder: string
  /** Undefined when nothing marks it: the tree root is used. */
  marker?: BuildRootMarker
}

/**
 * Only so much of a meson.build is read for its `project(` call: it is the first statement of a
 * project's top meson.build (meson requires it), so it is near the start.
 */
export const MESON_HEAD_BYTES = 64 * 1024

/** The few file questions finding a build root asks: a FileTree, or the disk above one. */
export type RootProbe = Pick<FileTree, 'exists' | 'isDir' | 'read'>

/**
 * Whether `folder` is the top of a build: `.git` (a repository or a worktree's file),
 * `configure.ac`/`configure.in` with a top `Makefile.am`, a `meson.build` calling `project(`, or
 * `setup.py`/`pyproject.toml` (the folder `MANIFEST.in` is read from).
 */
export async function buildRootMarker(
  probe: RootProbe,
  folder: string
): Promise<BuildRootMarker | undefined> {
  const at = (name: string): string => join(folder, name)
  if ((await probe.isDir(at('.git'))) || (await probe.exists(at('.git')))) return 'git'
  if (
    ((await probe.exists(at('configure.ac'))) || (await probe.exists(at('configure.in')))) &&
    (await probe.exists(at('Makefile.am')))
  ) {
    return 'automake'
  }
  const meson = await probe.read(at('meson.build'))
  if (meson !== undefined) {
    const head = new TextDecoder('utf-8', {fatal: false}).decode(
      meson.subarray(0, MESON_HEAD_BYTES)
    )
    if (/^[ \t]*project[ \t]*\(/m.test(head)) return 'meson'
  }
  if ((await probe.exists(at('setup.py'))) || (await probe.exists(at('pyproject.toml'))))
    return 'python'
  return undefined
}

/**
 * The build folder of the Sphinx project in `srcdir`: the nearest folder at or above it that is
 * the top of a build (buildRootMarker), never above the tree root (itself the git top-level when
 * there is one); the tree root when nothing marks one. When the tree root is not known to be a
 * top (`treeRootIsTop` false: no git, no configuration, no `--root`), an automake build without
 * configure.ac is taken at its outermost `Makefile.am` (two such projects side by side).
 */
export async function findBuildRoot(
  tree: RootProbe,
  srcdir: string,
  options: {treeRootIsTop?: boolean} = {}
): Promise<BuildRoot> {
  let outermost: string | undefined
  for (let folder = srcdir; ; folder = parentOf(folder)) {
    const marker = await buildRootMarker(tree, folder)
    if (marker !== undefined) return {folder, marker}
    if (options.treeRootIsTop !== true && (await tree.exists(join(folder, 'Makefile.am'))))
      outermost = folder
    if (folder === '') break
  }
  return outermost === undefined ? {folder: ''} : {folder: outermost, marker: 'automake'}
}

function parentOf(folder: string): string {
  const cut = folder.lastIndexOf('/')
  return cut < 0 ? '' : folder.slice(0, cut)
}
