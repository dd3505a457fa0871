import {readFileSync} from 'node:fs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {Finding, PatchResult} from '../../src/engine/types.js'
import {
  PatchworkError,
  apiRoot,
  fetchMbox,
  fetchSeries,
  postCheck,
  runPatchworkGate,
  type PatchworkMbox
} from '../../src/patchwork/client.js'
import {ReplayServer} from './replay-server.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

/** The real `GET /api/1.2/patches/2233254/` response (shared/seeds). */
interface SeedPatch {
  id: number
  msgid: string
  name: string
  date: string
  hash: string
  mbox: string
  web_url: string
  content: string
  diff: string
  project: unknown
  submitter: {name: string; email: string}
  headers: Record<string, unknown>
  series: {id: number; name: string; date: string; version: number}[]
}
const seed = JSON.parse(fixture('patch-2233254.json')) as SeedPatch
const SERIES_ID = 502908
const TYPO_ID = 2233253
const TYPO_MSGID = '20260505225000.1-2-writer@example.org'

/** The seed patch as `git format-patch`-style mbox, from its own headers, content and diff. */
function seedMbox(): string {
  return [
    `From ${seed.hash} Mon Sep 17 00:00:00 2001`,
    `From: ${seed.submitter.name} <${seed.submitter.email}>`,
    `Date: ${String(seed.headers['Date'])}`,
    `Subject: ${String(seed.headers['Subject'])}`,
    `Message-Id: ${seed.msgid}`,
    '',
    seed.content,
    '---',
    seed.diff
  ].join('\n')
}

/** A series response built around the seed patch, listing the patches out of order on purpose. */
function seriesJson(base: string): unknown {
  const info = seed.series[0]
  const mboxPath = new URL(seed.mbox).pathname
  return {
    id: SERIES_ID,
    url: `${base}/api/1.2/series/${SERIES_ID}/`,
    web_url: `${base}/project/openvswitch/list/?series=${SERIES_ID}`,
    project: seed.project,
    name: info?.name,
    date: info?.date,
    submitter: seed.submitter,
    version: info?.version,
    total: 5,
    received_total: 2,
    received_all: false,
    mbox: `${base}/series/${SERIES_ID}/mbox/`,
    cover_letter: null,
    patches: [
      {
        id: seed.id,
        url: `${base}/api/1.2/patches/${seed.id}/`,
        web_url: `${base}${new URL(seed.web_url).pathname}`,
        msgid: seed.msgid,
        list_archive_url: null,
        date: seed.date,
        name: seed.name,
        mbox: `${base}${mboxPath}`
      },
      {
        id: TYPO_ID,
        url: `${base}/api/1.2/patches/${TYPO_ID}/`,
        web_url: `${base}/project/openvswitch/patch/${TYPO_MSGID}/`,
        msgid: `<${TYPO_MSGID}>`,
        list_archive_url: null,
        date: '2026-05-05T22:50:00',
        name: '[ovs-dev,2/5] Documentation: Fix a typo in the FAQ index.',
        mbox: `${base}/project/openvswitch/patch/${TYPO_MSGID}/mbox/`
      }
    ]
  }
}

/**
 * A check computed from the mbox text: every `.rst` the patch deletes is an introduced error
 * (what doc-unknown would say about links to it), a clean patch introduces nothing.
 */
async function deletedDocsCheck(mboxes: PatchworkMbox[]): Promise<PatchResult[]> {
  return mboxes.map((mbox) => {
    const subject = /^Subject: (?:\[[^\]]*\] )?(.*)$/m.exec(mbox.text)?.[1] ?? mbox.name
    const files = [...mbox.text.matchAll(/^diff --git a\/(\S+) b\//gm)].map((m) => m[1] ?? '')
    const deleted = [...mbox.text.matchAll(/^diff --git a\/(\S+) b\/\S+\ndeleted file mode/gm)]
      .map((m) => m[1] ?? '')
      .filter((file) => file.endsWith('.rst'))
    const patch = {index: mbox.index, total: mbox.total, subject, patchworkId: mbox.id}
    const introduced: Finding[] = deleted.map((file) => ({
      ruleId: 'doc-unknown',
      messageId: 'missingDocument',
      message: `Cannot find document \`${file.replace(/\.rst$/, '')}\``,
      severity: 'error',
      file,
      range: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}},
      status: 'introduced',
      patch
    }))
    return {patch, applied: true, introduced, fixed: [], existing: [], files}
  })
}

let server: ReplayServer
let base: string
let sleeps: number[]
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms)
}

