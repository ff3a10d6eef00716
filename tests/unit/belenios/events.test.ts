import { describe, expect, it } from 'vitest'
import {
  ballotEntry,
  checkEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  entryFromRow,
  entryToRow,
  hashHex,
  nextEvent,
  ownedEntry,
  parseArchiveHeader,
  parseEvent,
  parseOwned,
  parseSetupData,
  parseSizedEncryptedTally,
  resultEntry,
  serializeArchiveHeader,
  serializeEvent,
  serializeWeight,
  setupEntry,
  tipOf,
  utf8,
} from '../../../app/belenios/events'

// Fixtures copied from an archive belenios-tool 2.0 wrote (`archive init` + `add-event`): the
// exact text and the name (= SHA-256) the tool gave it.
const SETUP_EVENT =
  '{"height":0,"type":"Setup","payload":"d05a9ecb0e76355e0ba5be25747450bda801a379714708ba6529dc89ffaed134"}'
const SETUP_EVENT_HASH = 'c0e3f10b7fb62770c72dd2c7f347053951a4059eafb014bbcb6261b06681ee92'
const BALLOT_EVENT =
  '{"parent":"c0e3f10b7fb62770c72dd2c7f347053951a4059eafb014bbcb6261b06681ee92","height":1,"type":"Ballot","payload":"26885439b3797854d8316e4d17697783c7377fe7c665690b5a8db19e9d805e5e"}'
const BALLOT_EVENT_HASH = '3bb5cccbb3568e56595968660fc19342ca22760afd73fbf3afb453129f75ee1e'
const END_BALLOTS =
  '{"parent":"0966f84bec74b4b4e28dc98d17fcb15723fa90600829a02e07281e97231d2a25","height":6,"type":"EndBallots"}'
const END_BALLOTS_HASH = '99c38237a6c39c26c7dd4352ed4eb928e1fa7b301c1701d823f6e9567ee45860'
const SETUP_DATA =
  '{"election":"9295fa696bc03d51d0b1c9fc51ec788220eaa8218e93509c7d3c062174a4af4c","trustees":"20b8555814856e81a677ce10fb180fd1247dbb2afeb7282fbeaeda474202b05e","credentials":"bba8063c77cc05eb80044708d5469d9b3323c855ed406ce05c293ac579ef7fb1"}'
const SETUP_DATA_HASH = 'd05a9ecb0e76355e0ba5be25747450bda801a379714708ba6529dc89ffaed134'
const SIZED =
  '{"num_tallied":5,"total_weight":5,"encrypted_tally":"0a5454e1f719551f6b71715222ec8b86d231ced116ee004083124bbea30c4c82"}'
const SIZED_HASH = 'eb429de266b3bcde0315fe7ca8ad98bf5bb1348e3cabcd25d99d0ae0ac8187d5'
const OWNED = '{"owner":1,"payload":"946bf865cbf9199ae830706677c408d529c030bef9ae309b433c791b309a91a3"}'
const OWNED_HASH = '2eca50554621cc8cc94446a5d9488480ec3c3e5643bb39dbb585dfc6c335bbf8'

