#!/usr/bin/env node
// The entry is bin/doclint.cjs (CommonJS starts faster); this path stays for hooks and scripts
// that name it.
import './doclint.cjs'
