/** Reporter registry: name → reporter, loaded on demand so startup pays only for the one used. */
import type {Reporter} from '../engine/types.js'
import {VERSION} from '../version.js'

/** Formats `--format` accepts. */
export const FORMATS = [
  'stylish',
  'sphinx',
  'json',
  'sarif',
  'github',
  'junit',
  'patchwork',
  'markdown'
] as const
/** A format name. */
export type Format = (typeof FORMATS)[number]

/** Whether a string names a format. */
export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name)
}

/** What some reporters take besides the run. */
export interface ReporterSettings {
  /** patchwork: each check's link, `{series}`, `{patch}` and `{index}` replaced. */
  targetUrl?: string
  /** patchwork: the series id for `{series}`. */
  series?: string
}

/** Load the reporter for a format. */
export async function loadReporter(
  format: Format,
  settings: ReporterSettings = {}
): Promise<Reporter> {
  switch (format) {
    case 'stylish':
      return (await import('./stylish.js')).stylishReporter
    case 'sphinx':
      return (await import('./sphinx.js')).sphinxReporter
    case 'json':
      return (await import('./json.js')).jsonReporter
    case 'sarif':
      return (await import('./sarif.js')).createSarifReporter(VERSION)
    case 'github':
      return (await import('./github.js')).githubReporter
    case 'junit':
      return (await import('./junit.js')).junitReporter
    case 'patchwork':
      return (await import('./patchwork.js')).createPatchworkReporter({
        ...(settings.targetUrl === undefined ? {} : {targetUrl: settings.targetUrl}),
        ...(settings.series === undefined ? {} : {series: settings.series})
      })
    case 'markdown':
      return (await import('./markdown.js')).markdownReporter
  }
}
