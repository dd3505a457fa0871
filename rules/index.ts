/** Every rule, sorted by id (a test checks this list against the folder). */
import type {Rule} from '../src/rule.js'
import docUnknown from './doc-unknown.js'
import downloadMissing from './download-missing.js'
import imageMissing from './image-missing.js'
import includeMissing from './include-missing.js'
import labelDuplicate from './label-duplicate.js'
import linkTargetDuplicate from './link-target-duplicate.js'
import linkTargetUnknown from './link-target-unknown.js'
import manifestDuplicate from './manifest-duplicate.js'
import manifestMismatch from './manifest-mismatch.js'
import manifestMissing from './manifest-missing.js'
import manifestUnlisted from './manifest-unlisted.js'
import orphan from './orphan.js'
import refUndefined from './ref-undefined.js'
import refUntitled from './ref-untitled.js'
import rootDocMissing from './root-doc-missing.js'
import termUndefined from './term-undefined.js'
import toctreeCircular from './toctree-circular.js'
import toctreeDuplicate from './toctree-duplicate.js'
import toctreeExcluded from './toctree-excluded.js'
import toctreeGlobEmpty from './toctree-glob-empty.js'
import toctreeMissing from './toctree-missing.js'
import toctreeSelf from './toctree-self.js'
import toctreeUntitled from './toctree-untitled.js'

/** All rules, sorted by id. */
export const rules: Rule[] = [
  docUnknown,
  downloadMissing,
  imageMissing,
  includeMissing,
  labelDuplicate,
  linkTargetDuplicate,
  linkTargetUnknown,
  manifestDuplicate,
  manifestMismatch,
  manifestMissing,
  manifestUnlisted,
  orphan,
  refUndefined,
  refUntitled,
  rootDocMissing,
  termUndefined,
  toctreeCircular,
  toctreeDuplicate,
  toctreeExcluded,
  toctreeGlobEmpty,
  toctreeMissing,
  toctreeSelf,
  toctreeUntitled
]
