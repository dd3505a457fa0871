/** Pages Sphinx generates: valid toctree entries and `:ref:` targets (§3.2, §6.2). */
export const GENERATED_DOCNAMES: ReadonlySet<string> = new Set(['genindex', 'modindex', 'search'])
