/** `doclint patchwork URL SERIES`: check a patchwork series and post one check per patch. */
import type {DoclintConfig} from '../config/types.js'
import type {RunResult} from '../engine/types.js'
import {createProgress} from '../progress.js'
import {PatchworkError, runPatchworkGate} from '../patchwork/client.js'
import {readPatchInput} from '../patch/read.js'
import type {PatchInput} from '../patch/types.js'
import {runPatchMode} from './patch-mode.js'

/** Options the CLI passes through. */
export interface PatchworkCommandOptions {
  dryRun: boolean
  tokenEnv: string
  base: string | undefined
  ignoreWhitespace: boolean
  config: string | undefined
  /** `--cache` file: the base tree's facts survive between gate runs. */
  cacheFile?: string | undefined
  /** False (`--no-inline-config`): suppression comments are ignored. */
  inlineConfig?: boolean
  /** `--target-url`: each check's link (`{series}`, `{patch}`, `{index}` replaced). */
  targetUrl?: string
  /** Whether `--format` was given (a dry run prints `--format patchwork` otherwise). */
  formatGiven?: boolean
  /** Whether a progress line may be shown (stdout carries a report for people). */
  progress?: boolean
  emit: (result: RunResult, settings: {series: string}) => Promise<void>
}

/** Run the gate; prints the report like any run, and what was (or would be) posted. */
export async function commandPatchwork(
  args: string[],
  options: PatchworkCommandOptions
): Promise<number> {
  const [url, series] = args
  if (url === undefined || series === undefined || !/^\d+$/.test(series)) {
    process.stderr.write(
      'doclint: usage: doclint patchwork URL SERIES-ID [--dry-run] [--base REV]\n'
    )
    return 2
  }
  let run: RunResult | undefined
  const progress = createProgress(process.stderr, {
    enabled: options.progress !== false,
    delayMs: 500
  })
  try {
    const gate = await runPatchworkGate({
      url,
      series: Number(series),
      tokenEnv: options.tokenEnv,
      dryRun: options.dryRun,
      ...(options.targetUrl === undefined ? {} : {targetUrl: options.targetUrl}),
      check: async (mboxes) => {
        // read once the configuration is known, with its limits
        const inputs = async (limits: DoclintConfig['limits']): Promise<PatchInput[]> => {
          const read: PatchInput[] = []
          for (const mbox of mboxes) {
            const result = await readPatchInput(new TextEncoder().encode(mbox.text), mbox.mbox, {
              maxBytes: limits.maxPatchSize,
              maxPatches: limits.maxPatches,
              maxMimeBytes: limits.maxMimeSize
            })
            // A mail that cannot be read still gets its check: an empty diff fails to apply.
            const patch = result.patches[0] ?? {
              subject: mbox.name,
              index: mbox.index,
              total: mbox.total,
              diff: '',
              source: mbox.mbox
            }
            read.push({...patch, index: mbox.index, total: mbox.total, patchworkId: mbox.id})
          }
          return read
        }
        run = await runPatchMode(
          {
            cwd: process.cwd(),
            inlineConfig: options.inlineConfig !== false,
            // a gate on strangers' patches lists the suppressions each patch adds
            listSuppressions: options.inlineConfig !== false,
            ...(options.config === undefined ? {} : {configPath: options.config}),
            ...(options.cacheFile === undefined ? {} : {cacheFile: options.cacheFile})
          },
          {
            patches: [],
            inputs,
            base: options.base,
            staged: false,
            ignoreWhitespace: options.ignoreWhitespace,
            all: false
          }
        )
        return run
      },
      onProgress: (index, total, subject) => progress.update(index, total, subject)
    })
    progress.done()
    if (run && options.dryRun && options.formatGiven !== true) {
      // What would be posted, as `--format patchwork` prints it (README, docs/usage.md).
      const {createPatchworkReporter} = await import('../report/patchwork.js')
      const reporter = createPatchworkReporter({
        series,
        ...(options.targetUrl === undefined ? {} : {targetUrl: options.targetUrl})
      })
      process.stdout.write(reporter(run, {color: false}))
    } else if (run) {
      await options.emit(run, {series})
    }
    for (const planned of gate.checks) {
      process.stderr.write(
        `doclint: ${gate.posted ? 'posted' : 'would post'} ${planned.check.state} to ${planned.url}: ${planned.check.description}\n`
      )
    }
    const failing = gate.results.some(
      (result) => !result.applied || result.introduced.some((f) => f.severity === 'error')
    )
    return failing ? 1 : 0
  } catch (error) {
    progress.done()
    if (error instanceof PatchworkError) {
      process.stderr.write(`doclint: patchwork: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
