import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { BELENIOS_2048 } from '../../../app/belenios/group'
import { sha256Hex } from '../../../app/belenios/hash'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { webCryptoAesCcm } from '../../../app/belenios/threshold/aes-ccm.webcrypto'
import {
  readPolynomial,
  readThresholdParameters,
  readVinput,
  readVoutput,
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeSecret,
  writeVinput,
  writeVoutput,
  type Polynomial,
  type SignedMsg,
  type Voutput,
} from '../../../app/belenios/threshold/codec'
import { checkCertificate, deriveKeys, readCertificate, send } from '../../../app/belenios/threshold/pki'
import {
  checkThresholdParameters,
  step1,
  step2,
  step3,
  step4,
  step5,
  step6,
} from '../../../app/belenios/threshold/steps'

import { beleniosTool, beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'

// Interop (a): three trustees, threshold 2. Trustee 2 runs OUR step functions; trustees 1 and 3
// and the administrator run belenios-tool's `setup generate-trustee-key-threshold` steps. The
// tool's step 6 and `make-trustees` must accept the result, and our own server steps must accept
// the tool's messages. Tampering (c) on the same material: ours and the tool reject.

const G = BELENIOS_2048
const group = ['--group', 'BELENIOS-2048']

describe.skipIf(skipWithoutBelenios)('threshold key setup interoperates with belenios-tool', () => {
  let dir: string
  const tool = (args: string[], input?: string) => beleniosToolOk(args, { cwd: dir, input })
  const ttk = (args: string[], input?: string) =>
    tool(['setup', 'generate-trustee-key-threshold', ...group, ...args], input)
  /** Whether the tool's `generate-trustee-key-threshold` accepts `input` at this step (tampering tests). */
  const ttkAccepts = async (args: string[], input: string) =>
    (
      await beleniosTool(['setup', 'generate-trustee-key-threshold', ...group, ...args], {
        cwd: dir,
        input: input + '\n',
      })
    ).ok

  let certs: SignedMsg[]
  let polynomials: Polynomial[]
  let voutputs: Voutput[]
  let ourSeed: string
  let toolKeyFiles: string[] // [trustee 1, trustee 3]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'belenios-th-'))
    // Step 1: the tool makes two certificates, we make the middle one.
    await ttk(['--step', '1'])
    await ttk(['--step', '1'])
    const toolCerts = readdirSync(dir)
      .filter((f) => f.endsWith('.cert'))
      .sort()
    toolKeyFiles = toolCerts.map((f) => f.replace(/\.cert$/, '.key'))
    const ours = step1(G)
    ourSeed = ours.seed
    const toolCert = (f: string) => readCertificate(G, readFileSync(join(dir, f), 'utf8').trim())!
    certs = [toolCert(toolCerts[0]!), ours.cert, toolCert(toolCerts[1]!)]
    writeFileSync(join(dir, 'certs.jsons'), certs.map(writeSignedMsg).join('\n') + '\n')
    await ttk(['--certs', 'certs.jsons', '--step', '2'])

    // Step 3: each trustee makes its polynomial (threshold 2).
    const toolPolynomial = async (keyFile: string) =>
      readPolynomial(
        JSON.parse(
          await ttk(['--certs', 'certs.jsons', '--key', keyFile, '--step', '3', '--threshold', '2']),
        ),
        G,
      )!
    const mine = await step3(G, nodeAesCcm, certs, ourSeed, 2)
    if (!mine.ok) throw new Error(mine.error)
    polynomials = [
      await toolPolynomial(toolKeyFiles[0]!),
      mine.polynomial,
      await toolPolynomial(toolKeyFiles[1]!),
    ]
    writeFileSync(join(dir, 'polynomials.jsons'), polynomials.map(writePolynomial).join('\n') + '\n')

    // Step 4 by the tool: one .vinput per certificate, named by the hash of its message.
    await ttk(['--certs', 'certs.jsons', '--step', '4', '--polynomials', 'polynomials.jsons'])
    const vinputFile = (c: SignedMsg) => `${sha256Hex(c.message)}.vinput`
    // Step 5: the tool for trustees 1 and 3, ours for trustee 2.
    const toolVoutput = async (keyFile: string, c: SignedMsg) =>
      readVoutput(
        JSON.parse(
          await ttk(
            ['--certs', 'certs.jsons', '--key', keyFile, '--step', '5'],
            readFileSync(join(dir, vinputFile(c)), 'utf8'),
          ),
        ),
        G,
      )!
    const myVinput = readVinput(JSON.parse(readFileSync(join(dir, vinputFile(certs[1]!)), 'utf8')), G)!
    // Our trustee opens the tool's messages with the WebCrypto AES-CCM the browser will use.
    const myVoutput = await step5(G, webCryptoAesCcm, certs, ourSeed, myVinput)
    if (!myVoutput.ok) throw new Error(myVoutput.error)
    expect(myVoutput.trustee).toBe(2)
    voutputs = [
      await toolVoutput(toolKeyFiles[0]!, certs[0]!),
      myVoutput.voutput,
      await toolVoutput(toolKeyFiles[1]!, certs[2]!),
    ]
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("the tool's step 6 and make-trustees accept a setup where one trustee used our steps", async () => {
    const threshold = await ttk(
      ['--certs', 'certs.jsons', '--step', '6', '--polynomials', 'polynomials.jsons'],
      voutputs.map(writeVoutput).join('\n') + '\n',
    )
    writeFileSync(join(dir, 'threshold.json'), threshold)
    await tool(['setup', 'generate-trustee-key', ...group])
    const pub = readdirSync(dir).find((f) => f.endsWith('.pubkey'))!
    writeFileSync(join(dir, 'public_keys.jsons'), readFileSync(join(dir, pub), 'utf8'))
    await tool(['setup', 'make-trustees'])
    const trustees = JSON.parse(readFileSync(join(dir, 'trustees.json'), 'utf8')) as unknown[]
    expect(trustees.map((t) => (t as [string])[0])).toEqual(['Single', 'Pedersen'])
    // And our checker accepts what the tool published.
    const parsed = readThresholdParameters(JSON.parse(threshold), G)!
    expect(parsed.threshold).toBe(2)
    expect(checkThresholdParameters(G, parsed).ok).toBe(true)
  })

  it("our server steps accept the tool's certificates, polynomials and voutputs", async () => {
    expect(step2(G, certs).ok).toBe(true)
    const routed = step4(G, certs, polynomials)
    expect(routed.ok).toBe(true)
    if (!routed.ok) return
    // Our routing is byte-identical to the tool's step 4 (same vinputs as its files).
    for (let j = 0; j < 3; j++) {
      const file = readFileSync(join(dir, `${sha256Hex(certs[j]!.message)}.vinput`), 'utf8').trim()
      expect(writeVinput(routed.vinputs[j]!)).toBe(file)
    }
    const result = step6(G, certs, polynomials, voutputs)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(checkThresholdParameters(G, result.parameters).ok).toBe(true)
    // The tool accepts our step-6 output in make-trustees too.
    const sub = mkdtempSync(join(dir, 'ours-'))
    writeFileSync(join(sub, 'threshold.json'), writeThresholdParameters(result.parameters) + '\n')
    writeFileSync(join(sub, 'public_keys.jsons'), readFileSync(join(dir, 'public_keys.jsons'), 'utf8'))
    await beleniosToolOk(['setup', 'make-trustees'], { cwd: sub })
  })

  it('rejects a forged certificate (ours and the tool)', async () => {
    const genuine = JSON.parse(certs[1]!.message) as { verification: string; encryption: string }
    // Same signature, but the encryption key swapped for another subgroup element (g itself).
    const forged = { ...certs[1]!, message: JSON.stringify({ ...genuine, encryption: G.g.toString() }) }
    const bad = [certs[0]!, forged, certs[2]!]
    expect(step2(G, bad)).toEqual({ ok: false, error: 'bad_certificate', trustee: 2 })
    writeFileSync(join(dir, 'bad-certs.jsons'), bad.map(writeSignedMsg).join('\n') + '\n')
    expect(
      (
        await beleniosTool(
          ['setup', 'generate-trustee-key-threshold', ...group, '--certs', 'bad-certs.jsons', '--step', '2'],
          { cwd: dir },
        )
      ).ok,
    ).toBe(false)
    // A certificate copied under another position is refused by ours.
    expect(step2(G, [certs[0]!, certs[1]!, certs[0]!])).toEqual({
      ok: false,
      error: 'duplicate_certificate',
      trustee: 3,
    })
  })

  it('rejects a secret sent to the wrong recipient', async () => {
    // Trustee 1 gives trustee 2 the secret meant for trustee 3: ours names trustee 1.
    const tampered = polynomials.map((p, i) =>
      i === 0 ? { ...p, secrets: [p.secrets[0]!, p.secrets[2]!, p.secrets[1]!] } : p,
    )
    const routed = step4(G, certs, tampered)
    expect(routed.ok).toBe(true)
    if (!routed.ok) return
    expect(await step5(G, nodeAesCcm, certs, ourSeed, routed.vinputs[1]!)).toEqual({
      ok: false,
      error: 'bad_secret',
      trustee: 1,
    })
    // The tool's step 5 refuses it too.
    const vinputText = writeVinput(routed.vinputs[2]!)
    expect(
      await ttkAccepts(['--certs', 'certs.jsons', '--key', toolKeyFiles[1]!, '--step', '5'], vinputText),
    ).toBe(false)
  })

  it("rejects a correctly signed secret that does not match its sender's coefexps (ours and the tool)", async () => {
    // Trustee 2 (whose seed we hold) cheats: it sends trustee 1 and itself a share off its polynomial.
    const me = deriveKeys(G, ourSeed)
    const keys = certs.map((c) => checkCertificate(G, c)!)
    const bogus = async (to: number) => send(G, nodeAesCcm, me.sk, keys[to]!.encryption, writeSecret(12345n))
    const cheating = [...polynomials]
    cheating[1] = {
      ...polynomials[1]!,
      secrets: [await bogus(0), await bogus(1), polynomials[1]!.secrets[2]!],
    }
    const routed = step4(G, certs, cheating)
    expect(routed.ok).toBe(true)
    if (!routed.ok) return
    expect(await step5(G, nodeAesCcm, certs, ourSeed, routed.vinputs[1]!)).toEqual({
      ok: false,
      error: 'bad_secret',
      trustee: 2,
    })
    expect(
      await ttkAccepts(
        ['--certs', 'certs.jsons', '--key', toolKeyFiles[0]!, '--step', '5'],
        writeVinput(routed.vinputs[0]!),
      ),
    ).toBe(false)
  })

  it('rejects coefexps not signed by their trustee, and a wrong voutput (ours and the tool)', async () => {
    const swapped = polynomials.map((p, i) => (i === 2 ? { ...p, coefexps: polynomials[0]!.coefexps } : p))
    expect(step4(G, certs, swapped)).toEqual({ ok: false, error: 'bad_polynomial', trustee: 3 })
    // Trustee 3 returns trustee 1's public key share: wrong key for position 3.
    const wrong = [voutputs[0]!, voutputs[1]!, voutputs[0]!]
    expect(step6(G, certs, polynomials, wrong)).toEqual({ ok: false, error: 'bad_voutput', trustee: 3 })
    expect(
      await ttkAccepts(
        ['--certs', 'certs.jsons', '--step', '6', '--polynomials', 'polynomials.jsons'],
        wrong.map(writeVoutput).join('\n'),
      ),
    ).toBe(false)
  })
})
