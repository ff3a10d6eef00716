import { BELENIOS_2048, type Group } from '../../app/belenios/group'
import { nodeAesCcm } from '../../app/belenios/threshold/aes-ccm.server'
import type { ThresholdParameters } from '../../app/belenios/threshold/codec'
import { step1, step3, step4, step5, step6 } from '../../app/belenios/threshold/steps'
import { yieldToEventLoop } from '../../app/lib/event-loop.server'

/**
 * An electoral commission's threshold key ceremony (issue #20, ADR 032) run entirely in memory by
 * our step functions: `members` trustees, any `threshold` of whom decrypt. Returns the public
 * threshold parameters and, per member, the private seed and decryption key (what the tool keeps
 * as `<name>.key` / `<name>.dkey`).
 */
export async function commissionCeremony(
  options: { members?: number; threshold?: number; group?: Group } = {},
): Promise<{ parameters: ThresholdParameters; seeds: string[]; dkeys: string[] }> {
  const { members: n = 3, threshold = 2, group: G = BELENIOS_2048 } = options
  const members = Array.from({ length: n }, () => step1(G))
  const seeds = members.map((m) => m.seed)
  const certs = members.map((m) => m.cert)
  const polynomials = []
  // Each step is ~0.1–1 s of cryptography: the test runner's worker gets a turn between them.
  for (const seed of seeds) {
    await yieldToEventLoop()
    const p = await step3(G, nodeAesCcm, certs, seed, threshold)
    if (!p.ok) throw new Error(p.error)
    polynomials.push(p.polynomial)
  }
  await yieldToEventLoop()
  const routed = step4(G, certs, polynomials)
  if (!routed.ok) throw new Error(routed.error)
  const voutputs = []
  for (let j = 0; j < n; j++) {
    await yieldToEventLoop()
    const v = await step5(G, nodeAesCcm, certs, seeds[j]!, routed.vinputs[j]!)
    if (!v.ok) throw new Error(v.error)
    voutputs.push(v.voutput)
  }
  await yieldToEventLoop()
  const done = step6(G, certs, polynomials, voutputs)
  if (!done.ok) throw new Error(done.error)
  return { parameters: done.parameters, seeds, dkeys: done.decryptionKeys }
}
