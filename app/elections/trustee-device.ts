// What a commission member's DEVICE computes (issue #20 "Trustees", ADR 035): the browser runs
// these on the trustee pages (loaded only there), and the tests run the very same functions in
// Node. Isomorphic: no node: imports; AES-CCM is injected (WebCrypto in the browser).
//
// Ceremony: steps 1, 3 and 5 of Belenios' threshold key establishment. Only their PUBLIC outputs
// are uploaded; the seed (the member's private key, the tool's <id>.key) stays on the device and
// is offered as a file to keep.
//
// Count (review M2): a member's share is applied only to a tally the device recomputed itself
// from the archive's ballots (each verified), never to one the server merely asserts.

import { readArchive } from '../belenios/archive'
import { verifyBallot, type Ballot } from '../belenios/ballot'
import { parsePublicCredentials } from '../belenios/credential'
import { parseElection } from '../belenios/election'
import { fromUtf8, parseSizedEncryptedTally } from '../belenios/events'
import { BELENIOS_2048 } from '../belenios/group'
import { serializePartialDecryption } from '../belenios/partial-decryption'
import { computeEncryptedTally } from '../belenios/tally'
import type { AesCcm } from '../belenios/threshold/aes-ccm'
import {
  parseJsonBounded,
  readVinput,
  writePolynomial,
  writeSignedMsg,
  writeVoutput,
} from '../belenios/threshold/codec'
import { readTrustees, thresholdPartialDecryption } from '../belenios/threshold/decryption'
import { readCertificate } from '../belenios/threshold/pki'
import { step1, step3, step5 } from '../belenios/threshold/steps'
import { sha256Hex } from '../belenios/hash'

const G = BELENIOS_2048

/** The fingerprint shown for a certificate: SHA-256 of its canonical text, in groups of four. */
export function certificateFingerprint(certificate: string): string {
  const cert = readCertificate(G, certificate.trim())
  const text = cert ? writeSignedMsg(cert) : certificate.trim()
  return (sha256Hex(text).slice(0, 32).match(/.{4}/g) ?? []).join(' ')
}

/** Step 1 on the device: a fresh seed (to keep) and the certificate (to upload). */
export function deviceCertificate(): { seed: string; certificate: string; fingerprint: string } {
  const { seed, cert } = step1(G)
  const certificate = writeSignedMsg(cert)
  return { seed, certificate, fingerprint: certificateFingerprint(certificate) }
}

export type DeviceStepError = 'bad_key_file' | 'bad_certs' | 'bad_vinput' | 'step_failed'

function readCerts(certsText: string) {
  const lines = certsText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
  const certs = lines.map((l) => readCertificate(G, l))
  return certs.every((c) => c !== null) && certs.length > 0
    ? (certs as NonNullable<(typeof certs)[number]>[])
    : null
}

/** The seed in a key file: its first non-empty line (the tool writes the seed and a newline). */
export function seedOfKeyFile(text: string): string {
  return (text.split('\n').find((l) => l.trim().length > 0) ?? '').trim()
}

/** Step 3 on the device: the polynomial to upload. */
export async function devicePolynomial(
  aes: AesCcm,
  input: { certs: string; keyFile: string; threshold: number },
): Promise<{ ok: true; text: string } | { ok: false; error: DeviceStepError }> {
  const certs = readCerts(input.certs)
  if (!certs) return { ok: false, error: 'bad_certs' }
  const r = await step3(G, aes, certs, seedOfKeyFile(input.keyFile), input.threshold)
  if (!r.ok)
    return {
      ok: false,
      error: r.error === 'bad_seed' || r.error === 'not_my_certificate' ? 'bad_key_file' : 'step_failed',
    }
  return { ok: true, text: writePolynomial(r.polynomial) }
}

/** Step 5 on the device: the voutput to upload (checks every colleague's secret first). */
export async function deviceVoutput(
  aes: AesCcm,
  input: { certs: string; keyFile: string; vinput: string },
): Promise<{ ok: true; text: string } | { ok: false; error: DeviceStepError }> {
  const certs = readCerts(input.certs)
  if (!certs) return { ok: false, error: 'bad_certs' }
  const vinput = readVinput(parseJsonBounded(input.vinput.trim()), G)
  if (!vinput) return { ok: false, error: 'bad_vinput' }
  const r = await step5(G, aes, certs, seedOfKeyFile(input.keyFile), vinput)
  if (!r.ok)
    return {
      ok: false,
      error: r.error === 'bad_seed' || r.error === 'not_my_certificate' ? 'bad_key_file' : 'step_failed',
    }
  return { ok: true, text: writeVoutput(r.voutput) }
}

