/** A Sphinx project's build folder: where its manifests and build flags are read from. */
import {describe, expect, it} from 'vitest'
import {buildRootMarker, findBuildRoot} from '../../src/project/root.js'
import {MemoryTree} from '../../src/tree/memory.js'

describe('findBuildRoot', () => {
  it('takes the nearest folder holding configure.ac with a top Makefile.am', async () => {
    const tree = new MemoryTree({
      'ovs/configure.ac': 'AC_INIT([openvswitch], [3.0])\n',
      'ovs/Makefile.am': 'include Documentation/automake.mk\n',
      'ovs/Documentation/conf.py': "project = 'ovs'\n",
      'ovs/Documentation/automake.mk': 'DOC_SOURCE = Documentation/index.rst\n',
      'ovn/configure.in': 'AC_INIT([ovn], [3.0])\n',
      'ovn/Makefile.am': 'include Documentation/automake.mk\n',
      'ovn/Documentation/conf.py': "project = 'ovn'\n"
    })
    expect(await findBuildRoot(tree, 'ovs/Documentation')).toEqual({
      folder: 'ovs',
      marker: 'automake'
    })
    expect(await findBuildRoot(tree, 'ovn/Documentation')).toEqual({
      folder: 'ovn',
      marker: 'automake'
    })
  })

  it('does not take a subfolder Makefile.am (no configure.ac) for the top', async () => {
    const tree = new MemoryTree({
      'configure.ac': 'AC_INIT([suricata], [7])\n',
      'Makefile.am': 'SUBDIRS = doc\n',
      'doc/userguide/Makefile.am': 'EXTRA_DIST = conf.py index.rst\n',
      'doc/userguide/conf.py': ''
    })
    expect(await findBuildRoot(tree, 'doc/userguide')).toEqual({folder: '', marker: 'automake'})
  })

  it('takes a meson.build only where it calls project()', async () => {
    const tree = new MemoryTree({
      'dpdk/meson.build': "# SPDX\n\nproject('DPDK', 'c',\n  version: '24.11')\nsubdir('doc')\n",
      'dpdk/doc/meson.build': "subdir('guides')\n",
      'dpdk/doc/guides/meson.build': "sphinx = find_program('sphinx-build')\n",
      'dpdk/doc/guides/conf.py': ''
    })
    expect(await findBuildRoot(tree, 'dpdk/doc/guides')).toEqual({
      folder: 'dpdk',
      marker: 'meson'
    })
  })

  it('takes a Python project (setup.py, pyproject.toml) and a nested git repository', async () => {
    const tree = new MemoryTree({
      'lib/pyproject.toml': '[project]\nname = "lib"\n',
      'lib/docs/conf.py': '',
      'vendored/.git/HEAD': 'ref: refs/heads/main\n',
      'vendored/doc/conf.py': '',
      'old/setup.py': 'from setuptools import setup\n',
      'old/docs/conf.py': ''
    })
    expect(await findBuildRoot(tree, 'lib/docs')).toEqual({folder: 'lib', marker: 'python'})
    expect(await findBuildRoot(tree, 'vendored/doc')).toEqual({folder: 'vendored', marker: 'git'})
    expect(await findBuildRoot(tree, 'old/docs')).toEqual({folder: 'old', marker: 'python'})
  })

  it('is the tree root, unmarked, when nothing marks a build, and never above it', async () => {
    const tree = new MemoryTree({
      'Documentation/automake.mk': 'DOC_SOURCE = Documentation/index.rst\n',
      'Documentation/conf.py': ''
    })
    expect(await findBuildRoot(tree, 'Documentation')).toEqual({folder: ''})
    expect(await findBuildRoot(tree, '')).toEqual({folder: ''})
    expect(await buildRootMarker(tree, 'Documentation')).toBe(undefined)
  })

  it('without a known top, takes the outermost Makefile.am of a build without configure.ac', async () => {
    const tree = new MemoryTree({
      'a/Makefile.am': 'include Documentation/automake.mk\n',
      'a/Documentation/automake.mk': 'DOC_SOURCE = Documentation/index.rst\n',
      'a/Documentation/conf.py': '',
      'b/Makefile.am': 'SUBDIRS = doc\n',
      'b/doc/Makefile.am': 'EXTRA_DIST = conf.py\n',
      'b/doc/conf.py': ''
    })
    expect(await findBuildRoot(tree, 'a/Documentation')).toEqual({folder: 'a', marker: 'automake'})
    expect(await findBuildRoot(tree, 'b/doc')).toEqual({folder: 'b', marker: 'automake'})
    // The tree root is the top (git, a configuration, --root): no guess below it.
    expect(await findBuildRoot(tree, 'a/Documentation', {treeRootIsTop: true})).toEqual({
      folder: ''
    })
  })

  it('takes the source folder itself when it is the top of the build', async () => {
    const tree = new MemoryTree({
      'configure.ac': '',
      'Makefile.am': 'EXTRA_DIST = index.rst conf.py\n',
      'conf.py': ''
    })
    expect(await findBuildRoot(tree, '')).toEqual({folder: '', marker: 'automake'})
  })
})