describe('Belenios 2.0 events: exact text and hashes', () => {
  it('hashes as the tool names its files (SHA-256, lowercase hex, over the UTF-8 bytes)', () => {
    expect(hashHex(SETUP_EVENT)).toBe(SETUP_EVENT_HASH)
    expect(hashHex(utf8(BALLOT_EVENT))).toBe(BALLOT_EVENT_HASH)
    expect(hashHex(END_BALLOTS)).toBe(END_BALLOTS_HASH)
    expect(hashHex(SETUP_DATA)).toBe(SETUP_DATA_HASH)
    expect(hashHex(SIZED)).toBe(SIZED_HASH)
    expect(hashHex(OWNED)).toBe(OWNED_HASH)
  })

  it('parses and re-serialises the tool events byte for byte', () => {
    for (const text of [SETUP_EVENT, BALLOT_EVENT, END_BALLOTS]) {
      const event = parseEvent(utf8(text))
      expect(event).not.toBeNull()
      expect(serializeEvent(event!)).toBe(text)
    }
    expect(parseEvent(utf8(SETUP_EVENT))).toEqual({
      parent: null,
      height: 0,
      type: 'Setup',
      payload: SETUP_DATA_HASH,
    })
    expect(parseSetupData(utf8(SETUP_DATA))?.credentials).toBe(
      'bba8063c77cc05eb80044708d5469d9b3323c855ed406ce05c293ac579ef7fb1',
    )
    expect(parseSizedEncryptedTally(utf8(SIZED))).toEqual({
      numTallied: 5,
      totalWeight: 5n,
      encryptedTally: '0a5454e1f719551f6b71715222ec8b86d231ced116ee004083124bbea30c4c82',
    })
    expect(parseOwned(utf8(OWNED))).toEqual({
      owner: 1,
      payload: '946bf865cbf9199ae830706677c408d529c030bef9ae309b433c791b309a91a3',
    })
  })

  it('refuses events that are not exactly what the tool writes (the hash would differ)', () => {
    const bad = [
      SETUP_EVENT.replace('{', '{ '), // whitespace
      '{"type":"Setup","height":0,"payload":"d05a9ecb0e76355e0ba5be25747450bda801a379714708ba6529dc89ffaed134"}', // order
      SETUP_EVENT.replace('"height":0', '"height":-1'),
      SETUP_EVENT.replace('"height":0', '"height":0.5'),
      SETUP_EVENT.replace('"height":0', '"height":"0"'),
      SETUP_EVENT.replace('Setup', 'Vote'),
      SETUP_EVENT.replace('d05a9e', 'D05A9E'), // uppercase hex
      SETUP_EVENT.replace('d05a9e', 'd05a9'), // short hash
      SETUP_EVENT.replace('}', ',"extra":1}'),
      '[]',
      'null',
      '{"height":0,"type":"Setup"', // cut
      `{"height":0,"type":"Setup","payload":"${'a'.repeat(64)}","x":"${'y'.repeat(5000)}"}`, // too long
    ]
    for (const text of bad) expect(parseEvent(utf8(text)), text.slice(0, 80)).toBeNull()
    expect(parseEvent(new Uint8Array([0xff, 0xfe, 0x7b]))).toBeNull() // not UTF-8
  })

  it('writes the archive header with its timestamp as a string, as the tool does', () => {
    expect(serializeArchiveHeader({ version: 1, timestamp: 1796437428 })).toBe(
      '{"version":1,"timestamp":"1796437428"}',
    )
    expect(parseArchiveHeader(utf8('{"version":1,"timestamp":"1796437428"}'))).toEqual({
      version: 1,
      timestamp: 1796437428,
    })
    for (const text of [
      '{"version":2,"timestamp":"1"}',
      '{"version":1,"timestamp":1}',
      '{"version":1,"timestamp":"01"}',
      '{"version":1,"timestamp":"-1"}',
      '{"timestamp":"1","version":1}',
    ]) {
      expect(parseArchiveHeader(utf8(text)), text).toBeNull()
    }
  })

  it('writes weights as Belenios does: a number up to 2^30 - 1, a string beyond', () => {
    expect(serializeWeight(5n)).toBe('5')
    expect(serializeWeight(1073741823n)).toBe('1073741823')
    expect(serializeWeight(1073741824n)).toBe('"1073741824"')
    expect(parseSizedEncryptedTally(utf8(SIZED.replace('"total_weight":5', '"total_weight":"5"')))).toBeNull()
    expect(
      parseSizedEncryptedTally(utf8(SIZED.replace('"total_weight":5', '"total_weight":"99999999999"')))
        ?.totalWeight,
    ).toBe(99999999999n)
  })
})

