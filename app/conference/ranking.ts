// Delegates' priorities: pure, so the published report can be recomputed from the vote counts.

export type VotedProposal = { id: string; votes: number }
export type RankedProposal = VotedProposal & { rank: number; tied: boolean; approved: boolean }

/** Votes needed: a share of the accredited delegates, rounded up (0.5 of 177 → 89). */
export const votesNeeded = (delegates: number, threshold: number) =>
  Math.max(1, Math.ceil(threshold * delegates - 1e-9))

/**
 * Ranks one axis: most votes first, equal votes share a rank ("1, 2, 2, 4") and are flagged as tied
 * (ties are shown, not broken); a proposal is approved when it reaches the threshold.
 */
export function rankAxis(proposals: VotedProposal[], delegates: number, threshold: number): RankedProposal[] {
  const needed = votesNeeded(delegates, threshold)
  const sorted = [...proposals].sort((a, b) => b.votes - a.votes || a.id.localeCompare(b.id))
  return sorted.map((p) => {
    const rank = sorted.findIndex((q) => q.votes === p.votes) + 1
    const tied = sorted.filter((q) => q.votes === p.votes).length > 1
    return { ...p, rank, tied, approved: delegates > 0 && p.votes >= needed }
  })
}

/** Every original behind a proposal, through merges of merges: nothing is lost in systematisation. */
export function originsOf(id: string, proposals: { id: string; merged_into_id: string | null }[]): string[] {
  const direct = proposals.filter((p) => p.merged_into_id === id).map((p) => p.id)
  return direct.flatMap((d) => [d, ...originsOf(d, proposals)])
}

export { searchable } from '../lib/search'
