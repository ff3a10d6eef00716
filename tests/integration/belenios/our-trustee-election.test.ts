import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBallot } from '../../../app/belenios/ballot'
import { generateCredential, isValidCredential, publicCredential } from '../../../app/belenios/credential'
import { buildMutiraoElection } from '../../../app/belenios/election'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import {
  computePartialDecryption,
  serializeOwnedPartialDecryption,
} from '../../../app/belenios/partial-decryption'
import { parseEncryptedTally } from '../../../app/belenios/tally'
import {
  generateTrusteeKey,
  parseTrustees,
  electionPublicKeyFromTrustees,
} from '../../../app/belenios/trustee-key'
import { verifyElectionRecord } from '../../../app/belenios/verify'
import {
  beleniosTool,
  beleniosToolOk,
  readToolArchiveRecord,
  skipWithoutBelenios,
} from '../../helpers/belenios-tool'

// (e) An election whose trustee key, voter credentials and election.json Mutirão made runs end to
// end through belenios-tool: our .pubkey goes into `setup make-trustees`, our election.json is
// byte-equal to what `setup make-election` writes from the same contests, the tool accepts our
// ballots, and our partial decryption lets the tool compute the result.

const G = BELENIOS_2048
const contests = [
  { title: 'Conselho "CMI" 2026/27 — Região Sul', candidates: ['Ana Lúcia', 'Jean-Baptiste', '李明'] },
  { title: 'Região Leste', candidates: ['Fatima', 'Oksana'] },
]

describe.skipIf(skipWithoutBelenios)('a Mutirão-made election through belenios-tool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'belenios-ours-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (args: string[], input?: string) => beleniosToolOk(args, { cwd: dir, input })

  it('runs end to end and both verifiers agree on the result', async () => {
    const uuid = (await run(['setup', 'generate-token'])).trim()
    const trustee = generateTrusteeKey(G)
    writeFileSync(join(dir, 'public_keys.jsons'), trustee.publicKeyJson + '\n')
    await run(['setup', 'make-trustees'])
    rmSync(join(dir, 'public_keys.jsons'))
    const trusteesJson = readFileSync(join(dir, 'trustees.json'), 'utf8').trim()
    const trustees = parseTrustees(G, trusteesJson)!
    expect(electionPublicKeyFromTrustees(G, trustees)).toBe(trustee.publicKey.publicKey)

    const credentials = [0, 1, 2].map(() => generateCredential())
    expect(credentials.every(isValidCredential)).toBe(true)
    writeFileSync(
      join(dir, 'public_creds.json'),
      // Sorted, as Mutirão and Belenios' generator write them (our verifier checks it).
      JSON.stringify(credentials.map((c) => publicCredential(G, uuid, c).toString(10)).sort()),
    )

    const ours = buildMutiraoElection({
      uuid,
      title: 'Eleição do CMI',
      description: 'Conselho Municipal de Imigrantes de São Paulo',
      publicKey: trustee.publicKey.publicKey,
      contests,
    })
    if (!ours.ok) throw new Error(ours.error)
    const template = {
      description: 'Conselho Municipal de Imigrantes de São Paulo',
      name: 'Eleição do CMI',
      questions: contests.map((c) => ({
        question: c.title,
        answers: c.candidates,
        blank: true,
        min: 0,
        max: 1,
      })),
    }
    writeFileSync(join(dir, 'template.json'), JSON.stringify(template))
    await run([
      'setup',
      'make-election',
      '--uuid',
      uuid,
      '--group',
      'BELENIOS-2048',
      '--template',
      'template.json',
    ])
    // the tool ends its file with a newline; the archive holds the JSON itself
    expect(readFileSync(join(dir, 'election.json'), 'utf8')).toBe(ours.value.raw + '\n')
    await run(['archive', 'init'])
    for (const f of ['election.json', 'trustees.json', 'public_creds.json']) rmSync(join(dir, f))
    const archive = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.bel'))!,
    )

    const votes = [
      [
        [0, 0, 0, 1],
        [0, 1, 0],
      ],
      [
        [1, 0, 0, 0],
        [0, 0, 1],
      ],
      [
        [0, 0, 0, 1],
        [1, 0, 0],
      ],
    ]
    for (const [i, c] of credentials.entries()) {
      const b = createBallot(ours.value, c, votes[i]!)
      if (!b.ok) throw new Error(b.error)
      await run(['archive', 'add-event', '--type=Ballot'], b.value.json + '\n')
    }
    await run(['archive', 'add-event', '--type=EndBallots'], '')
    await run(
      ['archive', 'add-event', '--type=EncryptedTally'],
      await run(['election', 'compute-encrypted-tally']),
    )

    const tally = parseEncryptedTally(ours.value, readToolArchiveRecord(archive).encryptedTally)
    expect(tally).not.toBeNull()
    const pd = computePartialDecryption(ours.value, tally!, trustee.privateKey)
    await run(
      ['archive', 'add-event', '--type=PartialDecryption'],
      `${pd.json}\n${serializeOwnedPartialDecryption(1, pd.json)}\n`,
    )
    const result = (await run(['election', 'compute-result'])).trim()
    expect(result).toBe('{"result":[[1,0,0,2],[1,1,1]]}')
    await run(['archive', 'add-event', '--type=Result'], result + '\n')
    expect((await beleniosTool(['election', 'verify'], { cwd: dir })).ok).toBe(true)

    const v = verifyElectionRecord(readToolArchiveRecord(archive))
    expect(v).toMatchObject({
      ok: true,
      value: {
        result: [
          [1, 0, 0, 2],
          [1, 1, 1],
        ],
        numTallied: 3,
      },
    })
  })
})