describe('building the chain', () => {
  const setup = setupEntry({ election: '{"e":1}', trustees: '[]', credentials: '["1"]' })

  it('the setup entry brings election, trustees, credentials and the setup data naming them', () => {
    expect(setup.event).toMatchObject({ parent: null, height: 0, type: 'Setup' })
    expect(setup.blocks).toHaveLength(4)
    const data = parseSetupData(setup.blocks[3].bytes)!
    expect(data).toEqual({
      election: hashHex('{"e":1}'),
      trustees: hashHex('[]'),
      credentials: hashHex('["1"]'),
    })
    expect(setup.event.payload).toBe(setup.blocks[3].hash)
    expect(setup.hash).toBe(hashHex(setup.eventBytes))
    expect(checkEntry(null, setup)).toEqual({ ok: true })
  })

  it('each event names the previous one and counts up; blocks come before it', () => {
    const b1 = ballotEntry(tipOf(setup), '{"ballot":1}')
    const b2 = ballotEntry(tipOf(b1), '{"ballot":2}')
    const end = endBallotsEntry(tipOf(b2))
    const tally = encryptedTallyEntry(tipOf(end), { encryptedTally: '[[]]', numTallied: 2, totalWeight: 2n })
    const pd = ownedEntry(tipOf(tally), 'PartialDecryption', 1, '{"decryption_factors":[]}')
    const result = resultEntry(tipOf(pd), '{"result":[[1,1]]}')
    const chain = [setup, b1, b2, end, tally, pd, result]
    chain.forEach((entry, i) => {
      expect(entry.event.height).toBe(i)
      expect(checkEntry(i ? chain[i - 1] : null, entry)).toEqual({ ok: true })
    })
    expect(b1.event.parent).toBe(setup.hash)
    expect(end.event.payload).toBeNull()
    expect(parseSizedEncryptedTally(tally.blocks[1].bytes)?.encryptedTally).toBe(tally.blocks[0].hash)
    expect(parseOwned(pd.blocks[1].bytes)).toEqual({ owner: 1, payload: pd.blocks[0].hash })
  })

  it('checkEntry finds a wrong parent, a wrong height, a missing block and an out-of-phase event', () => {
    const b1 = ballotEntry(tipOf(setup), '{"ballot":1}')
    const stale = ballotEntry(tipOf(setup), '{"ballot":2}')
    expect(checkEntry(b1, stale)).toMatchObject({ ok: false, error: 'broken_chain' })
    const skipped = ballotEntry({ hash: b1.hash, height: 5 }, '{"ballot":2}')
    expect(checkEntry(b1, skipped)).toMatchObject({ ok: false, error: 'broken_chain' })
    const noBlock = { ...ballotEntry(tipOf(b1), '{"ballot":2}'), blocks: [] }
    expect(checkEntry(b1, noBlock)).toMatchObject({ ok: false, error: 'missing_data' })
    const otherBlock = { ...ballotEntry(tipOf(b1), '{"ballot":2}'), blocks: b1.blocks }
    expect(checkEntry(b1, otherBlock)).toMatchObject({ ok: false, error: 'missing_data' })
    const end = endBallotsEntry(tipOf(b1))
    expect(checkEntry(end, ballotEntry(tipOf(end), '{"late":1}'))).toMatchObject({
      ok: false,
      error: 'bad_event_order',
    })
    expect(checkEntry(b1, nextEvent(tipOf(b1), 'Result', null))).toMatchObject({
      ok: false,
      error: 'bad_event_order',
    })
    const setupAgain = nextEvent(tipOf(b1), 'Setup', setup.event.payload, setup.blocks)
    expect(checkEntry(b1, setupAgain)).toMatchObject({ ok: false, error: 'bad_event_order' })
  })

  it('round-trips through a storage row, and refuses a row whose columns disagree with its bytes', () => {
    const b1 = ballotEntry(tipOf(setup), '{"ballot":1}')
    const row = entryToRow(b1)
    expect(row).toMatchObject({ seq: 1, type: 'Ballot', hash: b1.hash, parent: setup.hash })
    expect(entryFromRow(row)).toEqual(b1)
    expect(entryFromRow({ ...row, seq: 2 })).toBeNull()
    expect(entryFromRow({ ...row, type: 'Result' })).toBeNull()
    expect(entryFromRow({ ...row, hash: setup.hash })).toBeNull()
    expect(entryFromRow({ ...row, parent: null })).toBeNull()
    expect(entryFromRow({ ...row, event: utf8('{}') })).toBeNull()
    // A changed block yields an entry whose payload no longer matches: checkEntry says so.
    const changed = entryFromRow({ ...row, blocks: [utf8('{"ballot":2}')] })!
    expect(checkEntry(setup, changed)).toMatchObject({ ok: false, error: 'missing_data' })
  })
})