function scriptHappyPath(): void {
  server
    .on('GET', `/api/1.2/series/${SERIES_ID}/`, {body: JSON.stringify(seriesJson(base))})
    .on('GET', new URL(seed.mbox).pathname, {body: seedMbox(), contentType: 'application/mbox'})
    .on('GET', `/project/openvswitch/patch/${TYPO_MSGID}/mbox/`, {
      body: fixture('patch-2233253.mbox'),
      contentType: 'application/mbox'
    })
    .on('POST', `/api/1.2/patches/${seed.id}/checks/`, {status: 201, body: '{"id": 1}'})
    .on('POST', `/api/1.2/patches/${TYPO_ID}/checks/`, {status: 201, body: '{"id": 2}'})
}

beforeEach(async () => {
  server = new ReplayServer()
  base = await server.start()
  sleeps = []
})

afterEach(async () => {
  await server.close()
})

describe('patchwork client', () => {
  it('normalises instance URLs to the 1.2 API root', () => {
    expect(apiRoot('https://patchwork.ozlabs.org').href).toBe(
      'https://patchwork.ozlabs.org/api/1.2/'
    )
    expect(apiRoot('https://pw.example.org/sub/api/1.1/?format=api').href).toBe(
      'https://pw.example.org/sub/api/1.2/'
    )
    expect(() => apiRoot('ftp://x')).toThrow(PatchworkError)
    expect(() => apiRoot('not a url')).toThrow(/Invalid patchwork URL/)
  })

  it('fetches the series in [n/N] order, downloads each mbox, and posts one check per patch', async () => {
    scriptHappyPath()
    const progress: string[] = []
    const gate = await runPatchworkGate({
      url: base,
      series: String(SERIES_ID),
      env: {PW_TOKEN: 's3cret'},
      tokenEnv: 'PW_TOKEN',
      check: deletedDocsCheck,
      sleep,
      paths: {root: '/src/ovs', cwd: '/src/ovs'},
      targetUrl: 'https://ci.example.org/run/1',
      onProgress: (index, total, subject) => progress.push(`[${index}/${total}] ${subject}`)
    })
    expect(gate.posted).toBe(true)
    expect(gate.series).toMatchObject({id: SERIES_ID, receivedAll: false, version: 1})
    expect(gate.series.patches.map((patch) => patch.id)).toEqual([TYPO_ID, seed.id])
    expect(progress).toEqual([
      '[1/2] [ovs-dev,2/5] Documentation: Fix a typo in the FAQ index.',
      '[2/2] [ovs-dev,3/5] Documentation: Remove Windows docs.'
    ])
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /api/1.2/series/${SERIES_ID}/`,
      `GET /project/openvswitch/patch/${TYPO_MSGID}/mbox/`,
      `GET ${new URL(seed.mbox).pathname}`,
      `POST /api/1.2/patches/${TYPO_ID}/checks/`,
      `POST /api/1.2/patches/${seed.id}/checks/`
    ])
    // The token goes only with the POSTs.
    expect(server.requests.map((request) => request.authorization)).toEqual([
      undefined,
      undefined,
      undefined,
      'Token s3cret',
      'Token s3cret'
    ])
    const posted = server.requests
      .filter((request) => request.method === 'POST')
      .map((request) => {
        expect(request.contentType).toBe('application/json')
        return JSON.parse(request.body) as unknown
      })
    expect(posted).toEqual([
      {
        state: 'success',
        context: 'doclint',
        description: 'No new documentation problems',
        target_url: 'https://ci.example.org/run/1'
      },
      {
        state: 'fail',
        context: 'doclint',
        // the whole list, each finding with its place and rule
        description:
          '3 errors introduced: Documentation/internals/contributing/coding-style-windows.rst:1 Cannot find document `Documentation/internals/contributing/coding-style-windows` (doc-unknown); Documentation/intro/install/windows.rst:1 Cannot find document `Documentation/intro/install/windows` (doc-unknown); Documentation/topics/windows.rst:1 Cannot find document `Documentation/topics/windows` (doc-unknown)',
        target_url: 'https://ci.example.org/run/1'
      }
    ])
    expect(gate.checks.map((planned) => planned.url)).toEqual([
      `${base}/api/1.2/patches/${TYPO_ID}/checks/`,
      `${base}/api/1.2/patches/${seed.id}/checks/`
    ])
    expect(sleeps).toEqual([])
  })

  it('hands the check the real mbox text, with the seed patch diff intact', async () => {
    scriptHappyPath()
    let seen: PatchworkMbox[] = []
    await runPatchworkGate({
      url: base,
      series: SERIES_ID,
      dryRun: true,
      env: {},
      sleep,
      check: async (mboxes) => {
        seen = mboxes
        return deletedDocsCheck(mboxes)
      }
    })
    expect(seen.map((mbox) => [mbox.index, mbox.total, mbox.id])).toEqual([
      [1, 2, TYPO_ID],
      [2, 2, seed.id]
    ])
    expect(seen[0]?.text).toBe(fixture('patch-2233253.mbox'))
    expect(seen[1]?.text).toContain(seed.diff)
  })

  it('takes a whole RunResult from the check and shows paths relative to its cwd', async () => {
    scriptHappyPath()
    const gate = await runPatchworkGate({
      url: base,
      series: SERIES_ID,
      dryRun: true,
      env: {},
      sleep,
      check: async (mboxes) => {
        const patches = await deletedDocsCheck(mboxes)
        return {
          mode: 'patch',
          root: '/src/ovs',
          cwd: '/src/ovs/Documentation',
          diagnostics: patches.flatMap((patch) => patch.introduced),
          patches,
          files: [],
          documents: 0,
          elapsedMs: 0,
          rules: []
        }
      }
    })
    expect(gate.checks[1]?.check.description).toMatch(
      /: internals\/contributing\/coding-style-windows\.rst:1 Cannot find/
    )
  })

  it('returns what it would post in a dry run, needing no token and posting nothing', async () => {
    scriptHappyPath()
    const gate = await runPatchworkGate({
      url: `${base}/`,
      series: SERIES_ID,
      dryRun: true,
      env: {},
      check: deletedDocsCheck,
      sleep
    })
    expect(gate.posted).toBe(false)
    expect(gate.checks.map((planned) => [planned.patchId, planned.check.state])).toEqual([
      [TYPO_ID, 'success'],
      [seed.id, 'fail']
    ])
    expect(server.requests.filter((request) => request.method === 'POST')).toEqual([])
  })

  it('refuses to start without the token variable, before any request', async () => {
    scriptHappyPath()
    await expect(
      runPatchworkGate({url: base, series: SERIES_ID, env: {}, check: deletedDocsCheck, sleep})
    ).rejects.toThrow(/Set the environment variable PATCHWORK_TOKEN/)
    expect(server.requests).toEqual([])
  })

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    server.on(
      'GET',
      `/api/1.2/series/${SERIES_ID}/`,
      {status: 500, body: 'Internal Server Error'},
      {status: 503, body: 'busy'},
      {body: JSON.stringify(seriesJson(base))}
    )
    const retries: number[] = []
    const series = await fetchSeries(base, SERIES_ID, {
      sleep,
      backoffMs: 100,
      onRetry: (info) => retries.push(info.attempt)
    })
    expect(series.patches).toHaveLength(2)
    expect(server.requests).toHaveLength(3)
    expect(sleeps).toEqual([100, 200])
    expect(retries).toEqual([1, 2])
  })

  it('retries a failed POST of a check', async () => {
    server.on(
      'POST',
      `/api/1.2/patches/${seed.id}/checks/`,
      {status: 502, body: 'Bad Gateway'},
      {status: 201, body: '{"id": 9, "state": "success"}'}
    )
    const answer = await postCheck(
      base,
      seed.id,
      {state: 'success', context: 'doclint', description: 'ok'},
      'tok',
      {sleep}
    )
    expect(answer).toEqual({id: 9, state: 'success'})
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]?.authorization).toBe('Token tok')
  })

  it('gives up after the bounded number of retries', async () => {
    server.on('GET', `/api/1.2/series/${SERIES_ID}/`, {status: 500, body: 'down'})
    const error = await fetchSeries(base, SERIES_ID, {sleep, retries: 3, backoffMs: 10}).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(PatchworkError)
    expect(error).toMatchObject({kind: 'http', status: 500})
    expect(server.requests).toHaveLength(4)
    expect(sleeps).toEqual([10, 20, 40])
  })

  it('stops retrying when the retry time budget is spent', async () => {
    server.on('GET', `/api/1.2/series/${SERIES_ID}/`, {status: 503, body: 'down'})
    await expect(
      fetchSeries(base, SERIES_ID, {sleep, retries: 10, backoffMs: 1000, retryBudgetMs: 3500})
    ).rejects.toMatchObject({status: 503})
    // 1000 + 2000 fit in 3500; the next 4000 would not.
    expect(sleeps).toEqual([1000, 2000])
    expect(server.requests).toHaveLength(3)
  })

  it('does not retry a 4xx', async () => {
    server.on('GET', `/api/1.2/series/999/`, {status: 404, body: '{"detail":"Not found."}'})
    server.on('POST', `/api/1.2/patches/1/checks/`, {status: 403, body: '{"detail":"bad token"}'})
    await expect(fetchSeries(base, 999, {sleep})).rejects.toThrow(
      /GET .*\/api\/1\.2\/series\/999\/: HTTP 404: \{"detail":"Not found\."\}/
    )
    await expect(
      postCheck(base, 1, {state: 'fail', context: 'doclint', description: 'x'}, 'bad', {sleep})
    ).rejects.toMatchObject({kind: 'http', status: 403})
    expect(server.requests).toHaveLength(2)
    expect(sleeps).toEqual([])
  })

  it('times out a slow server, retries, and reports a timeout', async () => {
    server.on('GET', `/api/1.2/series/${SERIES_ID}/`, {
      delayMs: 5_000,
      body: JSON.stringify(seriesJson(base))
    })
    const error = await fetchSeries(base, SERIES_ID, {sleep, timeoutMs: 150, retries: 1}).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(PatchworkError)
    expect(error).toMatchObject({kind: 'timeout'})
    expect((error as Error).message).toMatch(/no answer within 150 ms/)
    expect(server.requests).toHaveLength(2)
  })

  it('recovers when a slow answer is followed by a prompt one', async () => {
    server.on(
      'GET',
      `/api/1.2/series/${SERIES_ID}/`,
      {delayMs: 5_000, body: '{}'},
      {body: JSON.stringify(seriesJson(base))}
    )
    const series = await fetchSeries(base, SERIES_ID, {sleep, timeoutMs: 150})
    expect(series.id).toBe(SERIES_ID)
    expect(sleeps).toHaveLength(1)
  })

  it('reports malformed JSON clearly and does not retry it', async () => {
    server.on('GET', `/api/1.2/series/${SERIES_ID}/`, {body: '{"id": 502908, "patches": [{'})
    const error = await fetchSeries(base, SERIES_ID, {sleep}).catch((caught: unknown) => caught)
    expect(error).toMatchObject({kind: 'json'})
    expect((error as Error).message).toMatch(/^Malformed JSON from http:\/\/127\.0\.0\.1:\d+\//)
    expect(server.requests).toHaveLength(1)
  })

  it('abandons a response over maxBodyBytes, says so, and does not retry it', async () => {
    server.on('GET', `/api/1.2/series/${SERIES_ID}/`, {body: JSON.stringify(seriesJson(base))})
    const error = await fetchSeries(base, SERIES_ID, {sleep, maxBodyBytes: 64}).catch(
      (caught: unknown) => caught
    )
    expect(error).toMatchObject({kind: 'tooLarge'})
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/1\.2\/series\/\d+\/: response is larger than 64 bytes; not read$/
    )
    expect(server.requests).toHaveLength(1)
    // the same answer under the limit is read
    const series = await fetchSeries(base, SERIES_ID, {sleep})
    expect(series.id).toBe(SERIES_ID)
  })

  it('rejects JSON of the wrong shape and mbox URLs that are not http(s)', async () => {
    server.on('GET', `/api/1.2/series/1/`, {body: '{"id": 1, "patches": "none"}'})
    server.on('GET', `/api/1.2/series/2/`, {
      body: JSON.stringify({id: 2, patches: [{id: 5, name: 'x', mbox: 'file:///etc/passwd'}]})
    })
    await expect(fetchSeries(base, 1, {sleep})).rejects.toMatchObject({kind: 'shape'})
    await expect(fetchSeries(base, 2, {sleep})).rejects.toThrow(/no http\(s\) `mbox` URL/)
    await expect(fetchSeries(base, '1/../../x', {sleep})).rejects.toMatchObject({kind: 'config'})
    await expect(fetchMbox('file:///etc/passwd', {sleep})).rejects.toMatchObject({kind: 'config'})
  })

  it('does not follow a redirect with the token', async () => {
    server.on('POST', `/api/1.2/patches/7/checks/`, {
      status: 301,
      body: '',
      location: 'https://elsewhere.example.org/api/1.2/patches/7/checks/'
    })
    await expect(
      postCheck(base, 7, {state: 'success', context: 'doclint', description: 'ok'}, 'tok', {sleep})
    ).rejects.toThrow(
      /redirected to https:\/\/elsewhere\.example\.org\/api\/1\.2\/patches\/7\/checks\//
    )
    expect(server.requests).toHaveLength(1)
  })

  it('retries network errors (connection refused), bounded', async () => {
    const closed = new ReplayServer()
    const deadBase = await closed.start()
    await closed.close()
    const error = await fetchSeries(deadBase, SERIES_ID, {sleep, retries: 2}).catch(
      (caught: unknown) => caught
    )
    expect(error).toMatchObject({kind: 'network'})
    expect(sleeps).toHaveLength(2)
  })

  it('fails when the check does not return one result per patch', async () => {
    scriptHappyPath()
    await expect(
      runPatchworkGate({
        url: base,
        series: SERIES_ID,
        dryRun: true,
        env: {},
        sleep,
        check: async (mboxes) => (await deletedDocsCheck(mboxes)).slice(1)
      })
    ).rejects.toThrow(/returned 1 results for 2 patches/)
  })
})
