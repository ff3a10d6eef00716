import type { MemberDecryptionView, MemberView } from './trustees.server'

// The "what happens next" line of a commission member's trustee page (issue #20, ADR 035): after
// each step of the ceremony and of the count, what the member waits for and when they come back.
// Its texts are locales/<lng>/trustees.json `next.*`.

export type NextStep = 'certificate' | 'polynomial' | 'voutput' | 'done' | 'count' | 'countSent' | 'counted'

export function nextStep(
  view: Pick<MemberView, 'state' | 'todo'>,
  count: Pick<MemberDecryptionView, 'phase' | 'archives'> | null,
): NextStep {
  if (view.state !== 'done') return view.todo ?? 'voutput'
  if (!count || count.archives.length === 0) return 'done'
  if (count.phase === 'voting_closed') return count.archives.every((a) => a.mine) ? 'countSent' : 'count'
  return count.archives.every((a) => a.status === 'done') ? 'counted' : 'done'
}