export type DeviceDecryptionError =
  | 'unreadable_archive'
  | 'no_tally'
  | 'invalid_ballot'
  | 'tally_mismatch'
  | 'bad_key_file'
  | 'bad_decryption_key'
  | 'not_a_trustee'

/**
 * The member's partial decryption of one archive: reads the `.bel`, verifies every ballot against
 * the published credentials, RECOMPUTES the encrypted tally and refuses when it differs from the
 * archive's EncryptedTally (or its number of ballots), then opens the share with the key file and
 * computes the factors. `json` is what to upload (the same line as the tool prints).
 */
export async function deviceDecryption(
  aes: AesCcm,
  input: { archive: Uint8Array; keyFile: string; dkey: string },
): Promise<
  | { ok: true; uuid: string; tallyHash: string; member: number; json: string }
  | { ok: false; error: DeviceDecryptionError }
> {
  const read = readArchive(input.archive)
  if (!read.ok) return { ok: false, error: 'unreadable_archive' }
  const setup = read.entries[0]
  if (!setup || setup.event.type !== 'Setup') return { ok: false, error: 'unreadable_archive' }
  const election = parseElection(fromUtf8(setup.blocks[0]!.bytes))
  if (!election.ok) return { ok: false, error: 'unreadable_archive' }
  const trustees = readTrustees(parseJsonBounded(fromUtf8(setup.blocks[1]!.bytes) ?? ''), G)
  const credentials = parsePublicCredentials(G, parseJsonBounded(fromUtf8(setup.blocks[2]!.bytes) ?? ''))
  const pedersen = trustees?.find((t) => t.kind === 'Pedersen')
  if (!credentials || !pedersen || pedersen.kind !== 'Pedersen')
    return { ok: false, error: 'unreadable_archive' }
  const allowed = new Set(credentials.map((c) => c.credential))
  const ballots: Ballot[] = []
  // Mutirão never appends a second ballot for a credential (ADR 029): one in the archive is
  // tampering, and a forked archive would use it to replay a voter's ballot (review M2).
  const used = new Set<string>()
  let tallyEntry = null
  for (const e of read.entries) {
    if (e.event.type === 'Ballot') {
      if (tallyEntry) return { ok: false, error: 'unreadable_archive' }
      const verified = verifyBallot(election.value, allowed, fromUtf8(e.blocks[0]!.bytes) ?? '')
      if (!verified.ok) return { ok: false, error: 'invalid_ballot' }
      const credential = String(verified.value.ballot.credential)
      if (used.has(credential)) return { ok: false, error: 'invalid_ballot' }
      used.add(credential)
      ballots.push(verified.value.ballot)
    } else if (e.event.type === 'EncryptedTally') tallyEntry = e
  }
  if (!tallyEntry) return { ok: false, error: 'no_tally' }
  const recomputed = computeEncryptedTally(election.value, ballots)
  const asserted = fromUtf8(tallyEntry.blocks[0]!.bytes)
  const sized = parseSizedEncryptedTally(tallyEntry.blocks[1]!.bytes)
  if (asserted !== recomputed.json || !sized || sized.numTallied !== recomputed.sized.numTallied)
    return { ok: false, error: 'tally_mismatch' }
  const pd = await thresholdPartialDecryption(
    election.value,
    aes,
    recomputed.tally,
    pedersen.parameters,
    seedOfKeyFile(input.keyFile),
    input.dkey.trim(),
  )
  if (!pd.ok) {
    return {
      ok: false,
      error:
        pd.error === 'bad_seed' ? 'bad_key_file' : pd.error === 'bad_tally' ? 'tally_mismatch' : pd.error,
    }
  }
  return {
    ok: true,
    uuid: election.value.params.uuid,
    tallyHash: tallyEntry.blocks[0]!.hash,
    member: pd.member,
    json: serializePartialDecryption(pd.partialDecryption),
  }
}
