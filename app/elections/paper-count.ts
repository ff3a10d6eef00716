import type { BallotChoice } from '../../db/schema'

// Pure rules of a paper count (issue #17), beside the database code that applies them
// (paper-counts.server.ts). A count is a list of lines, one per candidacy of each contest the place
// votes in, plus that contest's blank and void votes. Each line has a stable key, which is also
// the name of its form field (after the `n_` prefix).

export type PaperLine = { contestId: string; choice: BallotChoice; candidacyId: string | null }
export type CountedLine = PaperLine & { votes: number }

/** Most voters a single polling place can count on one line. */
export const MAX_LINE_VOTES = 1_000_000

export const lineKey = (line: PaperLine) =>
  line.choice === 'candidate' ? `${line.contestId}:c:${line.candidacyId}` : `${line.contestId}:${line.choice}`

/** Every line a count must have for these contests: candidacies in order, then blank and void. */
export function expectedLines(contests: { id: string; candidates: { id: string }[] }[]): PaperLine[] {
  return contests.flatMap((c) => [
    ...c.candidates.map((x) => ({ contestId: c.id, choice: 'candidate' as const, candidacyId: x.id })),
    { contestId: c.id, choice: 'blank' as const, candidacyId: null },
    { contestId: c.id, choice: 'void' as const, candidacyId: null },
  ])
}

export type LineProblem = 'required' | 'number_invalid'

/**
 * Reads the typed numbers (`raw`: line key → text) against the expected lines. Every line must be
 * a whole number from 0; a line left empty is an error, not a zero (a forgotten line must not pass
 * as "nobody voted"). Keys that are not expected lines are ignored.
 */
export function readCount(
  raw: Record<string, string>,
  expected: PaperLine[],
): { ok: true; lines: CountedLine[] } | { ok: false; problems: Record<string, LineProblem> } {
  const problems: Record<string, LineProblem> = {}
  const lines: CountedLine[] = []
  for (const line of expected) {
    const key = lineKey(line)
    const text = (Object.hasOwn(raw, key) ? String(raw[key]) : '').trim()
    if (text === '') problems[key] = 'required'
    else if (!/^\d{1,7}$/.test(text) || Number(text) > MAX_LINE_VOTES) problems[key] = 'number_invalid'
    else lines.push({ ...line, votes: Number(text) })
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, lines }
}

/** The keys of the lines whose numbers differ between two counts of the same place. */
export function differingLines(a: CountedLine[], b: CountedLine[]): string[] {
  const votesOf = new Map(b.map((l) => [lineKey(l), l.votes]))
  const keys = new Set([...a.map(lineKey), ...b.map(lineKey)])
  const byKey = new Map(a.map((l) => [lineKey(l), l.votes]))
  return [...keys].filter((k) => byKey.get(k) !== votesOf.get(k))
}
