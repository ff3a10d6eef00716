// The ballot page's state machine for encryption on the device (issue #20, ADR 036): idle →
// encrypting → ready → (cast | audited). Free of any Belenios maths, so the page can import it
// statically while the crypto (device-ballot.ts) is loaded by import() only when needed.
//
// A ballot whose randomness was revealed by a Benaloh audit would make its vote readable by anyone
// who kept the audit data, so its trackers go into `spent` and castPayload() refuses to produce a
// body for it, whatever the page does next; the only way on is to encrypt again (fresh randomness).
import type { AuditRecord, DeviceBallot } from './device-ballot'

export type DeviceState = {
  step: 'idle' | 'encrypting' | 'ready' | 'audited' | 'casting' | 'failed'
  progress: { done: number; total: number }
  ballots: DeviceBallot[] | null
  /** Trackers of every ballot revealed by an audit on this page: never castable. */
  spent: string[]
  audit: { ok: boolean; record: AuditRecord } | null
  error: string | null
}

export type DeviceEvent =
  | { type: 'start'; total: number }
  | { type: 'progress'; done: number; total: number }
  | { type: 'encrypted'; ballots: DeviceBallot[] }
  | { type: 'audit'; result: { ok: boolean; record: AuditRecord } }
  | { type: 'cast' }
  | { type: 'failed'; error: string }
  | { type: 'reset' }

export const initialDeviceState: DeviceState = {
  step: 'idle',
  progress: { done: 0, total: 0 },
  ballots: null,
  spent: [],
  audit: null,
  error: null,
}

export function deviceReducer(state: DeviceState, event: DeviceEvent): DeviceState {
  switch (event.type) {
    case 'start':
      if (state.step === 'encrypting' || state.step === 'casting') return state
      return {
        ...state,
        step: 'encrypting',
        progress: { done: 0, total: event.total },
        ballots: null,
        audit: null,
        error: null,
      }
    case 'progress':
      return state.step === 'encrypting'
        ? { ...state, progress: { done: event.done, total: event.total } }
        : state
    case 'encrypted':
      if (state.step !== 'encrypting') return state
      // A ballot equal to an audited one cannot come from fresh randomness; refuse it anyway.
      if (event.ballots.some((b) => state.spent.includes(b.tracker))) {
        return { ...state, step: 'failed', ballots: null, error: 'spent' }
      }
      return { ...state, step: 'ready', ballots: event.ballots }
    case 'audit':
      if (state.step !== 'ready' || !state.ballots) return state
      return {
        ...state,
        step: 'audited',
        spent: [...state.spent, ...state.ballots.map((b) => b.tracker)],
        ballots: null,
        audit: event.result,
      }
    case 'cast':
      return state.step === 'ready' && state.ballots ? { ...state, step: 'casting' } : state
    case 'failed':
      return { ...state, step: 'failed', ballots: null, error: event.error }
    case 'reset':
      // Back to the choices; what was audited stays spent.
      return { ...initialDeviceState, spent: state.spent }
  }
}

/** The `ballots` field to post, or null when nothing castable is held (never an audited ballot). */
export function castPayload(state: DeviceState): string | null {
  if ((state.step !== 'ready' && state.step !== 'casting') || !state.ballots?.length) return null
  if (state.ballots.some((b) => state.spent.includes(b.tracker))) return null
  return JSON.stringify(state.ballots.map((b) => ({ uuid: b.uuid, json: b.json })))
}
