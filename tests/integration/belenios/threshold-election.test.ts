import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { BELENIOS_2048 } from '../../../app/belenios/group'
import { parseElection, type Election } from '../../../app/belenios/election'
import {
  parsePartialDecryption,
  serializeOwnedPartialDecryption,
  serializePartialDecryption,
} from '../../../app/belenios/partial-decryption'
import { decryptTally } from '../../../app/belenios/result'
import { parseEncryptedTally } from '../../../app/belenios/tally'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { writeThresholdParameters, type ThresholdParameters } from '../../../app/belenios/threshold/codec'
import {
  checkTrusteesAndCombineKeys,
  combineFactors,
  readTrustees,
  thresholdPartialDecryption,
  writeTrustees,
  type EncryptedTally,
  type PartialDecryption,
  type TrusteeKind,
} from '../../../app/belenios/threshold/decryption'
import { thresholdHooks } from '../../../app/belenios/threshold/verify-hooks'
import { verifyElectionRecord } from '../../../app/belenios/verify'

import {
  beleniosTool,
  beleniosToolOk,
  readToolArchiveRecord,
  skipWithoutBelenios,
} from '../../helpers/belenios-tool'
import { commissionCeremony } from '../../helpers/threshold-commission'

// Interop (b): the whole threshold setup (3 members, any 2 decrypt) run by OUR step functions,
// plus one ordinary "server" key made by the tool (as in Debian's demo-threshold.sh). The tool's
// make-trustees / make-election / archive accept it; the tool's voters vote; only members 2 (ours)
// and 3 (the tool's decrypt-threshold) decrypt, with the server key; the tool's compute-result and
// `election verify` pass, and our Lagrange combination gives the same counts.

const G = BELENIOS_2048
const group = ['--group', 'BELENIOS-2048']

const votes = [
  [
    [0, 1, 0, 0],
    [1, 1],
  ],
  [
    [0, 0, 1, 0],
    [0, 1],
  ],
  [
    [0, 1, 0, 0],
    [1, 0],
  ],
  [
    [1, 0, 0, 0],
    [0, 0],
  ],
]
const expectedCounts = [
  [1, 2, 1, 0],
  [2, 2],
]

