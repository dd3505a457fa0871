/** Data shapes of incoming patches: inputs read from files, parsed diffs, problems. */

/** One patch as read from a mail, an mbox, a plain diff or a patchwork document. */
export interface PatchInput {
  /** Subject without the `[PATCH n/N]` (or `[ovs-dev,3/5]`) prefix. */
  subject: string
  /** 1-based position in its series (1 for a lone patch). */
  index: number
  total: number
  /** `Name <address>` of the author, when known. */
  author?: string
  /** Message-ID without angle brackets, when known. */
  messageId?: string
  /** Series version (`v2` gives 2), when the prefix said so. */
  version?: number
  /** The unified diff text (the whole mail body: prose before the diff is skipped by the parser). */
  diff: string
  /** Where it came from: a file name, a URL, `commit <sha>`. */
  source: string
  /** A commit id or patchwork id, for reports. */
  id?: string
  /** Patchwork patch id, when the patch came from patchwork. */
  patchworkId?: number
  /**
   * The commit this patch is (`--range`): its parents decide which tree it applies to, and a merge
   * (several parents; `diff` is then its combined diff) is checked against its parents' trees.
   */
  commit?: {sha: string; parents: string[]}
}

/** A patch of a patchwork series that still has to be fetched (its `mbox` URL). */
export interface PatchReference {
  patchworkId: number
  subject: string
  index: number
  total: number
  /** URL of the patch's mbox. */
  mbox: string
  source: string
}

/** Why a patch could not be read or applied; becomes a `patch-malformed`/`patch-apply` finding. */
export interface PatchProblem {
  ruleId: 'patch-malformed' | 'patch-apply'
  /** Stable message id: `notAPatch`, `tooLarge`, `contextMismatch`, `whitespaceDamaged`, … */
  messageId: string
  message: string
  /** Tree-relative file the problem is about, when there is one. */
  file?: string
  /** 1-based line in `file` (the hunk's old start), when there is one. */
  line?: number
  /** Where the patch came from. */
  source?: string
}

/** One line of a hunk. */
export interface HunkLine {
  kind: ' ' | '-' | '+'
  /** The text without its leading marker and without the line terminator (`\r` kept). */
  text: string
  /** False when followed by `\ No newline at end of file`. */
  newline: boolean
}

/** One `@@ -a,b +c,d @@` hunk. */
export interface Hunk {
  oldStart: number
  oldCount: number
  newStart: number
  newCount: number
  /** The `@@ … @@` line as written, for messages. */
  header: string
  lines: HunkLine[]
  /**
   * When every line of the hunk adds one (the hunk of a new file), the text they add, line ends
   * included, read from the patch at once; `lines` is then only built when asked for. A 600,000-
   * line file would otherwise keep 1.2 million objects alive until it is applied.
   */
  added?: string
  /** 1-based line of the `@@` header in the patch text. */
  patchLine: number
}

/** A binary change: `GIT binary patch` data when present, else only `Binary files … differ`. */
export interface BinaryChange {
  /** Forward data, when the patch carries it (`literal`/`delta` + base85 payload). */
  forward?: {kind: 'literal' | 'delta'; size: number; data: string[]}
}

/** Changes to one file, as parsed: paths are still raw (strip not applied). */
export interface FileDiff {
  /** `diff --git` style (extended headers, a/ b/ prefixes). */
  git: boolean
  /** Raw old path (`/dev/null` for a creation), undefined when only the git header named it. */
  oldPath?: string
  newPath?: string
  /** Paths from `diff --git a/x b/y` (raw, with prefixes). */
  headerOld?: string
  headerNew?: string
  /** Paths from `rename from`/`copy from` lines (git strips one less component from them). */
  renameFrom?: string
  renameTo?: string
  copyFrom?: string
  copyTo?: string
  oldMode?: string
  newMode?: string
  newFile: boolean
  deletedFile: boolean
  similarity?: number
  /** `index abc..def` ids. */
  oldId?: string
  newId?: string
  binary?: BinaryChange
  hunks: Hunk[]
  /** 1-based line in the patch text where this file's section starts. */
  patchLine: number
}

/** The result of parsing a diff text. */
export interface ParsedDiff {
  files: FileDiff[]
  problems: PatchProblem[]
}
