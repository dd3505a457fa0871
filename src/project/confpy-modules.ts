/**
 * Which imports a build's Python is known to satisfy, so that `try: import x … except ImportError:`
 * takes the branch a real build takes: the standard library every Python 3 the Sphinx version runs
 * on has, Sphinx and what it depends on exist; Python 2 modules are known to be missing; anything
 * else (a third-party package, a module of the tree) depends on the machine and stays unknown.
 */

/**
 * Standard-library modules of every CPython 3 from 3.6 on, on every platform (from
 * `sys.stdlib_module_names`, without private, platform-only, optional-build and removed ones).
 */
const STDLIB = new Set(
  (
    'abc argparse array ast asyncio atexit base64 bdb binascii bisect builtins calendar cmath cmd ' +
    'code codecs codeop collections colorsys compileall concurrent configparser contextlib copy ' +
    'copyreg csv datetime decimal difflib dis doctest email encodings enum errno faulthandler ' +
    'filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext ' +
    'glob gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress itertools json ' +
    'keyword linecache locale logging mailbox marshal math mimetypes mmap modulefinder ' +
    'multiprocessing netrc ntpath numbers opcode operator optparse os pathlib pdb pickle ' +
    'pickletools pkgutil platform plistlib poplib posixpath pprint profile pstats py_compile ' +
    'pyclbr pydoc queue quopri random re reprlib runpy sched secrets select selectors shelve ' +
    'shlex shutil signal site smtplib socket socketserver sre_compile sre_constants sre_parse stat ' +
    'statistics string stringprep struct subprocess symtable sys sysconfig tabnanny tarfile ' +
    'tempfile textwrap threading time timeit token tokenize trace traceback tracemalloc types ' +
    'typing unicodedata unittest urllib uuid warnings wave weakref webbrowser wsgiref xml xmlrpc ' +
    'zipapp zipfile zipimport zlib'
  ).split(' ')
)

/** Standard-library modules added after 3.6, with the minor version that added them. */
const STDLIB_SINCE = new Map([
  ['contextvars', 7],
  ['dataclasses', 7],
  ['graphlib', 9],
  ['zoneinfo', 9],
  ['tomllib', 11]
])

/** Sphinx itself and the packages every Sphinx install brings. */
const WITH_SPHINX = new Set([
  'sphinx',
  'docutils',
  'jinja2',
  'pygments',
  'babel',
  'alabaster',
  'imagesize',
  'requests',
  'packaging',
  'snowballstemmer'
])

/** Python 2 modules, renamed or removed in Python 3: importing one raises ImportError. */
const PYTHON2_ONLY = new Set([
  '__builtin__',
  'ConfigParser',
  'Queue',
  'SocketServer',
  'StringIO',
  'Tkinter',
  'HTMLParser',
  'commands',
  'cPickle',
  'cStringIO',
  'exceptions',
  'httplib',
  'md5',
  'sets',
  'sha',
  'urllib2',
  'urlparse',
  'xmlrpclib'
])

/** Whether importing `module` succeeds in a build on Python 3.`pythonMinor` or later. */
export function importOutcome(
  module: string,
  pythonMinor: number
): 'exists' | 'missing' | 'unknown' {
  const top = module.split('.')[0] ?? module
  if (PYTHON2_ONLY.has(top)) return 'missing'
  // a submodule of Sphinx may have moved between versions; of the standard library, it has not
  if (WITH_SPHINX.has(top)) return top === module ? 'exists' : 'unknown'
  if (STDLIB.has(top)) return 'exists'
  const since = STDLIB_SINCE.get(top)
  if (since !== undefined && since <= pythonMinor) return 'exists'
  return 'unknown'
}

/** Whether an `except` clause naming `names` (none: a bare `except:`) catches an ImportError. */
export function catchesImportError(names: readonly string[]): boolean {
  return (
    names.length === 0 ||
    names.some((name) =>
      ['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException'].includes(name)
    )
  )
}