describe.skipIf(skipWithoutBelenios)('threshold election with belenios-tool', () => {
  let dir: string
  const tool = (args: string[], input?: string, cwd = dir) => beleniosToolOk(args, { cwd, input })

  let seeds: string[]
  let dkeys: string[]
  let parameters: ThresholdParameters
  let election: Election
  let tally: EncryptedTally
  let trustees: TrusteeKind[]
  let serverPd: PartialDecryption
  let ourPd: PartialDecryption // member 2 = owner 3
  let toolPd: PartialDecryption // member 3 = owner 4
  let beforeDecryption: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'belenios-th-el-'))
    // Key establishment entirely by our functions.
    ;({ parameters, seeds, dkeys } = await commissionCeremony())

    // The rest of the setup with the tool, as in demo-threshold.sh.
    const uuid = (await tool(['setup', 'generate-token'])).trim()
    await tool(['setup', 'generate-credentials', '--uuid', uuid, ...group, '--count', String(votes.length)])
    const files = () => readdirSync(dir)
    writeFileSync(
      join(dir, 'public_creds.json'),
      readFileSync(
        join(
          dir,
          files().find((f) => f.endsWith('.pubcreds'))!,
        ),
      ),
    )
    const credentials = readFileSync(
      join(
        dir,
        files().find((f) => f.endsWith('.privcreds'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).pop()!)
    writeFileSync(join(dir, 'threshold.json'), writeThresholdParameters(parameters) + '\n')
    await tool(['setup', 'generate-trustee-key', ...group])
    writeFileSync(
      join(dir, 'public_keys.jsons'),
      readFileSync(
        join(
          dir,
          files().find((f) => f.endsWith('.pubkey'))!,
        ),
      ),
    )
    await tool(['setup', 'make-trustees'])
    const template = {
      description: 'Threshold test',
      name: 'Threshold test',
      questions: [
        { question: 'One of three', answers: ['a', 'b', 'c'], min: 0, max: 1, blank: true },
        { question: 'Up to two', answers: ['x', 'y'], min: 0, max: 2 },
      ],
    }
    writeFileSync(join(dir, 'template.json'), JSON.stringify(template))
    await tool(['setup', 'make-election', '--uuid', uuid, ...group, '--template', 'template.json'])
    const parsedElection = parseElection(readFileSync(join(dir, 'election.json'), 'utf8').trimEnd())
    if (!parsedElection.ok) throw new Error(parsedElection.error)
    election = parsedElection.value
    const trusteesText = readFileSync(join(dir, 'trustees.json'), 'utf8').trim()
    trustees = readTrustees(JSON.parse(trusteesText), G)!
    // We write trustees.json byte for byte as the tool does (it hashes into the archive).
    expect(writeTrustees(trustees)).toBe(trusteesText)
    const combined = checkTrusteesAndCombineKeys(G, trustees)
    expect(combined.ok && combined.publicKey).toBe(election.params.publicKey)
    await tool(['archive', 'init'])
    for (const f of ['election.json', 'trustees.json', 'public_creds.json', 'threshold.json'])
      rmSync(join(dir, f))

    for (let v = 0; v < votes.length; v++) {
      writeFileSync(join(dir, 'cred'), credentials[v] + '\n')
      writeFileSync(join(dir, 'vote'), JSON.stringify(votes[v]) + '\n')
      const ballot = await tool(['election', 'generate-ballot', '--privcred', 'cred', '--ballot', 'vote'])
      await tool(['archive', 'add-event', '--type=Ballot'], ballot)
    }
    await tool(['archive', 'add-event', '--type=EndBallots'])
    const tallyOut = await tool(['election', 'compute-encrypted-tally'])
    tally = parseEncryptedTally(election, tallyOut.split('\n')[0]!)!
    await tool(['archive', 'add-event', '--type=EncryptedTally'], tallyOut)
    beforeDecryption = mkdtempSync(join(tmpdir(), 'belenios-th-el-copy-'))
    cpSync(dir, beforeDecryption, { recursive: true })

    // Member seeds and shares as the tool keeps them (<name>.key / <name>.dkey).
    seeds.forEach((s, i) => {
      writeFileSync(join(dir, `member${i + 1}.key`), s + '\n')
      writeFileSync(join(dir, `member${i + 1}.dkey`), dkeys[i] + '\n')
    })
    const privkey = files().find((f) => f.endsWith('.privkey'))!
    const serverOut = await tool(['election', 'decrypt', '--privkey', privkey, '--trustee-id', '1'])
    serverPd = parsePartialDecryption(election, tally, serverOut.split('\n')[0]!)!
    await tool(['archive', 'add-event', '--type=PartialDecryption'], serverOut)
    // Member 1 is absent. Member 2 decrypts with our code (owner 3 = 1 Single + member 2).
    const ours = await thresholdPartialDecryption(
      election,
      nodeAesCcm,
      tally,
      parameters,
      seeds[1]!,
      dkeys[1]!,
    )
    if (!ours.ok) throw new Error(ours.error)
    expect(ours.member).toBe(2)
    ourPd = ours.partialDecryption
    const text = serializePartialDecryption(ourPd)
    await tool(
      ['archive', 'add-event', '--type=PartialDecryption'],
      `${text}\n${serializeOwnedPartialDecryption(3, text)}\n`,
    )
    // Member 3 uses the tool's threshold form.
    const toolOut = await tool([
      'election',
      'decrypt-threshold',
      '--key',
      'member3.key',
      '--decryption-key',
      'member3.dkey',
      '--trustee-id',
      '4',
    ])
    toolPd = parsePartialDecryption(election, tally, toolOut.split('\n')[0]!)!
    await tool(['archive', 'add-event', '--type=PartialDecryption'], toolOut)
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(beforeDecryption, { recursive: true, force: true })
  })

  it('the tool computes and verifies the result from 2 of 3 members, and our combination agrees', async () => {
    const result = await tool(['election', 'compute-result'])
    expect((JSON.parse(result) as { result: number[][] }).result).toEqual(expectedCounts)
    await tool(['archive', 'add-event', '--type=Result'], result)
    expect((await beleniosTool(['election', 'verify'], { cwd: dir })).ok).toBe(true)
    // Mutirão's own whole-record verifier (s30-cr) with our threshold hooks agrees.
    const record = readToolArchiveRecord(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.bel'))!,
      ),
    )
    const verified = verifyElectionRecord(record, { threshold: thresholdHooks })
    expect(verified.ok && verified.value.result).toEqual(expectedCounts)
    expect(verifyElectionRecord(record).ok).toBe(false) // without the hooks: unsupported

    const combined = combineFactors(election, trustees, tally, [
      { owner: 1, partialDecryption: serverPd },
      { owner: 3, partialDecryption: ourPd },
      { owner: 4, partialDecryption: toolPd },
    ])
    expect(combined.ok).toBe(true)
    if (!combined.ok) return
    expect(decryptTally(election, tally, combined.factors, votes.length)).toMatchObject({
      ok: true,
      value: expectedCounts,
    })
  })

  it('any other pair of members gives the same counts; one member alone or no server key does not', async () => {
    const member1 = await thresholdPartialDecryption(
      election,
      nodeAesCcm,
      tally,
      parameters,
      seeds[0]!,
      dkeys[0]!,
    )
    if (!member1.ok) throw new Error(member1.error)
    const outside = [[{ alpha: G.p - 1n, beta: 1n }]]
    expect(
      await thresholdPartialDecryption(election, nodeAesCcm, outside, parameters, seeds[0]!, dkeys[0]!),
    ).toEqual({
      ok: false,
      error: 'bad_tally',
    })
    expect(
      await thresholdPartialDecryption(election, nodeAesCcm, tally, parameters, seeds[0]!, dkeys[1]!),
    ).toEqual({
      ok: false,
      error: 'bad_decryption_key',
    })
    const pairs = [
      [
        { owner: 2, partialDecryption: member1.partialDecryption },
        { owner: 3, partialDecryption: ourPd },
      ],
      [
        { owner: 2, partialDecryption: member1.partialDecryption },
        { owner: 4, partialDecryption: toolPd },
      ],
    ]
    for (const pair of pairs) {
      const combined = combineFactors(election, trustees, tally, [
        { owner: 1, partialDecryption: serverPd },
        ...pair,
      ])
      if (!combined.ok) throw new Error(combined.error)
      expect(decryptTally(election, tally, combined.factors, votes.length)).toMatchObject({
        ok: true,
        value: expectedCounts,
      })
    }
    expect(
      combineFactors(election, trustees, tally, [
        { owner: 1, partialDecryption: serverPd },
        { owner: 4, partialDecryption: toolPd },
      ]),
    ).toEqual({ ok: false, error: 'not_enough_partial_decryptions', item: 2 })
    expect(
      combineFactors(election, trustees, tally, [
        { owner: 3, partialDecryption: ourPd },
        { owner: 4, partialDecryption: toolPd },
      ]),
    ).toEqual({ ok: false, error: 'missing_partial_decryption', owner: 1 })
    // A member's share used under another member's position does not verify.
    expect(
      combineFactors(election, trustees, tally, [
        { owner: 1, partialDecryption: serverPd },
        { owner: 2, partialDecryption: ourPd },
        { owner: 4, partialDecryption: toolPd },
      ]),
    ).toEqual({ ok: false, error: 'invalid_partial_decryption', owner: 2 })
  })

  it('rejects a partial decryption with a bad proof (ours and the tool)', async () => {
    const forged: PartialDecryption = {
      factors: ourPd.factors,
      proofs: ourPd.proofs.map((row, i) =>
        row.map((p, j) =>
          i === 0 && j === 1 ? { challenge: p.challenge, response: (p.response + 1n) % G.q } : p,
        ),
      ),
    }
    expect(
      combineFactors(election, trustees, tally, [
        { owner: 1, partialDecryption: serverPd },
        { owner: 3, partialDecryption: forged },
        { owner: 4, partialDecryption: toolPd },
      ]),
    ).toEqual({ ok: false, error: 'invalid_partial_decryption', owner: 3 })
    // The tool, on a copy of the archive taken before any decryption, refuses it too.
    const copy = beforeDecryption
    const privkey = readdirSync(copy).find((f) => f.endsWith('.privkey'))!
    await tool(
      ['archive', 'add-event', '--type=PartialDecryption'],
      await tool(['election', 'decrypt', '--privkey', privkey, '--trustee-id', '1'], undefined, copy),
      copy,
    )
    const text = serializePartialDecryption(forged)
    const added = await beleniosTool(['archive', 'add-event', '--type=PartialDecryption'], {
      cwd: copy,
      input: `${text}\n${serializeOwnedPartialDecryption(3, text)}\n`,
    })
    const computed = added.ok ? await beleniosTool(['election', 'compute-result'], { cwd: copy }) : added
    expect(added.ok && computed.ok).toBe(false)
  })
})
