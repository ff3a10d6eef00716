import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../schema'
import { BELENIOS_2048 } from '../../app/belenios/group'
import { serializePartialDecryption } from '../../app/belenios/partial-decryption'
import { nodeAesCcm } from '../../app/belenios/threshold/aes-ccm.server'
import {
  readVinput,
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeVoutput,
  type ThresholdParameters,
} from '../../app/belenios/threshold/codec'
import { thresholdPartialDecryption } from '../../app/belenios/threshold/decryption'
import { step1, step3, step5 } from '../../app/belenios/threshold/steps'
import {
  commissionThresholdParameters,
  memberVinput,
  startCeremony,
  submitTrusteeStep,
  type TrusteeStep,
} from '../../app/elections/trustees.server'
import {
  addPartialDecryption,
  castVerifiable,
  decryptionInput,
  encryptForVoter,
  endBallots,
  finishArchives,
  prepareArchives,
  type ContestCount,
} from '../../app/elections/verifiable.server'
import { yieldToEventLoop } from '../../app/lib/event-loop.server'
import type { SealingKey } from '../../app/lib/sealed.server'

// The demo's verifiable election (issue #20, ADRs 029–033): the 2024 CMI election's commission
// runs the threshold key ceremony (3 members, any 2 decrypt) through the same functions as the
// member pages, the demo's ballots are encrypted by the server for each voter (the no-JavaScript
// path) and cast through the pipeline, and the count is the archive's: EndBallots, the encrypted
// tally, the server's and two members' partial decryptions (the third member stays away, as an
// absent member may), the Result. No plaintext ballot is stored anywhere.
//
// What a real commission never does is done here: the members' private key material (seed and
// encrypted decryption-key share) exists on the machine that seeds. It is kept only in memory and,
// when the caller asks (`writeDemoTrusteeKeys`), in files under the data directory, so that a demo
// operator can run `belenios-tool election decrypt-threshold` on the published archive. Demo keys:
// crypto randomness makes them (and the archive's uuid, ballots and proofs) differ per seed run.

type Tx = Transaction<Database>
const G = BELENIOS_2048

/**
 * The 2024 commission's members, the election's trustees: the demo commission account and two
 * past members with no login. They held the commission role in 2024; it ended with their mandate.
 */
export const DEMO_TRUSTEES = [
  { id: 'demo-electoral-commission', name: null, language: null },
  { id: 'demo-commission-2024', name: null, language: null },
  { id: 'demo-commission-2024-trustee', name: 'Mariam Tahir (Comissão 2024)', language: 'ar' },
] as const
export const DEMO_TRUSTEE_THRESHOLD = 2
/** Which members decrypt (1-based): member 3 is "absent", and the threshold still opens the tally. */
const DECRYPTING_MEMBERS = [1, 2]

export type DemoTrusteeKey = { member: number; userId: string; seed: string; dkey: string }
export type DemoTrusteeKeys = {
  electionId: string
  parameters: ThresholdParameters
  members: DemoTrusteeKey[]
  archives: { uuid: string; groupKey: string }[]
}

/**
 * Kysely refuses a transaction inside a transaction. The ceremony's functions open their own (one
 * per upload); in the seed they run in the seed's one transaction instead, which is all or nothing
 * already: a refused upload throws here and rolls the whole seed back.
 */
function withinTransaction(trx: Tx): Kysely<Database> {
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Tx) => Promise<T>) => fn(target) })
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  }) as unknown as Kysely<Database>
}

function must<T>(what: string, r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(`demo ${what}: ${r.error}`)
  return r.value
}

/**
 * The ceremony, as the three members would run it with the member page (our own step functions
 * in place of their browsers or belenios-tool). Call it while the election is before voting.
 */
export async function runDemoCeremony(
  trx: Tx,
  input: { electionId: string; startedAt: Date },
): Promise<{ parameters: ThresholdParameters; members: DemoTrusteeKey[] }> {
  const db = withinTransaction(trx)
  const grantedAt = '2024-08-01T12:00:00.000Z'
  for (const t of DEMO_TRUSTEES) {
    if (t.name) {
      await trx
        .insertInto('users')
        .values({
          id: t.id,
          email: null,
          phone: null,
          display_name: t.name,
          password_hash: null,
          preferred_language: t.language,
          created_at: grantedAt,
          password_changed_at: null,
        })
        .execute()
    }
  }
  // The past members hold the commission role for the ceremony (their 2024 mandate) only.
  const past = DEMO_TRUSTEES.filter((t) => t.id !== 'demo-electoral-commission').map((t) => t.id)
  await trx
    .insertInto('user_roles')
    .values(
      past.map((id) => ({
        user_id: id,
        role: 'electoral_commission' as const,
        granted_by: null,
        granted_at: grantedAt,
      })),
    )
    .execute()

  const electionId = input.electionId
  let clock = input.startedAt.getTime()
  const tick = () => new Date((clock += 60_000))
  must(
    'ceremony',
    await startCeremony(db, {
      actorUserId: DEMO_TRUSTEES[0].id,
      electionId,
      memberUserIds: DEMO_TRUSTEES.map((t) => t.id),
      threshold: DEMO_TRUSTEE_THRESHOLD,
      now: tick(),
    }),
  )
  const upload = async (userId: string, step: TrusteeStep, text: string) =>
    must(`${step} upload`, await submitTrusteeStep(db, { electionId, userId, step, text, now: tick() }))

  const members = DEMO_TRUSTEES.map((t) => ({ userId: t.id, ...step1(G) }))
  const certs = members.map((m) => m.cert)
  for (const m of members) await upload(m.userId, 'certificate', writeSignedMsg(m.cert))
  for (const m of members) {
    const p = await step3(G, nodeAesCcm, certs, m.seed, DEMO_TRUSTEE_THRESHOLD)
    if (!p.ok) throw new Error(`demo step 3: ${p.error}`)
    await upload(m.userId, 'polynomial', writePolynomial(p.polynomial))
  }
  const keys: DemoTrusteeKey[] = []
  for (const [i, m] of members.entries()) {
    const vinput = readVinput(JSON.parse((await memberVinput(db, electionId, m.userId)) ?? 'null'), G)
    if (!vinput) throw new Error('demo step 5: no vinput')
    const v = await step5(G, nodeAesCcm, certs, m.seed, vinput)
    if (!v.ok) throw new Error(`demo step 5: ${v.error}`)
    await upload(m.userId, 'voutput', writeVoutput(v.voutput))
    keys.push({ member: i + 1, userId: m.userId, seed: m.seed, dkey: v.voutput.private_key })
  }
  const parameters = await commissionThresholdParameters(db, electionId)
  if (!parameters) throw new Error('demo ceremony: not done')
  await trx
    .deleteFrom('user_roles')
    .where('user_id', 'in', past)
    .where('role', '=', 'electoral_commission')
    .execute()
  return { parameters, members: keys }
}

