import { describe, expect, it } from 'vitest'
import { sha256B64, sha256Hex } from '../../../app/belenios/hash'
import { trackerToHex } from '../../../app/elections/ballot-trackers.server'
import { groupTracker } from '../../../app/elections/trackers-view'

// A smart ballot tracker (Base64 SHA-256 of the ballot JSON) and the hex name of the ballot's data
// block in the archive are the same digest: the lookup depends on it.

describe('trackerToHex', () => {
  const ballots = ['{"election_uuid":"a"}', 'x', '', 'Ballot with ünïcode ✓']
  it('gives the hex digest of the same ballot, whatever the typing', () => {
    for (const b of ballots) {
      const tracker = sha256B64(b)
      expect(trackerToHex(tracker)).toBe(sha256Hex(b))
      expect(trackerToHex(` ${groupTracker(tracker).join(' ')} `)).toBe(sha256Hex(b))
      expect(trackerToHex(`${tracker}=`)).toBe(sha256Hex(b))
    }
  })
  it('refuses what cannot be a tracker', () => {
    const t = sha256B64('x')
    expect(trackerToHex('')).toBeNull()
    expect(trackerToHex(t.slice(1))).toBeNull()
    expect(trackerToHex(`${t}A`)).toBeNull()
    expect(trackerToHex(`${t.slice(0, 42)}-`)).toBeNull()
    expect(trackerToHex(`${t.slice(0, 42)}B`)).toBeNull() // non-zero trailing bits: not canonical
    expect(trackerToHex("'; drop table ballots; --")).toBeNull()
  })
})