/**
 * Voting and the count through the verifiable pipeline: the archives when voting opens, one
 * server-encrypted ballot per voter (`votes[i]`: contest id → candidacy id or 'blank'), EndBallots
 * with the server's decryption, two members' decryptions, the Result. Returns the archives'
 * counts per contest (what tally.ts adds to the paper counts). The sealing key is the seed's own:
 * the credentials it seals are forgotten at the Result, and the server's key with it.
 */
export async function castAndCountDemoBallots(
  trx: Tx,
  input: {
    electionId: string
    parameters: ThresholdParameters
    members: DemoTrusteeKey[]
    votes: { registrationId: string; choices: Record<string, string> }[]
    votingStarts: Date
  },
): Promise<{ counts: ContestCount[]; archives: { uuid: string; groupKey: string }[] }> {
  const key: SealingKey = { bytes: randomBytes(32) }
  const { electionId } = input
  const archives = must(
    'archives',
    await prepareArchives(trx, { electionId, key, commission: input.parameters, now: input.votingStarts }),
  )
  for (const v of input.votes) {
    // Each ballot is ~0.1 s of cryptography: let the process's other work run between them.
    await yieldToEventLoop()
    const ballots = must(
      'encryption',
      await encryptForVoter(trx, { electionId, registrationId: v.registrationId, key, choices: v.choices }),
    )
    must(
      'ballot',
      await castVerifiable(trx, {
        electionId,
        registrationId: v.registrationId,
        key,
        ballots: ballots.map(({ uuid, json }) => ({ uuid, json })),
      }),
    )
  }
  must('end of ballots', await endBallots(trx, electionId, key))
  for (const a of archives) {
    const tally = await decryptionInput(trx, a.uuid)
    if (!tally) throw new Error('demo decryption: no tally')
    for (const m of input.members.filter((x) => DECRYPTING_MEMBERS.includes(x.member))) {
      const pd = await thresholdPartialDecryption(
        tally.election,
        nodeAesCcm,
        tally.tally,
        input.parameters,
        m.seed,
        m.dkey,
      )
      if (!pd.ok) throw new Error(`demo decryption: ${pd.error}`)
      must(
        'partial decryption',
        await addPartialDecryption(trx, {
          uuid: a.uuid,
          // Trustee 1 is the server's key; member j is trustee j + 1.
          owner: pd.member + 1,
          json: serializePartialDecryption(pd.partialDecryption),
        }),
      )
    }
  }
  const counts = must('result', await finishArchives(trx, electionId))
  return { counts, archives: archives.map(({ uuid, groupKey }) => ({ uuid, groupKey })) }
}

/** Where the demo's trustee keys go under the data directory. */
export const demoTrusteeKeysDir = (dataDir: string, electionId: string) =>
  join(dataDir, 'demo-trustee-keys', electionId)

/**
 * Writes the demo trustees' private material where a demo operator can use it (owner-only files):
 * per member `member-<j>.key` (the seed, as belenios-tool's `.key`) and `member-<j>.dkey` (the
 * encrypted decryption-key share), the public `threshold.json` and a README. Returns the folder.
 */
export function writeDemoTrusteeKeys(dataDir: string, keys: DemoTrusteeKeys): string {
  const dir = demoTrusteeKeysDir(dataDir, keys.electionId)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  const write = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text, { mode: 0o600 })
    chmodSync(path, 0o600)
  }
  for (const m of keys.members) {
    write(`member-${m.member}.key`, `${m.seed}\n`)
    write(`member-${m.member}.dkey`, `${m.dkey}\n`)
  }
  write('threshold.json', `${writeThresholdParameters(keys.parameters)}\n`)
  const archives = keys.archives.map((a) => `  ${a.uuid}.bel (${a.groupKey})`).join('\n')
  write(
    'README.txt',
    `DEMO KEYS — the demo's ${keys.electionId} election (Mutirão, issue #20).

These are the private keys of the demo commission's ${keys.members.length} trustees (any ${keys.parameters.threshold} decrypt).
They exist on this machine only because the demo made them: a real commission's members make
their keys on their own devices, and no member's key ever reaches the server.

The election's archives (download them from /open-data/elections/${keys.electionId}/belenios/<uuid>.bel):
${archives}

Member j is trustee j + 1 in the archive (trustee 1 is the server's key). Members ${DECRYPTING_MEMBERS.join(' and ')} decrypted;
member 3 can compute its own partial decryption of the same tally, in a folder holding the .bel:

  belenios-tool election decrypt-threshold --key member-3.key --decryption-key member-3.dkey --trustee-id 4
`,
  )
  return dir
}
